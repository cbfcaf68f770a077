// EscalationService and the SLA clock in WorkflowService::Act, over the in-memory stores with a
// fake clock. Exactly-once across processes is tested on a real SQLite file in
// adapters/storage/sqlite/escalation_store_test.cpp.
#include "app/escalation_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "app/testing/in_memory_workflow.hpp"
#include "app/testing/test_city.hpp"
#include "app/workflow_service.hpp"
#include "domain/sla_clock.hpp"

namespace civic311::testing {
namespace {

using std::chrono::days;
using std::chrono::hours;

// Testville on a UTC office calendar (Mon–Fri 08:00–17:00); POTHOLE: 3 days (elapsed);
// GRAFFITI: 2 business days. Due soon: 4 business hours. Two rules: every overdue request to
// the supervisor, potholes at risk to Public Works.
std::shared_ptr<City> EscalatingCity() {
  auto city = MakeTestville();
  city->calendar = CityCalendar::Create(CalendarSpec{}).value();
  city->services[1].sla = {2, SlaUnit::kBusinessDays};
  city->due_soon = {4, SlaUnit::kBusinessHours};
  city->escalations = {
      {"Overdue to the supervisor", EscalationTrigger::kOverdue, "*", "", "boss@testville.example"},
      {"Potholes at risk to PWD", EscalationTrigger::kDueSoon, "POTHOLE", "PWD", ""},
  };
  return city;
}

class EscalationTest : public ::testing::Test {
 protected:
  EscalationTest()
      : world(EscalatingCity()),
        wf(world.store),
        svc(world.city, world.store, wf, wf, wf, world.clock),
        sweep(world.city, wf, world.clock) {
    User u;
    u.email = "staff@testville.example";
    u.role = Role::kStaff;
    u.departments = {"PWD", "SAN"};
    staff = wf.CreateUser(u).value().ToActor();
  }

  ServiceRequest Get(RequestId id) { return world.store.Get(id).value().value(); }
  void Do(RequestId id, Action action, std::string text = "because") {
    ActionInput in;
    in.action = action;
    in.version = Get(id).version;
    in.text = std::move(text);
    if (action == Action::kTransfer) in.department_code = "SAN";
    auto r = svc.Act(staff, id, in);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  int Sweep() {
    auto r = sweep.Sweep();
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r->recorded : -1;
  }
  std::vector<TimelineEvent> Escalations(RequestId id) {
    std::vector<TimelineEvent> out;
    const std::vector<TimelineEvent> all = wf.ListEvents(id, true).value();
    for (const auto& e : all)
      if (e.kind == "escalated") out.push_back(e);
    return out;
  }

  TestWorld world;  // clock: Monday 2026-11-23 15:00Z
  InMemoryWorkflow wf;
  WorkflowService svc;
  EscalationService sweep;
  Actor staff;
};

TEST_F(EscalationTest, OverdueRequestIsEscalatedOnceWithEventAuditAndMessages) {
  RequestId id = world.Submit(world.Pothole());
  ASSERT_EQ(Get(id).expected_at, TestNow() + days(3));
  EXPECT_EQ(Sweep(), 0);
  world.clock.Advance(days(3) + hours(1));
  EXPECT_EQ(Sweep(), 1);  // overdue only: the at-risk rule is too late now
  EXPECT_EQ(Sweep(), 0);
  world.clock.Advance(days(1));
  EXPECT_EQ(Sweep(), 0);  // still overdue, already recorded
  auto events = Escalations(id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].internal);
  EXPECT_NE(events[0].text.find("Overdue to the supervisor"), std::string::npos);
  EXPECT_NE(events[0].text.find("boss@testville.example"), std::string::npos);
  EXPECT_NE(events[0].data.find("\"trigger\":\"overdue\""), std::string::npos);
  auto audit = wf.ListAudit("PWD", 10).value();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].action, "escalate");
  ASSERT_EQ(wf.outbox.size(), 2u);
  EXPECT_EQ(wf.outbox[0].kind, "webhook");
  EXPECT_EQ(wf.outbox[0].Text("event"), "escalated");
  EXPECT_EQ(wf.outbox[1].kind, "email");
  EXPECT_EQ(wf.outbox[1].recipient, "boss@testville.example");
}

TEST_F(EscalationTest, AtRiskThenOverdueEachFireOnce) {
  RequestId id = world.Submit(world.Pothole());  // due Thursday 15:00Z
  world.clock.Advance(days(3) - hours(5));       // Thursday 10:00Z: 5 business hours left
  EXPECT_EQ(Sweep(), 0);
  world.clock.Advance(hours(2));  // 12:00Z: 3 business hours left
  EXPECT_EQ(Sweep(), 1);
  EXPECT_EQ(Sweep(), 0);
  const OutboxMessage& email = wf.outbox.back();
  EXPECT_EQ(email.recipient, "pwd@testville.example");
  EXPECT_EQ(email.Text("department"), "PWD");
  world.clock.Advance(hours(4));
  EXPECT_EQ(Sweep(), 1);
  EXPECT_EQ(Escalations(id).size(), 2u);
}

TEST_F(EscalationTest, RulesMatchTheirService) {
  SubmissionInput graffiti = world.Pothole();
  graffiti.service_code = "GRAFFITI";
  graffiti.attributes.clear();
  RequestId id = world.Submit(graffiti);  // 2 business days: Wednesday 15:00Z
  world.clock.Advance(days(2) - hours(1));
  EXPECT_EQ(Sweep(), 0);  // at risk, but the at-risk rule is for potholes only
  world.clock.Advance(hours(2));
  EXPECT_EQ(Sweep(), 1);  // the overdue rule is for every service
  EXPECT_EQ(Escalations(id).size(), 1u);
}

TEST_F(EscalationTest, PausedRequestsAreNotEscalatedAndResumeLater) {
  RequestId id = world.Submit(world.Pothole());
  world.clock.Advance(days(1));
  Do(id, Action::kWaitResident, "which side of the road?");
  EXPECT_EQ(wf.GetWorkflow(id)->clock_paused_at, world.clock.Now());
  world.clock.Advance(days(5));  // far past the original due time
  EXPECT_EQ(Sweep(), 0);
  EXPECT_EQ(SlaStatusName(EvaluateSla(*world.city, Get(id).state,
                                      {Get(id).expected_at, wf.GetWorkflow(id)->clock_paused_at},
                                      world.clock.Now())),
            "paused");
  Do(id, Action::kStartWork);
  EXPECT_FALSE(wf.GetWorkflow(id)->clock_paused_at);
  // A 3-day (elapsed) target is pushed back by the 5 elapsed days paused.
  EXPECT_EQ(Get(id).expected_at, TestNow() + days(8));
  EXPECT_EQ(Sweep(), 0);
  world.clock.Advance(days(2) + hours(1));
  EXPECT_EQ(Sweep(), 1);
}

TEST_F(EscalationTest, BusinessDayTargetsArePushedBackByTheBusinessTimePaused) {
  SubmissionInput graffiti = world.Pothole();
  graffiti.service_code = "GRAFFITI";
  graffiti.attributes.clear();
  RequestId id = world.Submit(graffiti);  // Monday 15:00Z, due Wednesday 15:00Z
  Do(id, Action::kWaitThirdParty, "waiting on the utility");
  world.clock.Advance(days(4));  // Friday 15:00Z: Mon 2 h + Tue–Thu 27 h + Fri 7 h = 36 h
  Do(id, Action::kStartWork);
  // Wednesday 15:00Z + 36 business hours: Wed 2 h, Thu 9, Fri 9, Mon 9, Tue 7 → Tue 15:00Z.
  EXPECT_EQ(Get(id).expected_at, TestNow() + days(8));
}

TEST_F(EscalationTest, AReopenedRequestStartsAFreshCycleThatMayEscalateAgain) {
  RequestId id = world.Submit(world.Pothole());
  world.clock.Advance(days(4));
  EXPECT_EQ(Sweep(), 1);
  Do(id, Action::kResolveFixed, "filled");
  world.clock.Advance(days(1));
  Do(id, Action::kReopen, "it is back");
  EXPECT_EQ(wf.GetWorkflow(id)->sla_cycle, 1);
  EXPECT_EQ(Get(id).expected_at, world.clock.Now() + days(3));
  EXPECT_EQ(Sweep(), 0);
  world.clock.Advance(days(3) + hours(1));
  EXPECT_EQ(Sweep(), 1);
  EXPECT_EQ(Sweep(), 0);
  EXPECT_EQ(Escalations(id).size(), 2u);
}

TEST_F(EscalationTest, TransferRestartsTheClockOnlyWhenConfigured) {
  RequestId id = world.Submit(world.Pothole());
  world.clock.Advance(days(1));
  Do(id, Action::kTransfer, "wrong yard");
  EXPECT_EQ(Get(id).expected_at, TestNow() + days(3));
  EXPECT_EQ(wf.GetWorkflow(id)->sla_cycle, 0);

  world.city->transfer_restarts_clock = true;
  RequestId other = world.Submit(world.Pothole());
  world.clock.Advance(days(1));
  Do(other, Action::kTransfer, "wrong yard");
  EXPECT_EQ(Get(other).expected_at, world.clock.Now() + days(3));
  EXPECT_EQ(wf.GetWorkflow(other)->sla_cycle, 1);
}

TEST_F(EscalationTest, MissesOlderThanTheCatchUpWindowAreNotEscalated) {
  RequestId old_miss = world.Submit(world.Pothole());  // due in 3 days
  world.clock.Advance(days(3 + 8));                    // first swept 8 days after its due time
  RequestId recent = world.Submit(world.Pothole());
  world.clock.Advance(days(3) + hours(1));
  EXPECT_EQ(Sweep(), 1);
  EXPECT_TRUE(Escalations(old_miss).empty());  // history: in the overdue queue, no e-mail storm
  EXPECT_EQ(Escalations(recent).size(), 1u);
}

TEST_F(EscalationTest, ACancelledSweepStopsEarlyAndTheNextOneCarriesOn) {
  RequestId a = world.Submit(world.Pothole());
  RequestId b = world.Submit(world.Pothole());
  world.clock.Advance(days(3) + hours(1));
  std::atomic<bool> cancel{true};
  auto cut = sweep.Sweep(&cancel);
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(cut->recorded, 0);
  EXPECT_EQ(Sweep(), 2);
  EXPECT_EQ(Escalations(a).size(), 1u);
  EXPECT_EQ(Escalations(b).size(), 1u);
}

TEST_F(EscalationTest, ClosedRequestsAreNotEscalated) {
  RequestId id = world.Submit(world.Pothole());
  Do(id, Action::kResolveFixed, "filled");
  world.clock.Advance(days(10));
  EXPECT_EQ(Sweep(), 0);
  EXPECT_TRUE(Escalations(id).empty());
}

TEST_F(EscalationTest, SweeperRunsInTheBackgroundAndStops) {
  world.Submit(world.Pothole());
  world.clock.Advance(days(4));
  Counter recorded;
  {
    EscalationSweeper sweeper(sweep, std::chrono::milliseconds(5), &recorded);
    for (int i = 0; i < 2000 && recorded.Value() == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    sweeper.Stop();
    sweeper.Stop();  // idempotent
  }
  EXPECT_EQ(recorded.Value(), 1u);
}

}  // namespace
}  // namespace civic311::testing
