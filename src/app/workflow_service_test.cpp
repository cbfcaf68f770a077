// WorkflowService: that every use case asks Authorize() first (the policy's own table is tested
// in domain/policy_test.cpp), then the lifecycle, and records event + audit + outbox.
#include "app/workflow_service.hpp"

#include <gtest/gtest.h>

#include "app/testing/in_memory_workflow.hpp"
#include "app/testing/test_city.hpp"

namespace civic311::testing {
namespace {

class WorkflowServiceTest : public ::testing::Test {
 protected:
  WorkflowServiceTest() : wf(world.store), svc(world.city, world.store, wf, wf, wf, world.clock) {}

  Actor MakeUser(Role role, std::vector<std::string> departments) {
    User u;
    u.email = "u" + std::to_string(++n_) + "@testville.example";
    u.role = role;
    u.departments = std::move(departments);
    return wf.CreateUser(u).value().ToActor();
  }
  ServiceRequest Get(RequestId id) { return world.store.Get(id).value().value(); }
  Result<ServiceRequest> Do(const Actor& a, RequestId id, Action action, std::string text = "") {
    ActionInput in;
    in.action = action;
    in.version = Get(id).version;
    in.text = std::move(text);
    return svc.Act(a, id, in);
  }

  TestWorld world;
  InMemoryWorkflow wf;
  WorkflowService svc;
  int n_ = 0;
};

TEST_F(WorkflowServiceTest, StaffOfTheDepartmentAcknowledgesAndEverythingIsRecorded) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  auto r = Do(pwd, id, Action::kAcknowledge, "on our list");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->state, RequestState::kAcknowledged);
  EXPECT_EQ(r->status_notes, "on our list");
  auto events = wf.ListEvents(id, false).value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "acknowledge");
  EXPECT_EQ(wf.ListAudit("PWD", 10)->size(), 1u);
  ASSERT_GE(wf.outbox.size(), 1u);
  EXPECT_EQ(wf.outbox[0].kind, "webhook");
  EXPECT_EQ(wf.outbox[0].Text("state"), "acknowledged");
}

TEST_F(WorkflowServiceTest, StaffOfAnotherDepartmentMayNotClose) {
  Actor san = MakeUser(Role::kStaff, {"SAN"});
  RequestId id = world.Submit(world.Pothole());  // PWD
  auto r = Do(san, id, Action::kResolveFixed, "done");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Get(id).state, RequestState::kSubmitted);
  EXPECT_TRUE(wf.outbox.empty());
}

TEST_F(WorkflowServiceTest, AnonymousMustSignIn) {
  RequestId id = world.Submit(world.Pothole());
  auto r = Do(Actor::Anonymous(), id, Action::kAcknowledge);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(WorkflowServiceTest, ForbiddenTransitionAndStaleVersionAreConflicts) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  ASSERT_TRUE(Do(pwd, id, Action::kResolveFixed, "fixed it").ok());
  auto again = Do(pwd, id, Action::kStartWork);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  ActionInput stale{.action = Action::kNote, .version = 1, .text = "late"};
  EXPECT_EQ(svc.Act(pwd, id, stale).error().code, ErrorCode::kConflict);
}

TEST_F(WorkflowServiceTest, ReopenNeedsAReasonAndResidentsTheWindow) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  Actor resident = MakeUser(Role::kResident, {});
  RequestId id = world.Submit(world.Pothole());
  ASSERT_TRUE(wf.SetWorkflow(id, {.reporter_user_id = resident.user_id}).ok());
  ASSERT_TRUE(Do(pwd, id, Action::kResolveFixed, "fixed").ok());
  EXPECT_EQ(Do(resident, id, Action::kReopen, "  ").error().code, ErrorCode::kInvalidArgument);
  world.clock.Advance(std::chrono::days(60));
  EXPECT_EQ(Do(resident, id, Action::kReopen, "still broken").error().code, ErrorCode::kConflict);
  auto staff = Do(pwd, id, Action::kReopen, "inspection failed");  // staff: any time
  ASSERT_TRUE(staff.ok()) << staff.error().message;
  EXPECT_EQ(staff->state, RequestState::kReopened);
}

TEST_F(WorkflowServiceTest, AssignOnlyToMembersOfTheDepartment) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  Actor crew = MakeUser(Role::kStaff, {"PWD"});
  Actor other = MakeUser(Role::kStaff, {"SAN"});
  RequestId id = world.Submit(world.Pothole());
  ActionInput in{
      .action = Action::kAssign, .version = Get(id).version, .assignee_user_id = other.user_id};
  auto bad = svc.Act(pwd, id, in);
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields.size(), 1u);
  EXPECT_EQ(bad.error().fields[0].field, "assignee_user_id");
  in.assignee_user_id = crew.user_id;
  ASSERT_TRUE(svc.Act(pwd, id, in).ok());
  EXPECT_EQ(wf.GetWorkflow(id)->assignee_user_id, std::optional<UserId>(crew.user_id));
}

TEST_F(WorkflowServiceTest, TransferKeepsIdAndHistoryAndNeedsAReason) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  const auto expected = Get(id).expected_at;
  ActionInput in{.action = Action::kTransfer, .version = Get(id).version, .department_code = "SAN"};
  EXPECT_EQ(svc.Act(pwd, id, in).error().code, ErrorCode::kInvalidArgument);  // no reason
  in.text = "bulky waste, not a pothole";
  ASSERT_TRUE(svc.Act(pwd, id, in).ok());
  EXPECT_EQ(Get(id).department_code, "SAN");
  EXPECT_EQ(Get(id).expected_at, expected);  // default: the clock does not restart
  EXPECT_EQ(Do(pwd, id, Action::kAcknowledge).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(wf.ListEvents(id, true)->size(), 1u);
  EXPECT_TRUE(wf.ListEvents(id, false)->empty());  // transfers are internal
}

TEST_F(WorkflowServiceTest, DuplicateClosesChildAndItsFollowersFollowTheParent) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId parent = world.Submit(world.Pothole());
  RequestId child = world.Submit(world.Pothole());
  ASSERT_TRUE(wf.AddFollower(child, 42).ok());
  ActionInput in{
      .action = Action::kCloseDuplicate, .version = Get(child).version, .parent_id = parent};
  ASSERT_TRUE(svc.Act(pwd, child, in).ok());
  EXPECT_EQ(Get(child).state, RequestState::kDuplicate);
  EXPECT_EQ(Get(child).parent_id, std::optional<RequestId>(parent));
  EXPECT_EQ(*wf.ListFollowers(parent), std::vector<UserId>{42});
}

TEST_F(WorkflowServiceTest, ResolveWaitsForWorkOrders) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  auto order = svc.CreateWorkOrder(pwd, {.request_id = id, .crew = "crew 1"});
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(Do(pwd, id, Action::kResolveFixed).error().code, ErrorCode::kConflict);
  order->done = true;
  ASSERT_TRUE(svc.UpdateWorkOrder(pwd, *order).ok());
  EXPECT_TRUE(Do(pwd, id, Action::kResolveFixed).ok());
  Actor san = MakeUser(Role::kStaff, {"SAN"});
  EXPECT_EQ(svc.CreateWorkOrder(san, {.request_id = id}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_TRUE(svc.CreateWorkOrder(san, {.department_code = "SAN", .crew = "c"}).ok());  // proactive
}

TEST_F(WorkflowServiceTest, AgentCreatesOnBehalfResidentCannot) {
  Actor agent = MakeUser(Role::kAgent, {});
  Actor resident = MakeUser(Role::kResident, {});
  SubmissionInput in = world.Pothole();
  in.channel = Channel::kPhone;
  auto r = svc.CreateRequest(agent, in);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->channel, Channel::kPhone);
  EXPECT_EQ(r->department_code, "PWD");
  EXPECT_EQ(svc.CreateRequest(resident, in).error().code, ErrorCode::kPermissionDenied);
}

TEST_F(WorkflowServiceTest, InternalRequestsAreInvisibleToResidents) {
  Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  Actor resident = MakeUser(Role::kResident, {});
  auto r = svc.CreateRequest(pwd, world.Pothole(), std::string("SAN"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->internal);
  EXPECT_EQ(r->department_code, "SAN");
  EXPECT_EQ(svc.GetDetail(resident, r->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(world.service->Get(r->id).error().code, ErrorCode::kNotFound);  // Open311
}

TEST_F(WorkflowServiceTest, ContactOnlyForAllowedRolesAndEveryViewIsAudited) {
  Actor agent = MakeUser(Role::kAgent, {});
  Actor resident = MakeUser(Role::kResident, {});
  RequestId id = world.Submit(world.Pothole());
  auto seen = svc.GetDetail(resident, id);
  ASSERT_TRUE(seen.ok());
  EXPECT_FALSE(seen->contact_visible);
  EXPECT_TRUE(seen->request.contact.empty());
  EXPECT_TRUE(wf.ListAudit("", 10)->empty());
  auto staff_view = svc.GetDetail(agent, id);
  ASSERT_TRUE(staff_view.ok());
  EXPECT_TRUE(staff_view->contact_visible);
  EXPECT_EQ(staff_view->request.contact.email, "jane@example.org");
  auto audit = wf.ListAudit("", 10).value();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "view_contact");
  EXPECT_EQ(audit[0].actor_user_id, agent.user_id);
}

TEST(ActionForState, MapsEveryStateButSubmitted) {
  EXPECT_FALSE(ActionForState(RequestState::kSubmitted).has_value());
  for (RequestState s : kAllStates) {
    if (s == RequestState::kSubmitted) continue;
    auto a = ActionForState(s);
    ASSERT_TRUE(a.has_value()) << StateName(s);
    EXPECT_EQ(TargetState(*a), s);
  }
}

}  // namespace
}  // namespace civic311::testing
