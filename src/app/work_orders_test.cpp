// Work orders as the desk and the timeline tell them (app/work_orders.hpp), and the use cases
// writing one internal timeline event per change (WorkflowService::CreateWorkOrder / Update).
#include "app/work_orders.hpp"

#include <gtest/gtest.h>

#include "app/crew_service.hpp"
#include "app/testing/in_memory_workflow.hpp"
#include "app/testing/test_city.hpp"
#include "app/workflow_service.hpp"
#include "base/time_format.hpp"

namespace civic311::testing {
namespace {

Timestamp At(const char* w3c) { return ParseW3cDatetime(w3c).value(); }

TEST(WorkOrders, OverdueOnceTheScheduledUtcDayHasEndedAndNotDone) {
  WorkOrder w;
  EXPECT_FALSE(WorkOrderOverdue(w, At("2030-01-01T00:00:00Z")));  // not scheduled
  w.scheduled_for = At("2026-12-10T00:00:00Z");
  EXPECT_FALSE(WorkOrderOverdue(w, At("2026-12-10T23:59:59Z")));  // still that day
  EXPECT_TRUE(WorkOrderOverdue(w, At("2026-12-11T00:00:00Z")));
  w.scheduled_for = At("2026-12-10T15:30:00Z");  // a time set through the API: its day counts
  EXPECT_FALSE(WorkOrderOverdue(w, At("2026-12-10T23:00:00Z")));
  EXPECT_TRUE(WorkOrderOverdue(w, At("2026-12-11T00:00:01Z")));
  w.done = true;
  EXPECT_FALSE(WorkOrderOverdue(w, At("2027-01-01T00:00:00Z")));
  EXPECT_EQ(UtcDay(*w.scheduled_for), "2026-12-10");
}

TEST(WorkOrders, ChangesSayWhatChangedInFieldOrder) {
  WorkOrder before{.crew = "North",
                   .tasks = {{"cone off", false}, {"patch", false}, {"sweep", false}},
                   .labour_hours = 2,
                   .cost_cents = 0};
  WorkOrder after = before;
  EXPECT_TRUE(WorkOrderChanges(before, after, {}).empty());
  after.tasks = {{"cone off", true}, {"patch", false}, {"paint", false}};
  after.labour_hours = 3.5;
  after.cost_cents = 12050;
  after.scheduled_for = At("2026-12-10T00:00:00Z");
  after.assignee_user_id = 4;
  after.done = true;
  const auto changes = WorkOrderChanges(
      before, after, [](UserId id) { return id == 4 ? std::string("Dana") : std::string(); });
  const std::vector<std::string> expected{
      "person nobody \u2192 Dana",      "scheduled not scheduled \u2192 2026-12-10",
      "task \u201ccone off\u201d done", "task \u201cpaint\u201d added",
      "task \u201csweep\u201d removed", "hours 2 \u2192 3.5",
      "cost 0.00 \u2192 120.50",        "marked done"};
  EXPECT_EQ(changes, expected);
}

TEST(WorkOrders, EventKinds) {
  WorkOrder w{.id = 3, .crew = "North"};
  auto created = WorkOrderEvent(nullptr, w, 9, At("2026-12-01T10:00:00Z"), {});
  ASSERT_TRUE(created);
  EXPECT_EQ(created->kind, "work_order_created");
  EXPECT_EQ(created->text, "Work order 3: crew \u201cNorth\u201d");
  EXPECT_TRUE(created->internal);
  EXPECT_EQ(created->actor_user_id, 9);
  EXPECT_EQ(created->data, "{\"work_order\":\"3\",\"changes\":\"crew \u201cNorth\u201d\"}");
  EXPECT_FALSE(WorkOrderEvent(&w, w, 9, At("2026-12-01T10:00:00Z"), {}));  // nothing changed
  WorkOrder done = w;
  done.done = true;
  EXPECT_EQ(WorkOrderEvent(&w, done, 9, At("2026-12-01T10:00:00Z"), {})->kind, "work_order_done");
  WorkOrder hours = w;
  hours.labour_hours = 1;
  EXPECT_EQ(WorkOrderEvent(&w, hours, 9, At("2026-12-01T10:00:00Z"), {})->kind,
            "work_order_updated");
}

class WorkOrderUseCases : public ::testing::Test {
 protected:
  WorkOrderUseCases() : wf(world.store), svc(world.city, world.store, wf, wf, wf, world.clock) {}
  Actor MakeUser(Role role, std::vector<std::string> departments, std::string name = "") {
    User u;
    u.email = "u" + std::to_string(++n_) + "@testville.example";
    u.display_name = std::move(name);
    u.role = role;
    u.departments = std::move(departments);
    return wf.CreateUser(u).value().ToActor();
  }
  std::vector<TimelineEvent> WorkEvents(RequestId id, bool internal) {
    std::vector<TimelineEvent> out;
    auto all = wf.ListEvents(id, internal);  // kept: value() is a reference into it
    for (auto& e : all.value())
      if (e.kind.starts_with("work_order")) out.push_back(e);
    return out;
  }

  TestWorld world;
  InMemoryWorkflow wf;
  WorkflowService svc;
  int n_ = 0;
};

// Creating, ticking a task, logging hours and cost and marking done: one internal timeline event
// and one audit entry each, none public; a save that changes nothing adds no event.
TEST_F(WorkOrderUseCases, EachChangeIsOneInternalAuditedEvent) {
  const RequestId id = world.Submit(TestWorld::Pothole());
  const Actor pwd = MakeUser(Role::kStaff, {"PWD"}, "Pat Crew");
  auto order = svc.CreateWorkOrder(
      pwd, {.request_id = id, .crew = "North", .tasks = {{"cone off", false}, {"patch", false}}});
  ASSERT_TRUE(order.ok()) << order.error().message;
  WorkOrderPatch tick;
  tick.tasks = std::vector<WorkTask>{{"cone off", true}, {"patch", false}};
  ASSERT_TRUE(svc.PatchWorkOrder(pwd, order->id, tick).ok());
  WorkOrderPatch log;
  log.labour_hours = 2.5;
  log.cost_cents = 4000;
  ASSERT_TRUE(svc.PatchWorkOrder(pwd, order->id, log).ok());
  ASSERT_TRUE(svc.PatchWorkOrder(pwd, order->id, log).ok());  // the same again: no change
  WorkOrderPatch finish;
  finish.done = true;
  ASSERT_TRUE(svc.PatchWorkOrder(pwd, order->id, finish).ok());

  const auto events = WorkEvents(id, true);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].kind, "work_order_created");
  EXPECT_EQ(events[1].text,
            "Work order " + std::to_string(order->id) + ": task \u201ccone off\u201d done");
  EXPECT_EQ(events[2].text, "Work order " + std::to_string(order->id) +
                                ": hours 0 \u2192 2.5; cost 0.00 \u2192 40.00");
  EXPECT_EQ(events[3].kind, "work_order_done");
  for (const auto& e : events) {
    EXPECT_TRUE(e.internal);
    EXPECT_EQ(e.actor_user_id, pwd.user_id);
    EXPECT_EQ(e.request_id, id);
  }
  EXPECT_TRUE(WorkEvents(id, false).empty());
  auto audit = wf.ListAudit("PWD", 100);
  ASSERT_TRUE(audit.ok());
  int entries = 0;
  for (const auto& a : *audit) entries += a.action.starts_with("work_order_") ? 1 : 0;
  EXPECT_EQ(entries, 5);  // every save is audited, even one that changed nothing
}

// A crew register in memory (the SQLite one is SqliteCrewStore, tested through desk2_test).
class MemoryCrews final : public CrewStore {
 public:
  Result<std::vector<Crew>> ListCrews(const std::string& department) override {
    std::vector<Crew> out;
    for (const Crew& c : crews_)
      if (department.empty() || c.department_code == department) out.push_back(c);
    return out;
  }
  Result<std::optional<Crew>> GetCrew(std::int64_t id) override {
    for (const Crew& c : crews_)
      if (c.id == id) return std::optional<Crew>(c);
    return std::optional<Crew>();
  }
  Result<Crew> CreateCrew(Crew c) override {
    c.id = static_cast<std::int64_t>(crews_.size()) + 1;
    crews_.push_back(c);
    return c;
  }
  Status UpdateCrew(const Crew& c) override {
    for (Crew& k : crews_)
      if (k.id == c.id) k = c;
    return OkStatus();
  }

 private:
  std::vector<Crew> crews_;
};

// A department with registered crews takes only its active crews (by id or name); what an order
// already names stays; a department without crews keeps free text.
TEST_F(WorkOrderUseCases, CrewsOfTheRegisterAreEnforcedWhereADepartmentHasThem) {
  MemoryCrews register_;
  svc.SetCrews(&register_);
  CrewService crews(world.city, register_, wf, world.clock);
  const Actor admin = MakeUser(Role::kAdmin, {});
  const Actor pwd = MakeUser(Role::kStaff, {"PWD"});
  const RequestId id = world.Submit(TestWorld::Pothole());
  // No crews yet: free text.
  auto legacy = svc.CreateWorkOrder(pwd, {.request_id = id, .crew = "Old Crew"});
  ASSERT_TRUE(legacy.ok()) << legacy.error().message;
  EXPECT_EQ(crews.Create(pwd, "PWD", "North").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(crews.Create(admin, "NOPE", "North").error().fields.at(0).field, "department_code");
  EXPECT_EQ(crews.Create(admin, "PWD", " ").error().fields.at(0).field, "name");
  const Crew north = crews.Create(admin, "PWD", "North").value();
  const Crew night = crews.Create(admin, "PWD", "Night").value();
  const Crew parks = crews.Create(admin, "SAN", "Bins").value();
  EXPECT_EQ(crews.Active(pwd, "PWD").value().size(), 2u);
  EXPECT_EQ(crews.List(pwd, "SAN").error().code, ErrorCode::kPermissionDenied);

  auto by_id = svc.CreateWorkOrder(pwd, {.request_id = id, .crew_id = north.id});
  ASSERT_TRUE(by_id.ok()) << by_id.error().message;
  EXPECT_EQ(by_id->crew, "North");
  auto by_name = svc.CreateWorkOrder(pwd, {.request_id = id, .crew = "Night"});
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->crew_id, night.id);
  for (WorkOrder bad : {WorkOrder{.request_id = id, .crew = "Made Up"},
                        WorkOrder{.request_id = id, .crew_id = parks.id},
                        WorkOrder{.request_id = id, .crew_id = 999}}) {
    auto refused = svc.CreateWorkOrder(pwd, bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().fields.at(0).field, "crew_id");
  }
  // Retired: refused for new work; an order naming it keeps it, and the legacy text stays.
  ASSERT_TRUE(crews.Update(admin, night.id, "Night", false).ok());
  EXPECT_EQ(svc.CreateWorkOrder(pwd, {.request_id = id, .crew_id = night.id})
                .error()
                .fields.at(0)
                .message,
            "is no longer an active crew");
  WorkOrderPatch hours;
  hours.labour_hours = 3;
  EXPECT_EQ(svc.PatchWorkOrder(pwd, by_name->id, hours).value().crew, "Night");
  EXPECT_EQ(svc.PatchWorkOrder(pwd, legacy->id, hours).value().crew, "Old Crew");
  WorkOrderPatch other;
  other.crew = "Another Made Up";
  EXPECT_FALSE(svc.PatchWorkOrder(pwd, legacy->id, other).ok());
  WorkOrderPatch none;
  none.crew_id = std::optional<std::int64_t>{};
  auto cleared = svc.PatchWorkOrder(pwd, by_id->id, none);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->crew, "");
  EXPECT_FALSE(cleared->crew_id);
}

}  // namespace
}  // namespace civic311::testing
