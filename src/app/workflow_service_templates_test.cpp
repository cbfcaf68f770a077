// WorkflowService and response templates: which templates fit a request, and how a template
// fills (or is refused by) an action. Testville's templates are listed in test_city.hpp.
#include <gtest/gtest.h>

#include "app/response_templates.hpp"
#include "app/testing/in_memory_workflow.hpp"
#include "app/testing/test_city.hpp"
#include "app/workflow_service.hpp"

namespace civic311::testing {
namespace {

class WorkflowTemplatesTest : public ::testing::Test {
 protected:
  WorkflowTemplatesTest()
      : wf(world.store), svc(world.city, world.store, wf, wf, wf, world.clock) {}

  Actor MakeUser(Role role, std::vector<std::string> departments) {
    User u;
    u.email = "u" + std::to_string(++n_) + "@testville.example";
    u.role = role;
    u.departments = std::move(departments);
    return wf.CreateUser(u).value().ToActor();
  }
  ServiceRequest Get(RequestId id) { return world.store.Get(id).value().value(); }
  Result<ServiceRequest> Apply(const Actor& a, RequestId id, Action action, std::string template_id,
                               std::string text = "") {
    ActionInput in;
    in.action = action;
    in.version = Get(id).version;
    in.template_id = std::move(template_id);
    in.text = std::move(text);
    return svc.Act(a, id, in);
  }
  RequestId SubmitGraffiti() {
    SubmissionInput in = TestWorld::Pothole();
    in.service_code = "GRAFFITI";
    in.attributes.clear();
    return world.Submit(in);
  }
  std::vector<std::string> Ids(const Actor& a, RequestId id) {
    std::vector<std::string> out;
    auto listed = svc.ListTemplates(a, id);  // named: a range-for would dangle on .value()
    EXPECT_TRUE(listed.ok());
    if (listed.ok())
      for (const ResponseTemplate& t : *listed) out.push_back(t.id);
    return out;
  }
  // The single field error of a refused action.
  static std::string TemplateFieldMessage(const Result<ServiceRequest>& r) {
    EXPECT_FALSE(r.ok());
    if (r.ok()) return "";
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().fields.size(), 1u);
    if (r.error().fields.size() != 1u) return "";
    EXPECT_EQ(r.error().fields[0].field, "template");
    return r.error().fields[0].message;
  }

  TestWorld world;
  InMemoryWorkflow wf;
  WorkflowService svc;
  int n_ = 0;
};

TEST_F(WorkflowTemplatesTest, TemplateTextBecomesThePublicNoteAndItsIdIsRecorded) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  auto r = Apply(pwd, id, Action::kResolveFixed, "pothole_fixed");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->state, RequestState::kFixed);
  EXPECT_EQ(r->status_notes, "Our crew filled this pothole.");
  auto events = wf.ListEvents(id, true).value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].text, "Our crew filled this pothole.");
  EXPECT_EQ(events[0].data, R"({"template":"pothole_fixed"})");
  EXPECT_NE(wf.ListAudit("PWD", 10)->front().detail.find("pothole_fixed"), std::string::npos);
}

TEST_F(WorkflowTemplatesTest, TextGivenWithATemplateWins) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  auto r = Apply(pwd, id, Action::kResolveFixed, "pothole_fixed",
                 "Filled with cold patch; a permanent repair follows in spring.");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status_notes, "Filled with cold patch; a permanent repair follows in spring.");
  EXPECT_EQ(wf.ListEvents(id, true).value()[0].data, R"({"template":"pothole_fixed"})");
}

TEST_F(WorkflowTemplatesTest, NoteTemplateFillsAPublicNoteInAnyState) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  ASSERT_TRUE(Apply(pwd, id, Action::kResolveFixed, "pothole_fixed").ok());
  auto r = Apply(pwd, id, Action::kNote, "thanks");  // closed: notes are still allowed
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->state, RequestState::kFixed);
  EXPECT_EQ(r->status_notes, "Thank you for the update.");
}

TEST_F(WorkflowTemplatesTest, TemplateForAnotherStateIsAFieldError) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  const std::string wrong_state =
      TemplateFieldMessage(Apply(pwd, id, Action::kAcknowledge, "pothole_fixed"));
  EXPECT_NE(wrong_state.find("is for \"fixed\""), std::string::npos) << wrong_state;
  EXPECT_NE(wrong_state.find("\"acknowledged\""), std::string::npos) << wrong_state;
  // A state template on a note, and a note template on a state change.
  EXPECT_NE(TemplateFieldMessage(Apply(pwd, id, Action::kNote, "not_ours")).find("\"note\""),
            std::string::npos);
  EXPECT_NE(TemplateFieldMessage(Apply(pwd, id, Action::kResolveFixed, "thanks"))
                .find("pick a template for \"fixed\""),
            std::string::npos);
  // Internal notes, assignments, transfers take no template.
  EXPECT_NE(TemplateFieldMessage(Apply(pwd, id, Action::kInternalNote, "thanks"))
                .find("not for internal_note"),
            std::string::npos);
  EXPECT_EQ(Get(id).state, RequestState::kSubmitted);
  EXPECT_TRUE(wf.ListEvents(id, true).value().empty());
}

TEST_F(WorkflowTemplatesTest, UnknownTemplateIsAFieldError) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  EXPECT_NE(TemplateFieldMessage(Apply(pwd, id, Action::kResolveFixed, "no_such_template"))
                .find("no response template \"no_such_template\""),
            std::string::npos);
}

TEST_F(WorkflowTemplatesTest, TemplateMustCoverTheRequestsService) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = SubmitGraffiti();
  EXPECT_NE(TemplateFieldMessage(Apply(pwd, id, Action::kResolveFixed, "pothole_fixed"))
                .find("not for service GRAFFITI"),
            std::string::npos);
  EXPECT_TRUE(Apply(pwd, id, Action::kCloseNotResponsible, "not_ours").ok());  // every service
}

TEST_F(WorkflowTemplatesTest, PermissionIsDecidedBeforeTheTemplate) {
  Actor san = MakeUser(Role::kStaff, {"SAN"});
  RequestId id = world.Submit(world.Pothole());  // PWD's
  auto r = Apply(san, id, Action::kResolveFixed, "no_such_template");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(WorkflowTemplatesTest, ExternalUpdatesWithATemplateAreStillFoundOnce) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  ActionInput in;
  in.action = Action::kNote;
  in.version = Get(id).version;
  in.template_id = "thanks";
  in.via = "api_key:crm";
  in.external_id = "crm-17";
  std::int64_t event_id = 0;
  ASSERT_TRUE(svc.Act(pwd, id, in, &event_id).ok());
  auto found = svc.FindExternalUpdate(id, "api_key:crm", "crm-17");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, std::optional<std::int64_t>(event_id));
}

TEST_F(WorkflowTemplatesTest, ListsTemplatesForTheServiceAndTheNextStates) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId pothole = world.Submit(world.Pothole());
  EXPECT_EQ(Ids(pwd, pothole),
            (std::vector<std::string>{"pothole_fixed", "not_ours", "more_info", "thanks"}));
  RequestId graffiti = SubmitGraffiti();
  EXPECT_EQ(Ids(pwd, graffiti), (std::vector<std::string>{"not_ours", "more_info", "thanks"}));
  // Fixed: only a reopen is next, and no template announces one; notes still fit.
  ASSERT_TRUE(Apply(pwd, pothole, Action::kResolveFixed, "pothole_fixed").ok());
  EXPECT_EQ(Ids(pwd, pothole), (std::vector<std::string>{"thanks"}));
  // The whole template comes back, Spanish included.
  auto listed = svc.ListTemplates(pwd, graffiti).value();
  EXPECT_EQ(listed[0].title, "Not the city's");
  EXPECT_EQ(listed[0].text, "This is not the city's responsibility.");
}

TEST_F(WorkflowTemplatesTest, ListingNeedsAVisibleRequest) {
  Actor resident = MakeUser(Role::kResident, {});
  EXPECT_EQ(svc.ListTemplates(resident, 999).error().code, ErrorCode::kNotFound);
  SubmissionInput in = TestWorld::Pothole();
  auto internal = svc.CreateRequest(MakeUser(Role::kStaff, {"PWD"}), in, "PWD");
  ASSERT_TRUE(internal.ok()) << internal.error().message;
  EXPECT_EQ(svc.ListTemplates(resident, internal->id).error().code, ErrorCode::kNotFound);
}

TEST(TemplatesFor, SpanishTextTravelsWithTheTemplate) {
  auto city = MakeTestville();
  ServiceRequest r;
  r.service_code = "POTHOLE";
  r.state = RequestState::kInProgress;
  auto fit = TemplatesFor(*city, r);
  ASSERT_FALSE(fit.empty());
  EXPECT_EQ(fit[0].id, "pothole_fixed");
  EXPECT_EQ(fit[0].text_es, "Nuestro equipo rellenó este bache.");
}

}  // namespace
}  // namespace civic311::testing
