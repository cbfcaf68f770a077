// SqliteWorkflowStore::CountStaffRequests: the counts per state of the console's queue tabs. With
// no filter but departments, states and visibility they come from request_state_counts (migration
// 0021, kept in step by triggers); they must equal what counting the requests themselves gives,
// after every kind of write, and for databases that held requests before the migration.
#include <gtest/gtest.h>

#include <random>

#include "adapters/storage/sqlite/migrations.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"

namespace civic311::testing {
namespace {

using Counts = std::vector<std::pair<RequestState, std::int64_t>>;

const std::vector<std::string> kDepartments = {"ROADS", "PARKS", "WATER"};

class StaffCountStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(dir_.File("counts.db")); }
  void Open(const std::string& path) {
    wf_.reset();
    store_.reset();
    path_ = path;
    auto opened = SqliteStore::Open({.path = path});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(*opened);
    wf_ = std::make_unique<SqliteWorkflowStore>(*store_);
  }

  Counts Count(const StaffListQuery& q) {
    auto counted = wf_->CountStaffRequests(q);
    EXPECT_TRUE(counted.ok()) << counted.error().detail;
    if (!counted.ok()) return Counts{};
    EXPECT_FALSE(counted->capped);
    return counted->by_state;
  }
  StateCounts CountCapped(StaffListQuery q, std::int64_t cap) {
    q.count_cap = cap;
    auto counted = wf_->CountStaffRequests(q);
    EXPECT_TRUE(counted.ok()) << counted.error().detail;
    return counted.ok() ? *counted : StateCounts{};
  }
  // The same query counted from the requests themselves: a filter that holds for every request
  // (requested on or after the epoch) takes the store off the tallies.
  Counts CountRequests(StaffListQuery q) {
    q.requested_from = Timestamp{};
    return Count(q);
  }

  // Runs SQL on a connection of its own (what another writer, an import, would do).
  void Exec(const std::string& sql) {
    auto db = sqlite::Db::Open(path_, SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec(sql).ok()) << sql;
  }

  // Every combination of departments, open/all states, visibility and scope the queue asks for
  // gives the same counts both ways.
  void ExpectTalliesMatchTheRequests() {
    const std::vector<std::vector<std::string>> departments = {
        {}, {"ROADS"}, {"PARKS", "WATER"}, {"ROADS", "ROADS"}, {"NOWHERE"}};
    std::vector<RequestState> open;
    for (RequestState s : kAllStates)
      if (IsOpen(s)) open.push_back(s);
    const std::vector<std::vector<RequestState>> states = {{}, open, {RequestState::kFixed}};
    for (const auto& d : departments) {
      for (const auto& st : states) {
        for (bool internal : {false, true}) {
          for (int scope = 0; scope < 3; ++scope) {
            StaffListQuery q;
            q.departments = d;
            q.states = st;
            q.include_internal = internal;
            q.scope_anywhere = scope == 0;
            if (scope > 0) q.scope_departments = {"ROADS", "PARKS"};
            if (scope == 2) q.scope_reporter_user_id = 7;
            SCOPED_TRACE(::testing::Message()
                         << "departments " << d.size() << " states " << st.size() << " internal "
                         << internal << " scope " << scope);
            EXPECT_EQ(Count(q), CountRequests(q));
          }
        }
      }
    }
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteWorkflowStore> wf_;
};

TEST_F(StaffCountStoreTest, TalliesFollowInsertsStateChangesTransfersAndDeletes) {
  std::mt19937 rng(2112);
  std::vector<RequestId> ids;
  for (int i = 0; i < 300; ++i) {
    ServiceRequest r = NewRequest("POTHOLE", Day(i % 60, i));
    r.department_code = kDepartments[rng() % kDepartments.size()];
    r.state = kAllStates[rng() % std::size(kAllStates)];
    r.internal = rng() % 5 == 0;
    auto created = store_->Create(std::move(r));
    ASSERT_TRUE(created.ok());
    ids.push_back(created->id);
  }
  ExpectTalliesMatchTheRequests();
  StaffListQuery roads;
  roads.departments = {"ROADS"};
  roads.states = {RequestState::kSubmitted};
  const Counts before = Count(roads);
  ASSERT_EQ(before.size(), 1u);

  // Every kind of change, as raw SQL from another connection: the triggers, not the store's own
  // code paths, keep the tallies.
  for (int i = 0; i < 120; ++i) {
    const std::string id = std::to_string(ids[rng() % ids.size()]);
    switch (i % 5) {
      case 0:
        Exec("UPDATE service_requests SET state = '" +
             std::string(StateName(kAllStates[rng() % std::size(kAllStates)])) +
             "' WHERE id = " + id);
        break;
      case 1:
        Exec("UPDATE service_requests SET department_code = '" +
             kDepartments[rng() % kDepartments.size()] + "' WHERE id = " + id);
        break;
      case 2:
        Exec("UPDATE service_requests SET internal = 1 - internal WHERE id = " + id);
        break;
      case 3:  // nothing the tallies count changes
        Exec("UPDATE service_requests SET state = state, description = 'again' WHERE id = " + id);
        break;
      case 4:
        Exec("DELETE FROM service_requests WHERE id = " + id);
        break;
    }
  }
  ExpectTalliesMatchTheRequests();

  // A state no request is in any more is not listed (as GROUP BY over the requests).
  Exec(
      "UPDATE service_requests SET state = 'fixed' WHERE department_code = 'ROADS' AND state = "
      "'submitted'");
  EXPECT_EQ(Count(roads), Counts{});
  ExpectTalliesMatchTheRequests();
}

TEST_F(StaffCountStoreTest, FilteredCountsStillCountTheRequests) {
  ServiceRequest a = NewRequest("POTHOLE", Day(1));
  ServiceRequest b = NewRequest("GRAFFITI", Day(2));
  ASSERT_TRUE(store_->Create(a).ok());
  ASSERT_TRUE(store_->Create(b).ok());
  StaffListQuery q;
  q.departments = {"ROADS"};
  EXPECT_EQ(Count(q), (Counts{{RequestState::kSubmitted, 2}}));
  q.service_codes = {"GRAFFITI"};
  EXPECT_EQ(Count(q), (Counts{{RequestState::kSubmitted, 1}}));
  q.service_codes.clear();
  q.requested_from = Day(2);
  EXPECT_EQ(Count(q), (Counts{{RequestState::kSubmitted, 1}}));
}

std::int64_t Total(const StateCounts& c) {
  std::int64_t n = 0;
  for (const auto& [state, k] : c.by_state) n += k;
  return n;
}

// The queue's filtered counts stop after cap + 1 matches (the tab then says "1000+"): at or below
// the cap they are exact per state; one more and the answer says capped.
TEST_F(StaffCountStoreTest, FilteredCountsStopAfterTheCapAndAreExactBelowIt) {
  for (int i = 0; i < 12; ++i) {
    ServiceRequest r = NewRequest(i % 3 == 0 ? "GRAFFITI" : "POTHOLE", Day(1, i));
    r.state = i % 2 == 0 ? RequestState::kSubmitted : RequestState::kAcknowledged;
    ASSERT_TRUE(store_->Create(std::move(r)).ok());
  }
  StaffListQuery q;
  q.departments = {"ROADS"};
  q.service_codes = {"POTHOLE"};  // 8 requests: 4 submitted, 4 acknowledged
  const Counts exact{{RequestState::kAcknowledged, 4}, {RequestState::kSubmitted, 4}};
  EXPECT_EQ(Count(q), exact);
  for (std::int64_t cap : {8, 9, 100}) {
    SCOPED_TRACE(cap);
    const StateCounts c = CountCapped(q, cap);
    EXPECT_FALSE(c.capped);
    EXPECT_EQ(c.by_state, exact);
  }
  for (std::int64_t cap : {1, 5, 7}) {
    SCOPED_TRACE(cap);
    const StateCounts c = CountCapped(q, cap);
    EXPECT_TRUE(c.capped);
    EXPECT_EQ(Total(c), cap + 1);  // read no further than one past the cap
  }
  // The unfiltered count comes from the tallies, exact whatever the cap.
  q.service_codes.clear();
  const StateCounts all = CountCapped(q, 3);
  EXPECT_FALSE(all.capped);
  EXPECT_EQ(Total(all), 12);
}

// A capped count of a word search reads the newest matches first (CountStaffRequests): past the
// cap it says so, and below it the count is exact even when every match it counts is among the
// oldest, far below the bounds it tries first.
TEST_F(StaffCountStoreTest, CappedWordSearchIsExactBelowTheCapWhereverTheMatchesAre) {
  std::vector<ServiceRequest> rs;
  for (int i = 0; i < 1500; ++i) {
    ServiceRequest r = NewRequest("POTHOLE", Day(i / 50, i));
    r.department_code = i < 4 ? "PARKS" : "ROADS";  // the 4 oldest in the parks
    r.state = i % 3 == 0 ? RequestState::kAcknowledged : RequestState::kSubmitted;
    r.description = i % 2 == 0 ? "deep pothole" : "cracked kerb";
    if (i == 7) r.description = "a bollard knocked over";
    rs.push_back(std::move(r));
  }
  ASSERT_TRUE(store_->BulkInsert(rs).ok());
  StaffListQuery q;
  q.text = "pothole";
  q.departments = {"ROADS"};  // 1496 matches (the service's name is searched too)
  StateCounts c = CountCapped(q, 5);
  EXPECT_TRUE(c.capped);
  EXPECT_EQ(Total(c), 6);
  // The parks' four matches are the oldest of 1500: the bounded counts find none; the exact
  // count finds them all.
  q.departments = {"PARKS"};
  c = CountCapped(q, 5);
  EXPECT_FALSE(c.capped);
  EXPECT_EQ(c.by_state, (Counts{{RequestState::kAcknowledged, 2}, {RequestState::kSubmitted, 2}}));
  // Fewer matches than the first bound: read whole, exact.
  q.departments = {"ROADS"};
  q.text = "bollard";
  c = CountCapped(q, 5);
  EXPECT_FALSE(c.capped);
  EXPECT_EQ(c.by_state, (Counts{{RequestState::kSubmitted, 1}}));
  // A capped count below every bound agrees with the exact count.
  q.text = "pothole";
  q.states = {RequestState::kAcknowledged};
  c = CountCapped(q, 1000);
  EXPECT_FALSE(c.capped);
  EXPECT_EQ(c.by_state, CountRequests(q));
}

// A department outside the scope counts only what the actor reported: the tallies cannot say.
TEST_F(StaffCountStoreTest, DepartmentOutsideTheScopeCountsOnlyOwnReports) {
  ServiceRequest mine = NewRequest("POTHOLE", Day(1));
  ServiceRequest other = NewRequest("POTHOLE", Day(2));
  auto m = store_->Create(mine);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(store_->Create(other).ok());
  ASSERT_TRUE(wf_->SetWorkflow(m->id, RequestWorkflow{std::nullopt, 7, std::nullopt}).ok());
  StaffListQuery q;
  q.departments = {"ROADS"};
  q.scope_anywhere = false;
  q.scope_departments = {"PARKS"};
  q.scope_reporter_user_id = 7;
  EXPECT_EQ(Count(q), (Counts{{RequestState::kSubmitted, 1}}));
  q.departments.clear();
  EXPECT_EQ(Count(q), (Counts{{RequestState::kSubmitted, 1}}));
}

// Migration 0021 tallies the requests a database already holds.
TEST_F(StaffCountStoreTest, MigrationTalliesRequestsStoredBeforeIt) {
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    ServiceRequest r = NewRequest("POTHOLE", Day(i % 30, i));
    r.department_code = kDepartments[rng() % kDepartments.size()];
    r.state = kAllStates[rng() % std::size(kAllStates)];
    r.internal = rng() % 4 == 0;
    ASSERT_TRUE(store_->Create(std::move(r)).ok());
  }
  wf_.reset();
  store_.reset();
  // Back to schema 18 as it was before 0021: its table and triggers gone, its version unrecorded.
  Exec(
      "DROP TRIGGER request_state_counts_insert; DROP TRIGGER request_state_counts_update;"
      "DROP TRIGGER request_state_counts_delete; DROP TABLE request_state_counts;"
      "DELETE FROM schema_migrations WHERE version = 21");
  Exec("UPDATE service_requests SET state = 'fixed' WHERE id % 3 = 0");  // written by schema 18
  Open(path_);
  EXPECT_EQ(store_->SchemaVersion(), sqlite::LatestSchemaVersion());
  ExpectTalliesMatchTheRequests();
}

}  // namespace
}  // namespace civic311::testing
