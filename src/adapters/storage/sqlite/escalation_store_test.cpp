// Escalations on a real database file: the sweep's candidate query (open, not paused, due by the
// horizon, keyset pages), RecordEscalation writing its row, event, audit entry and messages
// together exactly once, and two instances (two stores on one file, as two server processes)
// sweeping at once recording every escalation exactly once.
#include <gtest/gtest.h>

#include <thread>

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "app/escalation_service.hpp"

namespace civic311::testing {
namespace {

class EscalationStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open({.path = dir_.File("e.db")});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(*opened);
    wf_ = std::make_unique<SqliteWorkflowStore>(*store_);
  }

  ServiceRequest Stored(Timestamp expected, RequestState state = RequestState::kAcknowledged) {
    ServiceRequest r = NewRequest("POTHOLE", Day(0));
    r.expected_at = expected;
    r.state = state;
    auto created = store_->Create(r);
    EXPECT_TRUE(created.ok());
    return *created;
  }

  static EscalationRecord Record(RequestId id, std::string rule, Timestamp due_by) {
    EscalationRecord e;
    e.request_id = id;
    e.rule = std::move(rule);
    e.level = 2;
    e.notify = "boss@city.example";
    e.at = Day(5);
    e.due_by = due_by;
    e.event.at = Day(5);
    e.event.kind = "escalated";
    e.event.internal = true;
    e.event.text = "overdue";
    e.audit.at = Day(5);
    e.audit.action = "escalate";
    e.outbox.push_back({.kind = "email"});
    e.make_outbox = [](const TimelineEvent& ev) {
      OutboxMessage m{.kind = "webhook"};
      m.Set("event_id", std::int64_t{ev.id});
      return std::vector<OutboxMessage>{m};
    };
    return e;
  }

  std::int64_t Count(const std::string& sql) {
    auto db = sqlite::Db::Open(dir_.File("e.db"), SQLITE_OPEN_READONLY);
    auto v = (*db)->QueryInt(sql);
    return v.ok() ? *v : -1;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteWorkflowStore> wf_;
};

TEST_F(EscalationStoreTest, CandidatesAreOpenRunningAndDueByTheHorizonInDueOrder) {
  ServiceRequest late = Stored(Day(2));
  ServiceRequest soon = Stored(Day(4));
  Stored(Day(9));                          // not due yet
  Stored(Day(1), RequestState::kFixed);    // closed
  ServiceRequest paused = Stored(Day(1));  // waiting on the resident
  RequestWorkflow w;
  w.clock_paused_at = Day(1);
  ASSERT_TRUE(wf_->SetWorkflow(paused.id, w).ok());

  auto got = wf_->ListSlaCandidates(Day(4), Timestamp{}, 0, 100);
  ASSERT_TRUE(got.ok()) << got.error().detail;
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0].id, late.id);
  EXPECT_EQ((*got)[1].id, soon.id);
  EXPECT_EQ((*got)[0].expected_at, Day(2));
  EXPECT_EQ((*got)[0].service_code, "POTHOLE");
  EXPECT_TRUE((*got)[0].recorded_rules.empty());

  // Keyset paging: after (Day(2), late.id) comes soon.
  auto next = wf_->ListSlaCandidates(Day(4), Day(2), late.id, 100);
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ((*next)[0].id, soon.id);

  // Recorded rules of the current cycle come along.
  EscalationRecord e = Record(late.id, "Overdue to the boss", Day(4));
  ASSERT_TRUE(*wf_->RecordEscalation(e));
  got = wf_->ListSlaCandidates(Day(4), Timestamp{}, 0, 100);
  EXPECT_EQ((*got)[0].recorded_rules, std::vector<std::string>{"Overdue to the boss"});
}

TEST_F(EscalationStoreTest, RecordEscalationWritesEverythingOnce) {
  ServiceRequest r = Stored(Day(2));
  EscalationRecord e = Record(r.id, "Overdue to the boss", Day(3));
  ASSERT_TRUE(*wf_->RecordEscalation(e));
  EXPECT_GT(e.event.id, 0);
  EXPECT_EQ(e.event.state, RequestState::kAcknowledged);
  EscalationRecord again = Record(r.id, "Overdue to the boss", Day(3));
  EXPECT_FALSE(*wf_->RecordEscalation(again));
  EscalationRecord other_rule = Record(r.id, "Another rule", Day(3));
  EXPECT_TRUE(*wf_->RecordEscalation(other_rule));

  EXPECT_EQ(Count("SELECT count(*) FROM escalations"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM request_events WHERE kind = 'escalated' AND internal = 1"),
            2);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'escalate'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE kind = 'email'"), 2);
  EXPECT_EQ(
      Count("SELECT count(*) FROM outbox WHERE kind = 'webhook' AND payload = '{\"event_id\":" +
            std::to_string(e.event.id) + "}'"),
      1);
  // The service request itself is untouched (no version bump: staff edits do not conflict).
  EXPECT_EQ((*store_->Get(r.id))->version, r.version);
}

TEST_F(EscalationStoreTest, NothingIsRecordedWhenTheRequestNoLongerQualifies) {
  ServiceRequest closed = Stored(Day(2), RequestState::kFixed);
  ServiceRequest not_due = Stored(Day(8));
  ServiceRequest paused = Stored(Day(2));
  ServiceRequest next_cycle = Stored(Day(2));
  RequestWorkflow w;
  w.clock_paused_at = Day(1);
  ASSERT_TRUE(wf_->SetWorkflow(paused.id, w).ok());
  RequestWorkflow cycled;
  cycled.sla_cycle = 1;
  ASSERT_TRUE(wf_->SetWorkflow(next_cycle.id, cycled).ok());
  for (RequestId id : {closed.id, not_due.id, paused.id, next_cycle.id}) {
    EscalationRecord e = Record(id, "Overdue to the boss", Day(3));
    EXPECT_FALSE(*wf_->RecordEscalation(e)) << id;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM escalations"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM request_events"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log"), 0);
  // The workflow round-trips its SLA clock fields.
  EXPECT_EQ(wf_->GetWorkflow(paused.id)->clock_paused_at, Day(1));
  EXPECT_EQ(wf_->GetWorkflow(next_cycle.id)->sla_cycle, 1);
}

// Two server instances on one database file sweep at the same moment, several times: every
// (request, rule) is recorded exactly once, with exactly one event, audit entry and message pair.
TEST_F(EscalationStoreTest, TwoInstancesSweepingAtOnceRecordEachEscalationOnce) {
  constexpr int kRequests = 600;  // more than one page of the sweep
  std::vector<ServiceRequest> rs;
  for (int i = 0; i < kRequests; ++i) {
    ServiceRequest r = NewRequest(i % 2 ? "POTHOLE" : "GRAFFITI", Day(0));
    r.expected_at = Day(1, i);
    r.state = RequestState::kInProgress;
    rs.push_back(r);
  }
  ASSERT_TRUE(store_->BulkInsert(rs).ok());

  auto city = std::make_shared<City>();
  city->departments = {{"ROADS", "Roads", "roads@city.example", false}};
  // One webhook endpoint: each escalation writes one webhook row for it.
  city->webhooks = {{"assets", "https://assets.city.example/hook", "HOOK_SECRET", "", {}}};
  city->escalations = {
      {"Overdue to the boss", EscalationTrigger::kOverdue, "*", "", "boss@city.example"},
      {"Overdue potholes to Roads", EscalationTrigger::kOverdue, "POTHOLE", "ROADS", ""},
  };
  FakeClock clock(Day(3));

  auto second = SqliteStore::Open({.path = dir_.File("e.db")});
  ASSERT_TRUE(second.ok()) << second.error().detail;
  SqliteWorkflowStore wf2(**second);
  EscalationService a(city, *wf_, clock);
  EscalationService b(city, wf2, clock);
  std::atomic<int> recorded{0};
  auto run = [&](EscalationService& s) {
    for (int i = 0; i < 3; ++i) {
      auto r = s.Sweep();
      ASSERT_TRUE(r.ok()) << r.error().detail;
      recorded += r->recorded;
    }
  };
  std::thread ta([&] { run(a); });
  std::thread tb([&] { run(b); });
  ta.join();
  tb.join();

  const int expected = kRequests + kRequests / 2;
  EXPECT_EQ(recorded.load(), expected);
  EXPECT_EQ(Count("SELECT count(*) FROM escalations"), expected);
  EXPECT_EQ(Count("SELECT count(*) FROM request_events WHERE kind = 'escalated'"), expected);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'escalate'"), expected);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE kind = 'email'"), expected);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE kind = 'webhook'"), expected);
  EXPECT_EQ(Count("SELECT count(*) FROM (SELECT request_id, rule FROM escalations "
                  "GROUP BY request_id, rule HAVING count(*) > 1)"),
            0);
}

}  // namespace
}  // namespace civic311::testing
