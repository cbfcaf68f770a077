// SqliteWorkflowStore on a real database file: optimistic concurrency of ApplyChange (and that a
// lost race writes nothing), the timeline, users, sessions, resets, work orders, escalations.
#include "adapters/storage/sqlite/workflow_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "adapters/storage/sqlite/alert_store.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311::testing {
namespace {

class WorkflowStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open({.path = dir_.File("w.db")});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(*opened);
    wf_ = std::make_unique<SqliteWorkflowStore>(*store_);
  }

  ServiceRequest NewStored() {
    auto r = store_->Create(NewRequest("POTHOLE", Day(1)));
    EXPECT_TRUE(r.ok());
    return *r;
  }

  // A change that acknowledges `r` (as read) with one event, one audit entry and one message.
  static RequestChange Acknowledge(const ServiceRequest& r, UserId actor) {
    RequestChange c;
    c.request = r;
    c.request.state = RequestState::kAcknowledged;
    c.request.updated_at = Day(2);
    c.events.push_back({.at = Day(2),
                        .actor_user_id = actor,
                        .kind = "acknowledge",
                        .state = RequestState::kAcknowledged,
                        .text = "seen by " + std::to_string(actor)});
    c.audit.push_back({.at = Day(2), .actor_user_id = actor, .action = "acknowledge"});
    c.outbox.push_back({"webhook", "{}"});
    return c;
  }

  std::int64_t Count(const std::string& table) {
    auto db = sqlite::Db::Open(dir_.File("w.db"), SQLITE_OPEN_READONLY);
    auto v = (*db)->QueryInt("SELECT count(*) FROM " + table);
    return v.ok() ? *v : -1;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteWorkflowStore> wf_;
};

TEST_F(WorkflowStoreTest, ApplyChangeWritesEverythingAndBumpsVersion) {
  ServiceRequest r = NewStored();
  RequestChange c = Acknowledge(r, 7);
  c.workflow.assignee_user_id = 9;
  auto applied = wf_->ApplyChange(c);
  ASSERT_TRUE(applied.ok()) << applied.error().detail;
  EXPECT_EQ(applied->version, r.version + 1);
  EXPECT_GT(c.events[0].id, 0);
  auto got = store_->Get(r.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->state, RequestState::kAcknowledged);
  EXPECT_EQ((*got)->version, r.version + 1);
  EXPECT_EQ(wf_->GetWorkflow(r.id)->assignee_user_id, std::optional<UserId>(9));
  EXPECT_EQ(Count("audit_log"), 1);
  EXPECT_EQ(Count("outbox"), 1);
}

TEST_F(WorkflowStoreTest, StaleVersionIsConflictAndWritesNothing) {
  ServiceRequest r = NewStored();
  RequestChange first = Acknowledge(r, 1);
  ASSERT_TRUE(wf_->ApplyChange(first).ok());
  RequestChange stale = Acknowledge(r, 2);  // still carries the old version
  auto second = wf_->ApplyChange(stale);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(wf_->ListEvents(r.id, true)->size(), 1u);
  EXPECT_EQ(Count("audit_log"), 1);
  EXPECT_EQ(Count("outbox"), 1);
}

TEST_F(WorkflowStoreTest, MissingRequestIsNotFound) {
  ServiceRequest ghost = NewRequest("POTHOLE", Day(1));
  ghost.id = 999;
  RequestChange c = Acknowledge(ghost, 1);
  auto applied = wf_->ApplyChange(c);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::kNotFound);
}

// Two threads act on one request read at the same version: exactly one wins, the other gets
// kConflict, and the winner's event is there (none lost, none doubled).
TEST_F(WorkflowStoreTest, ConcurrentChangesOneWinsOtherConflicts) {
  for (int round = 0; round < 20; ++round) {
    ServiceRequest r = NewStored();
    std::atomic<int> ok{0}, conflict{0};
    std::atomic<bool> go{false};
    auto act = [&](UserId actor) {
      RequestChange c = Acknowledge(r, actor);
      while (!go.load()) std::this_thread::yield();
      auto res = wf_->ApplyChange(c);
      if (res.ok())
        ++ok;
      else if (res.error().code == ErrorCode::kConflict)
        ++conflict;
    };
    std::thread a(act, 1), b(act, 2);
    go = true;
    a.join();
    b.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(conflict.load(), 1);
    auto events = wf_->ListEvents(r.id, true);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->size(), 1u);
    EXPECT_EQ((*store_->Get(r.id))->version, r.version + 1);
  }
}

TEST_F(WorkflowStoreTest, InternalEventsAndRequestsStayOutOfPublicUpdates) {
  ServiceRequest r = NewStored();
  RequestChange c = Acknowledge(r, 1);
  c.events.push_back({.at = Day(2),
                      .kind = "internal_note",
                      .state = RequestState::kAcknowledged,
                      .text = "staff only",
                      .internal = true});
  ASSERT_TRUE(wf_->ApplyChange(c).ok());
  EXPECT_EQ(wf_->ListEvents(r.id, false)->size(), 1u);
  EXPECT_EQ(wf_->ListEvents(r.id, true)->size(), 2u);
  auto updates = wf_->ListPublicUpdates(Day(0), Day(3), 100);
  ASSERT_TRUE(updates.ok());
  ASSERT_EQ(updates->size(), 1u);
  EXPECT_EQ((*updates)[0].request_id, r.id);
  EXPECT_EQ((*updates)[0].state, RequestState::kAcknowledged);
  EXPECT_TRUE(wf_->ListPublicUpdates(Day(3), Day(4), 100)->empty());
}

TEST_F(WorkflowStoreTest, DuplicateMovesFollowersAndReporterToParent) {
  ServiceRequest parent = NewStored(), child = NewStored();
  ASSERT_TRUE(wf_->AddFollower(child.id, 5).ok());
  ASSERT_TRUE(wf_->AddFollower(child.id, 5).ok());  // idempotent
  RequestChange c;
  c.request = child;
  c.request.state = RequestState::kDuplicate;
  c.request.parent_id = parent.id;
  c.workflow.reporter_user_id = 6;
  c.move_followers_to = parent.id;
  ASSERT_TRUE(wf_->ApplyChange(c).ok());
  EXPECT_EQ(*wf_->ListFollowers(parent.id), (std::vector<UserId>{5, 6}));
  EXPECT_EQ((*store_->Get(child.id))->parent_id, std::optional<RequestId>(parent.id));
}

TEST_F(WorkflowStoreTest, DuplicateMovesConfirmedEmailFollowsOnly) {
  ServiceRequest parent = NewStored(), child = NewStored();
  SqliteAlertStore alerts(*store_);
  ASSERT_TRUE(alerts.AddEmailFollow(child.id, "ann@example.org", "es", true, Day(1), nullptr).ok());
  ASSERT_TRUE(
      alerts.AddEmailFollow(child.id, "bob@example.org", "en", false, Day(1), nullptr).ok());
  // Already following the parent: kept once.
  ASSERT_TRUE(alerts.AddEmailFollow(parent.id, "cy@example.org", "en", true, Day(1), nullptr).ok());
  ASSERT_TRUE(alerts.AddEmailFollow(child.id, "cy@example.org", "en", true, Day(1), nullptr).ok());
  RequestChange c;
  c.request = child;
  c.request.state = RequestState::kDuplicate;
  c.request.parent_id = parent.id;
  c.move_followers_to = parent.id;
  ASSERT_TRUE(wf_->ApplyChange(c).ok());
  auto told = alerts.FollowerAddresses(parent.id);
  ASSERT_TRUE(told.ok()) << told.error().detail;
  std::vector<std::string> addresses;
  for (const auto& f : *told) addresses.push_back(f.address + "/" + f.lang);
  std::sort(addresses.begin(), addresses.end());
  EXPECT_EQ(addresses, (std::vector<std::string>{"ann@example.org/es", "cy@example.org/en"}));
  EXPECT_EQ(*alerts.CountFollowers(parent.id), 2);
}

TEST_F(WorkflowStoreTest, DigestWindowListsFiledThenTransferredIn) {
  ServiceRequest early = NewRequest("POTHOLE", Day(1));
  early.department_code = "PARKS";
  early = *store_->Create(early);
  ASSERT_TRUE(store_->Create(NewRequest("POTHOLE", Day(1))).ok());  // ROADS, before: not listed
  ServiceRequest fresh = *store_->Create(NewRequest("POTHOLE", Day(3)));  // ROADS, in the window
  // PARKS hands `early` to ROADS on day 3: ROADS's digest for days 2–4 lists it.
  RequestChange c;
  c.request = early;
  c.request.department_code = "ROADS";
  c.request.updated_at = Day(3);
  c.events.push_back({.at = Day(3), .actor_user_id = 1, .kind = "transfer", .text = "roads"});
  ASSERT_TRUE(wf_->ApplyChange(c).ok());
  auto ids = [](const std::vector<ServiceRequest>& rs) {
    std::vector<RequestId> out;
    for (const auto& r : rs) out.push_back(r.id);
    return out;
  };
  EXPECT_EQ(ids(*wf_->ListFiledBetween({"ROADS"}, Day(2), Day(4), 10)),
            (std::vector<RequestId>{fresh.id, early.id}));
  EXPECT_EQ(ids(*wf_->ListFiledBetween({"ROADS"}, Day(2), Day(4), 1)),
            (std::vector<RequestId>{fresh.id}));
  EXPECT_TRUE(wf_->ListFiledBetween({"PARKS"}, Day(2), Day(4), 10)->empty());  // moved away
  EXPECT_EQ(ids(*wf_->ListFiledBetween({"ROADS"}, Day(3), Day(4), 10)), std::vector<RequestId>{});
}

// Escalations: escalation_store_test.cpp.

TEST_F(WorkflowStoreTest, UsersSessionsResetsAndLogins) {
  User u{.email = "Ann@City.example",
         .display_name = "Ann",
         .role = Role::kStaff,
         .departments = {"ROADS", "PARKS"},
         .password_hash = "$argon2id$x"};
  auto created = wf_->CreateUser(u);
  ASSERT_TRUE(created.ok()) << created.error().detail;
  EXPECT_EQ(wf_->CreateUser(u).error().code, ErrorCode::kConflict);
  auto found = wf_->FindUserByEmail("ann@city.example");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->departments, (std::vector<std::string>{"ROADS", "PARKS"}));
  EXPECT_EQ((*found)->role, Role::kStaff);
  ASSERT_TRUE(wf_->SetUserDisabled("ANN@city.example", true).ok());
  EXPECT_TRUE((*wf_->GetUser(created->id))->disabled);
  EXPECT_EQ(wf_->SetUserDisabled("nobody@x", true).error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(wf_->RecordTotpStep(created->id, 10).ok());
  EXPECT_EQ(wf_->RecordTotpStep(created->id, 10).error().code, ErrorCode::kConflict);

  ASSERT_TRUE(wf_->SetProfile(created->id, "Renamed", true).ok());
  EXPECT_EQ((*wf_->GetUser(created->id))->display_name, "Renamed");
  EXPECT_TRUE((*wf_->GetUser(created->id))->hide_name);
  EXPECT_EQ(wf_->SetProfile(9999, "x", false).error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(wf_->CreateSession({"h1", created->id, Day(1), Day(2)}).ok());
  EXPECT_TRUE(wf_->FindSession("h1", Day(1, 5))->has_value());
  EXPECT_FALSE(wf_->FindSession("h1", Day(2))->has_value());  // expired
  ASSERT_TRUE(wf_->DeleteSession("h1").ok());
  EXPECT_FALSE(wf_->FindSession("h1", Day(1, 5))->has_value());
  ASSERT_TRUE(wf_->CreateSession({"h2", created->id, Day(1), Day(3)}).ok());
  ASSERT_TRUE(wf_->CreateSession({"h3", created->id, Day(1), Day(3)}).ok());
  ASSERT_TRUE(wf_->DeleteSessionsOfUser(created->id).ok());
  EXPECT_FALSE(wf_->FindSession("h2", Day(1, 5))->has_value());
  EXPECT_FALSE(wf_->FindSession("h3", Day(1, 5))->has_value());

  ASSERT_TRUE(wf_->CreatePasswordReset("r0", created->id, Day(2)).ok());
  ASSERT_TRUE(wf_->CreatePasswordReset("r1", created->id, Day(2)).ok());
  // Finding 9: looking a token up does not use it.
  EXPECT_EQ(*wf_->FindPasswordReset("r1", Day(1)), std::optional<UserId>(created->id));
  EXPECT_EQ(*wf_->FindPasswordReset("r1", Day(1)), std::optional<UserId>(created->id));
  EXPECT_FALSE(wf_->FindPasswordReset("r1", Day(3))->has_value());  // expired
  EXPECT_EQ(*wf_->ConsumePasswordReset("r1", Day(1)), std::optional<UserId>(created->id));
  EXPECT_FALSE(wf_->ConsumePasswordReset("r1", Day(1))->has_value());  // one use only
  // Finding 8: using one voided the account's other tokens.
  EXPECT_FALSE(wf_->FindPasswordReset("r0", Day(1))->has_value());
  EXPECT_FALSE(wf_->ConsumePasswordReset("r0", Day(1))->has_value());

  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(wf_->RecordLoginAttempt("ann@city.example", Day(1, i), false).ok());
  EXPECT_EQ(*wf_->CountFailedLogins("ANN@city.example", Day(1, 1)), 2);
  // A success starts the count again.
  ASSERT_TRUE(wf_->RecordLoginAttempt("ann@city.example", Day(1, 9), true).ok());
  EXPECT_EQ(*wf_->CountFailedLogins("ANN@city.example", Day(1, 1)), 0);
  ASSERT_TRUE(wf_->RecordLoginAttempt("ann@city.example", Day(1, 10), false).ok());
  EXPECT_EQ(*wf_->CountFailedLogins("ANN@city.example", Day(1, 1)), 1);
}

TEST_F(WorkflowStoreTest, WorkOrdersRoundTripWithTasks) {
  ServiceRequest r = NewStored();
  WorkOrder w{.request_id = r.id,
              .department_code = "ROADS",
              .crew = "crew 3",
              .tasks = {{"cone off", false}, {"patch", false}},
              .labour_hours = 1.5,
              .cost_cents = 12000};
  auto created = wf_->CreateWorkOrder(w, {});
  ASSERT_TRUE(created.ok()) << created.error().detail;
  created->tasks[1].done = true;
  created->done = true;
  ASSERT_TRUE(wf_->UpdateWorkOrder(*created, {}).ok());
  auto list = wf_->ListWorkOrders(r.id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].done);
  EXPECT_TRUE((*list)[0].tasks[1].done);
  EXPECT_EQ((*list)[0].tasks[0].text, "cone off");
  auto proactive = wf_->CreateWorkOrder({.department_code = "ROADS", .crew = "crew 1"}, {});
  ASSERT_TRUE(proactive.ok());
  EXPECT_FALSE((*wf_->GetWorkOrder(proactive->id))->request_id.has_value());
  WorkOrder ghost;
  ghost.id = 999;
  EXPECT_EQ(wf_->UpdateWorkOrder(ghost, {}).error().code, ErrorCode::kNotFound);
}

// Issue 9 (the request desk): a work-order change and its timeline event and audit entry are one
// transaction; the event takes the request's state as it is when written.
TEST_F(WorkflowStoreTest, WorkOrderRecordsAreWrittenWithTheOrder) {
  ServiceRequest r = NewStored();
  RequestChange ack = Acknowledge(r, 7);
  ASSERT_TRUE(wf_->ApplyChange(ack).ok());
  const std::int64_t events = Count("request_events"), audit = Count("audit_log");
  auto records = [](const WorkOrder& stored) {
    WorkOrderRecords rec;
    rec.events.push_back({.at = Day(3),
                          .actor_user_id = 7,
                          .kind = "work_order_created",
                          .text = "Work order " + std::to_string(stored.id),
                          .internal = true});
    rec.audit.push_back({.at = Day(3), .actor_user_id = 7, .action = "work_order_create"});
    return rec;
  };
  auto created =
      wf_->CreateWorkOrder({.request_id = r.id, .department_code = "ROADS", .crew = "c"}, records);
  ASSERT_TRUE(created.ok()) << created.error().detail;
  EXPECT_EQ(Count("request_events"), events + 1);
  EXPECT_EQ(Count("audit_log"), audit + 1);
  auto timeline = wf_->ListEvents(r.id, true);
  ASSERT_TRUE(timeline.ok());
  const TimelineEvent& e = timeline->back();
  EXPECT_EQ(e.kind, "work_order_created");
  EXPECT_EQ(e.text, "Work order " + std::to_string(created->id));  // the id the store assigned
  EXPECT_EQ(e.state, RequestState::kAcknowledged);
  EXPECT_TRUE(e.internal);
  EXPECT_TRUE(wf_->ListEvents(r.id, false)->size() < timeline->size());  // never public

  // An update of a missing order writes nothing else either.
  WorkOrder ghost = *created;
  ghost.id = 999;
  EXPECT_EQ(wf_->UpdateWorkOrder(ghost, records).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("request_events"), events + 1);
  EXPECT_EQ(Count("audit_log"), audit + 1);
  ASSERT_TRUE(wf_->UpdateWorkOrder(*created, records).ok());
  EXPECT_EQ(Count("request_events"), events + 2);
  // Proactive work (no request): the audit entry only.
  ASSERT_TRUE(wf_->CreateWorkOrder({.department_code = "ROADS"}, records).ok());
  EXPECT_EQ(Count("request_events"), events + 2);
  EXPECT_EQ(Count("audit_log"), audit + 3);
}

// Two people saving one work order at once (migration 0028): an update names the version it
// read; once another update has moved the order on, it is refused and writes nothing — not the
// order, its tasks, its timeline event nor its audit entry.
TEST_F(WorkflowStoreTest, AWorkOrderUpdateOverAStaleVersionIsRefusedAndWritesNothing) {
  ServiceRequest r = NewStored();
  auto records = [](const WorkOrder&) {
    WorkOrderRecords rec;
    rec.events.push_back({.at = Day(3), .actor_user_id = 7, .kind = "work_order_updated"});
    rec.audit.push_back({.at = Day(3), .actor_user_id = 7, .action = "work_order_update"});
    return rec;
  };
  auto created = wf_->CreateWorkOrder(
      {.request_id = r.id, .department_code = "ROADS", .crew = "c", .updated_by = 7}, {});
  ASSERT_TRUE(created.ok()) << created.error().detail;
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ((*wf_->GetWorkOrder(created->id))->version, 1);
  // Both read version 1; the first saves.
  WorkOrder first = *created, second = *created;
  first.labour_hours = 2;
  first.updated_by = 7;
  ASSERT_TRUE(wf_->UpdateWorkOrder(first, records).ok());
  auto now = wf_->GetWorkOrder(created->id);
  ASSERT_TRUE(now.ok() && now->has_value());
  EXPECT_EQ((*now)->version, 2);
  EXPECT_EQ((*now)->updated_by, 7);
  const std::int64_t events = Count("request_events"), audit = Count("audit_log");
  // The second, still over version 1: refused, nothing of it written.
  second.labour_hours = 5;
  second.tasks = {{"a task typed meanwhile", false}};
  second.updated_by = 8;
  auto stale = wf_->UpdateWorkOrder(second, records);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  now = wf_->GetWorkOrder(created->id);
  EXPECT_EQ((*now)->labour_hours, 2);
  EXPECT_TRUE((*now)->tasks.empty());
  EXPECT_EQ((*now)->version, 2);
  EXPECT_EQ((*now)->updated_by, 7);
  EXPECT_EQ(Count("request_events"), events);
  EXPECT_EQ(Count("audit_log"), audit);
  // Over the version it now reads, it saves.
  second.version = 2;
  ASSERT_TRUE(wf_->UpdateWorkOrder(second, records).ok());
  EXPECT_EQ((*wf_->GetWorkOrder(created->id))->version, 3);
  EXPECT_EQ((*wf_->GetWorkOrder(created->id))->labour_hours, 5);
}

TEST_F(WorkflowStoreTest, AuditLogIsAppendOnly) {
  ASSERT_TRUE(wf_->AppendAudit({.at = Day(1),
                                .actor_user_id = 1,
                                .action = "view_contact",
                                .department_code = "ROADS"})
                  .ok());
  ASSERT_TRUE(wf_->AppendAudit(
                     {.at = Day(1), .actor_user_id = 1, .action = "x", .department_code = "PARKS"})
                  .ok());
  EXPECT_EQ(wf_->ListAudit("ROADS", 10)->size(), 1u);
  EXPECT_EQ(wf_->ListAudit("", 10)->size(), 2u);
  auto db = sqlite::Db::Open(dir_.File("w.db"), SQLITE_OPEN_READWRITE);
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE((*db)->Exec("DELETE FROM audit_log").ok());
  EXPECT_FALSE((*db)->Exec("UPDATE audit_log SET action = 'y'").ok());
}

TEST_F(WorkflowStoreTest, CreateRequestWritesRequestEventsAuditAndOutboxInOneTransaction) {
  RequestChange c;
  c.events.push_back({.at = Day(1), .actor_user_id = 3, .kind = "created", .internal = true});
  c.audit.push_back({.at = Day(1), .actor_user_id = 3, .action = "create_on_behalf"});
  c.make_outbox = [](const ServiceRequest& r, const std::vector<TimelineEvent>& events) {
    OutboxMessage m{.kind = "webhook"};
    m.Set("id", std::int64_t{r.id}).Set("event", std::int64_t{events.at(0).id});
    return std::vector<OutboxMessage>{m};
  };
  auto created = wf_->CreateRequest(NewRequest("POTHOLE", Day(1)), c);
  ASSERT_TRUE(created.ok()) << created.error().detail;
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(c.events[0].request_id, created->id);
  EXPECT_GT(c.events[0].id, 0);
  EXPECT_EQ(Count("service_requests"), 1);
  EXPECT_EQ(Count("request_events"), 1);
  EXPECT_EQ(Count("audit_log"), 1);
  auto db = sqlite::Db::Open(dir_.File("w.db"), SQLITE_OPEN_READONLY);
  auto payload = (*db)->Prepare("SELECT payload FROM outbox");
  ASSERT_TRUE(payload.ok());
  ASSERT_TRUE(payload->Step().value());
  EXPECT_EQ(payload->String(0), "{\"id\":" + std::to_string(created->id) +
                                    ",\"event\":" + std::to_string(c.events[0].id) + "}");
  auto audit = wf_->ListAudit("", 10);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].request_id, created->id);
}

TEST_F(WorkflowStoreTest, AFailedCreateRequestLeavesNoRequestBehind) {
  // Failure injection in the real database: the outbox refuses rows.
  {
    auto db = sqlite::Db::Open(dir_.File("w.db"), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Exec("CREATE TRIGGER refuse BEFORE INSERT ON outbox "
                           "BEGIN SELECT RAISE(ABORT, 'injected'); END")
                    .ok());
  }
  RequestChange c;
  c.events.push_back({.at = Day(1), .kind = "created", .internal = true});
  c.outbox.push_back({"webhook", "{}"});
  auto created = wf_->CreateRequest(NewRequest("POTHOLE", Day(1)), c);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(Count("service_requests"), 0);
  EXPECT_EQ(Count("request_events"), 0);
  // The store still works afterwards.
  EXPECT_TRUE(store_->Create(NewRequest("POTHOLE", Day(1))).ok());
  EXPECT_EQ(Count("service_requests"), 1);
}

TEST_F(WorkflowStoreTest, FollowersComeAndGo) {
  ServiceRequest r = NewStored();
  ASSERT_TRUE(wf_->AddFollower(r.id, 5).ok());
  ASSERT_TRUE(wf_->AddFollower(r.id, 5).ok());
  ASSERT_TRUE(wf_->AddFollower(r.id, 6).ok());
  EXPECT_EQ(wf_->ListFollowers(r.id)->size(), 2u);
  ASSERT_TRUE(wf_->RemoveFollower(r.id, 5).ok());
  ASSERT_TRUE(wf_->RemoveFollower(r.id, 5).ok());
  EXPECT_EQ(*wf_->ListFollowers(r.id), std::vector<UserId>{6});
}

// Migration 0019: an internal request raised from another is linked in its own transaction.
TEST_F(WorkflowStoreTest, InternalRequestLinksAreWrittenWithTheRequestOnly) {
  ServiceRequest from = NewStored();
  EXPECT_TRUE(wf_->ListRaisedFrom(from.id)->empty());
  std::vector<RequestId> raised;
  for (int i = 0; i < 2; ++i) {
    RequestChange c;
    c.events.push_back({.at = Day(2), .kind = "created", .internal = true});
    c.raised_from = from.id;
    ServiceRequest r = NewRequest("POTHOLE", Day(2));
    r.internal = true;
    auto created = wf_->CreateRequest(r, c);
    ASSERT_TRUE(created.ok()) << created.error().detail;
    raised.push_back(created->id);
  }
  EXPECT_EQ(*wf_->ListRaisedFrom(from.id), raised);
  EXPECT_TRUE(wf_->ListRaisedFrom(raised[0])->empty());
  {
    auto db = sqlite::Db::Open(dir_.File("w.db"), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Exec("CREATE TRIGGER refuse BEFORE INSERT ON request_events "
                           "BEGIN SELECT RAISE(ABORT, 'injected'); END")
                    .ok());
  }
  RequestChange failing;
  failing.events.push_back({.at = Day(3), .kind = "created", .internal = true});
  failing.raised_from = from.id;
  ASSERT_FALSE(wf_->CreateRequest(NewRequest("POTHOLE", Day(3)), failing).ok());
  EXPECT_EQ(*wf_->ListRaisedFrom(from.id), raised);
  EXPECT_EQ(Count("internal_request_links"), 2);
}

}  // namespace
}  // namespace civic311::testing
