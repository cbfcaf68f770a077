// WorkflowService: creation in one transaction, webhook payloads, following, the audit log, and
// updates pushed by external systems (via + external_id).
#include <gtest/gtest.h>

#include "app/request_events.hpp"
#include "app/testing/in_memory_workflow.hpp"
#include "app/testing/test_city.hpp"
#include "app/workflow_service.hpp"

namespace civic311::testing {
namespace {

class WorkflowMoreTest : public ::testing::Test {
 protected:
  WorkflowMoreTest() : wf(world.store), svc(world.city, world.store, wf, wf, wf, world.clock) {}

  Actor MakeUser(Role role, std::vector<std::string> departments) {
    User u;
    u.email = "u" + std::to_string(++n_) + "@testville.example";
    u.role = role;
    u.departments = std::move(departments);
    return wf.CreateUser(u).value().ToActor();
  }
  std::size_t RequestCount() {
    RequestQuery q;
    q.include_internal = true;
    q.limit = 1000;
    return world.store.List(q).value().size();
  }

  TestWorld world;
  InMemoryWorkflow wf;
  WorkflowService svc;
  int n_ = 0;
};

TEST_F(WorkflowMoreTest, OnBehalfCreationWritesRequestEventAuditAndWebhookTogether) {
  Actor agent = MakeUser(Role::kAgent, {});
  SubmissionInput in = TestWorld::Pothole();
  in.channel = Channel::kPhone;
  auto r = svc.CreateRequest(agent, in);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto events = wf.ListEvents(r->id, true).value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "created");
  EXPECT_TRUE(events[0].internal);
  EXPECT_EQ(events[0].actor_user_id, agent.user_id);
  auto audit = wf.ListAudit("", 10).value();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "create_on_behalf");
  EXPECT_EQ(audit[0].request_id, r->id);
  ASSERT_GE(wf.outbox.size(), 1u);
  EXPECT_EQ(wf.outbox[0].Text("event"), "created");
  EXPECT_EQ(wf.outbox[0].Text("service_request_id"), std::to_string(r->id));
}

TEST_F(WorkflowMoreTest, AFailedCreationLeavesNothingBehind) {
  Actor agent = MakeUser(Role::kAgent, {});
  const std::size_t before = RequestCount();
  wf.fail_next_create = true;
  auto r = svc.CreateRequest(agent, TestWorld::Pothole());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(RequestCount(), before);
  EXPECT_TRUE(wf.ListAudit("", 10).value().empty());
  EXPECT_TRUE(wf.outbox.empty());
}

TEST_F(WorkflowMoreTest, PublicSubmissionWithTheWorkflowAnnouncesItself) {
  RequestService with_timeline(world.city, world.store, world.keys, world.clock, &wf);
  auto out = with_timeline.Submit(TestWorld::Pothole());
  ASSERT_TRUE(out.ok());
  auto events = wf.ListEvents(out->request.id, true).value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "created");
  EXPECT_EQ(events[0].actor_user_id, 0);
  ASSERT_GE(wf.outbox.size(), 1u);
  EXPECT_EQ(wf.outbox[0].Text("event"), "created");
}

TEST_F(WorkflowMoreTest, AFixAndAReopenTellTheReporterAndTheDepartment) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  ASSERT_TRUE(
      svc.Act(pwd, id, {.action = Action::kResolveFixed, .version = 1, .text = "done"}).ok());
  ASSERT_TRUE(
      svc.Act(pwd, id, {.action = Action::kReopen, .version = 2, .text = "not fixed"}).ok());
  std::vector<std::string> seen;
  for (const auto& m : wf.outbox)
    if (m.kind != "webhook") seen.push_back(m.kind + ":" + m.event + ":" + m.recipient);
  const std::vector<std::string> expected = {
      "email:resolved:jane@example.org", "sms:resolved:555-0100",
      "email:reopened:pwd@testville.example",  // nobody assigned: the department
      "email:state_changed:jane@example.org", "sms:state_changed:555-0100"};
  EXPECT_EQ(seen, expected);
}

TEST_F(WorkflowMoreTest, WebhookPayloadsCarryNoPersonalDataNorInternalText) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  ASSERT_TRUE(
      svc.Act(pwd, id,
              {.action = Action::kInternalNote, .version = 1, .text = "caller sounded upset"})
          .ok());
  ASSERT_TRUE(
      svc.Act(pwd, id, {.action = Action::kNote, .version = 2, .text = "Crew booked"}).ok());
  std::vector<OutboxMessage> hooks;
  for (const auto& m : wf.outbox) {
    if (m.kind == "webhook") hooks.push_back(m);
    // No message carries internal text; only the reporter's own messages carry their address,
    // and then as the recipient only.
    for (const auto& f : m.fields) {
      const std::string text = m.Text(f.name);
      for (const char* secret : {"jane@example.org", "555-0100", "Jane", "Resident", "device-42",
                                 "acct-7", "caller sounded upset"}) {
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << f.name;
      }
    }
  }
  ASSERT_EQ(hooks.size(), 2u);
  EXPECT_EQ(hooks[0].Text("event"), "note");
  EXPECT_EQ(hooks[0].Text("internal"), "true");
  EXPECT_EQ(hooks[1].Text("public_note"), "Crew booked");
  // The event id the store assigned reaches the payload.
  auto events = wf.ListEvents(id, true).value();
  EXPECT_EQ(hooks[1].Text("event_id"), std::to_string(events[1].id));
  // The reporter hears of the public note (e-mail and SMS), never of the internal one.
  int to_reporter = 0;
  for (const auto& m : wf.outbox)
    if (m.kind == "email" || m.kind == "sms") {
      ++to_reporter;
      EXPECT_EQ(m.event, "state_changed");
      EXPECT_EQ(m.Text("public_note"), "Crew booked");
    }
  EXPECT_EQ(to_reporter, 2);
}

TEST_F(WorkflowMoreTest, WebhookEventNames) {
  EXPECT_EQ(WebhookEventName("created"), "created");
  EXPECT_EQ(WebhookEventName("assign"), "assigned");
  EXPECT_EQ(WebhookEventName("transfer"), "transferred");
  EXPECT_EQ(WebhookEventName("internal_note"), "note");
  EXPECT_EQ(WebhookEventName("resolve_fixed"), "state_changed");
  EXPECT_EQ(WebhookEventName("acknowledge"), "state_changed");
  EXPECT_EQ(WebhookEventName("escalated"), "escalated");
}

TEST_F(WorkflowMoreTest, ResidentsFollowAndUnfollowAnonymousCannot) {
  Actor resident = MakeUser(Role::kResident, {});
  RequestId id = world.Submit(world.Pothole());
  ASSERT_TRUE(svc.Follow(resident, id, true).ok());
  ASSERT_TRUE(svc.Follow(resident, id, true).ok());  // idempotent
  EXPECT_TRUE(svc.IsFollowing(resident, id).value());
  EXPECT_EQ(wf.ListFollowers(id)->size(), 1u);
  ASSERT_TRUE(svc.Follow(resident, id, false).ok());
  EXPECT_FALSE(svc.IsFollowing(resident, id).value());
  auto anon = svc.Follow(Actor::Anonymous(), id, true);
  ASSERT_FALSE(anon.ok());
  EXPECT_EQ(anon.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(svc.Follow(resident, 999, true).error().code, ErrorCode::kNotFound);
}

TEST_F(WorkflowMoreTest, ResidentsCannotFollowInternalRequests) {
  Actor parks = MakeUser(Role::kStaff, {"PWD"});
  Actor resident = MakeUser(Role::kResident, {});
  auto internal = svc.CreateRequest(parks, TestWorld::Pothole(), std::string("SAN"));
  ASSERT_TRUE(internal.ok()) << internal.error().message;
  auto r = svc.Follow(resident, internal->id, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST_F(WorkflowMoreTest, AuditLogAdminsEverythingManagersTheirDepartmentsStaffNothing) {
  Actor admin = MakeUser(Role::kAdmin, {});
  Actor pwd_manager = MakeUser(Role::kManager, {"PWD"});
  Actor pwd_staff = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  ASSERT_TRUE(
      svc.Act(pwd_staff, id, {.action = Action::kAcknowledge, .version = 1, .text = "ok"}).ok());
  EXPECT_EQ(svc.ListAudit(admin, "", 50).value().size(), 1u);
  EXPECT_EQ(svc.ListAudit(pwd_manager, "PWD", 50).value().size(), 1u);
  EXPECT_EQ(svc.ListAudit(pwd_manager, "SAN", 50).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc.ListAudit(pwd_manager, "", 50).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc.ListAudit(pwd_staff, "PWD", 50).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(svc.ListAudit(Actor::Anonymous(), "PWD", 50).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(svc.ListAudit(admin, "NOPE", 50).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(WorkflowMoreTest, ExternalUpdatesAreFoundByTheirOwnIdAndSource) {
  Actor pwd = MakeUser(Role::kManager, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  ActionInput in{.action = Action::kStartWork, .version = 1, .text = "crew on site"};
  in.via = "api_key:Cityworks";
  in.external_id = "WO-77";
  std::int64_t event_id = 0;
  ASSERT_TRUE(svc.Act(pwd, id, in, &event_id).ok());
  EXPECT_GT(event_id, 0);
  EXPECT_EQ(svc.FindExternalUpdate(id, "api_key:Cityworks", "WO-77").value(), event_id);
  EXPECT_FALSE(svc.FindExternalUpdate(id, "api_key:Other", "WO-77").value().has_value());
  EXPECT_FALSE(svc.FindExternalUpdate(id, "api_key:Cityworks", "WO-78").value().has_value());
  EXPECT_FALSE(svc.FindExternalUpdate(id, "api_key:Cityworks", "").value().has_value());
  auto audit = wf.ListAudit("PWD", 10).value();
  ASSERT_FALSE(audit.empty());
  EXPECT_NE(audit[0].detail.find("api_key:Cityworks"), std::string::npos);
}

TEST_F(WorkflowMoreTest, SignedInResidentsReportAsThemselvesAndSeeTheirOwn) {
  Actor resident = MakeUser(Role::kResident, {});
  Actor other = MakeUser(Role::kResident, {});
  SubmissionInput in = TestWorld::Pothole();
  in.channel = Channel::kPhone;
  EXPECT_EQ(svc.CreateRequest(resident, in).error().code, ErrorCode::kPermissionDenied);
  in.channel = Channel::kApp;
  auto r = svc.CreateRequest(resident, in);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(wf.GetWorkflow(r->id)->reporter_user_id, resident.user_id);
  // The reporter sees their contact details; another resident does not.
  EXPECT_TRUE(svc.GetDetail(resident, r->id)->contact_visible);
  EXPECT_FALSE(svc.GetDetail(other, r->id)->contact_visible);
  // And may add information to it, which another resident may not.
  EXPECT_TRUE(svc.Act(resident, r->id,
                      {.action = Action::kAddInfo, .version = r->version, .text = "It grew"})
                  .ok());
  EXPECT_EQ(svc.Act(other, r->id,
                    {.action = Action::kAddInfo, .version = r->version + 1, .text = "me too"})
                .error()
                .code,
            ErrorCode::kPermissionDenied);
}

TEST_F(WorkflowMoreTest, AtRiskListsOverdueAndDueWithinTheThreshold) {
  world.city->calendar = CityCalendar::Create(CalendarSpec{}).value();
  world.city->due_soon = {4, SlaUnit::kHours};
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  const Timestamp now = world.clock.Now();
  auto put = [&](std::chrono::seconds from_now) {
    RequestId id = world.Submit(world.Pothole());
    ServiceRequest r = world.store.Get(id).value().value();
    r.expected_at = now + from_now;
    world.store.Put(r);
    return id;
  };
  RequestId overdue = put(-std::chrono::hours(1));
  RequestId soon = put(std::chrono::hours(2));
  put(std::chrono::hours(72));  // on time
  StaffQuery q;
  q.overdue = true;
  auto late = svc.List(pwd, q).value();
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].id, overdue);
  q = {};
  q.at_risk = true;
  auto risky = svc.List(pwd, q).value();
  ASSERT_EQ(risky.size(), 2u);
  EXPECT_EQ(risky[0].id, soon);  // newest first
  EXPECT_EQ(risky[1].id, overdue);
  // No threshold configured: at risk means overdue.
  world.city->due_soon = {};
  EXPECT_EQ(svc.List(pwd, q).value().size(), 1u);
}

}  // namespace
}  // namespace civic311::testing

namespace civic311::testing {
namespace {

// Regression: the recipe once existed twice and had drifted (16-byte tokens for staff-filed
// requests, 20 for Open311). Every front door now goes through SubmitRequest.
TEST_F(WorkflowMoreTest, EveryFrontDoorFilesThroughTheSameSubmitUseCase) {
  Actor agent = MakeUser(Role::kAgent, {});
  SubmissionInput phone = TestWorld::Pothole();
  phone.channel = Channel::kPhone;
  auto by_staff = svc.CreateRequest(agent, phone, std::nullopt, "es");
  ASSERT_TRUE(by_staff.ok()) << by_staff.error().message;
  RequestService open311(world.city, world.store, world.keys, world.clock, &wf);
  auto by_api = open311.Submit(TestWorld::Pothole());
  ASSERT_TRUE(by_api.ok());
  EXPECT_EQ(by_staff->token.size(), by_api->request.token.size());
  EXPECT_EQ(by_staff->token.size(), 32u);  // 20 random bytes in base32
  EXPECT_EQ(by_staff->locale, "es");
  EXPECT_EQ(world.store.Get(by_staff->id).value()->locale, "es");
  EXPECT_EQ(by_api->request.locale, "");
  // A language tag that could not name a message file is not kept.
  EXPECT_EQ(open311.Submit(TestWorld::Pothole(), "../../x").value().request.locale, "");
}

TEST_F(WorkflowMoreTest, ServicesThatTakeNoReportsAreRefusedEverywhere) {
  auto city = std::make_shared<City>(*world.city);
  for (Service& s : city->services) {
    if (s.code == "POTHOLE") {
      s.takes_reports = false;
      s.service_notice = "Pay or dispute it with the Parking Clerk.";
    }
  }
  RequestService open311(city, world.store, world.keys, world.clock, &wf);
  auto refused = open311.Submit(TestWorld::Pothole());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("Parking Clerk"), std::string::npos);
  WorkflowService staff(city, world.store, wf, wf, wf, world.clock);
  SubmissionInput phone = TestWorld::Pothole();
  phone.channel = Channel::kPhone;
  EXPECT_FALSE(staff.CreateRequest(MakeUser(Role::kAgent, {}), phone).ok());
  EXPECT_EQ(RequestCount(), 0u);
}

}  // namespace
}  // namespace civic311::testing
