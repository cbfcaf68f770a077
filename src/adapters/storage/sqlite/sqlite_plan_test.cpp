// Query plans: List uses an index for every shape of query (checked with EXPLAIN QUERY PLAN, not
// with timings), picks the driving index by the data (request_query.hpp), and every driver
// returns exactly the same rows.
#include <gtest/gtest.h>

#include <random>

#include "adapters/storage/sqlite/request_query.hpp"
#include "adapters/storage/sqlite/request_rows.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/storage/sqlite/staff_query.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"

namespace civic311::testing {
namespace {

using sqlite::ListDriver;

class SqlitePlanTest : public ::testing::Test {
 protected:
  // One city of 30,000 requests for the whole suite: loading it is the slow part.
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto opened = SqliteStore::Open({.path = dir_->File("plans.db")});
    ASSERT_TRUE(opened.ok());
    store_ = opened->release();
    std::mt19937 rng(2026);
    auto rs = CityRequests(30'000, rng, "plan");
    ASSERT_TRUE(store_->BulkInsert(rs).ok());
  }
  static void TearDownTestSuite() {
    delete store_;
    delete dir_;
  }

  static std::string Plan(const RequestQuery& q) {
    auto plan = store_->ExplainList(q);
    EXPECT_TRUE(plan.ok()) << plan.error().detail;
    std::string text;
    for (const auto& line : plan.ok() ? *plan : std::vector<std::string>{}) text += line + "\n";
    return text;
  }

  static RequestQuery Window(RequestQuery q = {}) {
    q.start = Day(-90);
    q.end = Day(0);
    return q;
  }

  static inline TempDir* dir_ = nullptr;
  static inline SqliteStore* store_ = nullptr;
};

// A full scan of the requests table (as opposed to a scan of an index) never happens.
void ExpectNoTableScan(const std::string& plan) {
  EXPECT_EQ(plan.find("SCAN r\n"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("SCAN service_requests\n"), std::string::npos) << plan;
}

TEST_F(SqlitePlanTest, TimeWindowWalksTheRequestedIndexWithoutSorting) {
  std::string plan = Plan(Window());
  EXPECT_NE(plan.find("USING INDEX service_requests_requested (requested_at>? AND "
                      "requested_at<?)"),
            std::string::npos)
      << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
  ExpectNoTableScan(plan);

  plan = Plan(RequestQuery{});  // newest first, no filter at all
  EXPECT_NE(plan.find("SCAN r USING INDEX service_requests_requested"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

TEST_F(SqlitePlanTest, SelectiveFiltersUseTheirOwnIndex) {
  RequestQuery rare;
  rare.service_codes = {"SVC19"};
  std::string plan = Plan(rare);
  EXPECT_NE(plan.find("service_requests_service_requested (service_code=?)"), std::string::npos)
      << plan;

  RequestQuery street;
  street.bbox = RequestQuery::BBox{52.350, 4.880, 52.355, 4.890};
  plan = Plan(street);
  EXPECT_NE(plan.find("request_locations VIRTUAL TABLE"), std::string::npos) << plan;
  EXPECT_NE(plan.find("INTEGER PRIMARY KEY"), std::string::npos) << plan;
  ExpectNoTableScan(plan);

  RequestQuery one_state;
  one_state.states = {RequestState::kReopened};
  one_state.end = Day(-300);  // old requests are rarely reopened
  plan = Plan(one_state);
  EXPECT_NE(plan.find("USING INDEX service_requests_state_requested (state=? AND "
                      "requested_at<?)"),
            std::string::npos)
      << plan;

  RequestQuery sync;  // "what changed in this hour, long ago"
  sync.updated_after = Day(-500);
  sync.updated_before = Day(-500, 3600);
  plan = Plan(sync);
  EXPECT_NE(plan.find("USING INDEX service_requests_updated (updated_at>? AND updated_at<?)"),
            std::string::npos)
      << plan;

  RequestQuery ids;
  ids.ids = {5, 7, 11};
  plan = Plan(ids);
  EXPECT_NE(plan.find("SEARCH r USING INTEGER PRIMARY KEY (rowid=?)"), std::string::npos) << plan;
}

// (Pages of 100, so that this small city's filters feed in more than the cap of ten pages.)
TEST_F(SqlitePlanTest, UnselectiveFiltersWalkTimeAndStopEarly) {
  RequestQuery open;
  open.limit = 100;
  open.states.assign(kAllStates, kAllStates + 7);  // every open state: a large share of rows
  std::string plan = Plan(open);
  EXPECT_NE(plan.find("USING INDEX service_requests_requested"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;

  RequestQuery city = Window();
  city.limit = 100;
  city.bbox = RequestQuery::BBox{52.0, 4.5, 52.6, 5.2};  // the whole city
  plan = Plan(city);
  EXPECT_NE(plan.find("USING INDEX service_requests_requested"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("request_locations"), std::string::npos) << plan;

  RequestQuery popular;
  popular.limit = 100;
  popular.service_codes = {"SVC0", "SVC1"};
  plan = Plan(popular);
  EXPECT_NE(plan.find("USING INDEX service_requests_requested"), std::string::npos) << plan;
}

// One service with the portal's other filters, unselective ones (open states, a box around the
// whole city; pages of 100 as above): the walk decides every filter from the service index
// (migration 0021) and sorts nothing but ties.
TEST_F(SqlitePlanTest, OneServiceWalksItsCoveringIndexNewestFirst) {
  RequestQuery q;
  q.limit = 100;
  q.start = Day(-2000);
  q.service_codes = {"SVC0"};
  q.states.assign(kAllStates, kAllStates + 7);
  q.bbox = RequestQuery::BBox{52.0, 4.5, 52.6, 5.2};
  auto db = sqlite::Db::Open(dir_->File("plans.db"), SQLITE_OPEN_READONLY);
  ASSERT_TRUE(db.ok());
  auto chosen = sqlite::ChooseDriver(**db, q);
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen, ListDriver::kServiceWalk);
  const std::string plan = Plan(q);
  EXPECT_NE(plan.find("USING COVERING INDEX service_requests_service_requested (service_code=? "
                      "AND requested_at>?)"),
            std::string::npos)
      << plan;
  // The walk's own subquery sorts nothing (the index is in the list's order, ties by id too);
  // the one sort is the outer query's, of the page's rows.
  const std::string walk = plan.substr(0, plan.find("SEARCH c "));
  EXPECT_EQ(walk.find("TEMP B-TREE"), std::string::npos) << plan;
  ExpectNoTableScan(plan);
}

TEST_F(SqlitePlanTest, SortingDriversSortIdsThenReadOnePage) {
  RequestQuery rare;
  rare.service_codes = {"SVC19"};
  std::string plan = Plan(rare);
  // The outer query reads the page's rows by id; the sort is over the subquery's ids.
  EXPECT_EQ(plan.rfind("SEARCH r USING INTEGER PRIMARY KEY (rowid=?)", 0), 0u) << plan;
  EXPECT_NE(plan.find("LIST SUBQUERY"), std::string::npos) << plan;
}

TEST_F(SqlitePlanTest, LookupsUseIndexes) {
  auto db = sqlite::Db::Open(dir_->File("plans.db"), SQLITE_OPEN_READONLY);
  ASSERT_TRUE(db.ok());
  auto explain = [&](const std::string& sql) {
    auto st = (*db)->Prepare("EXPLAIN QUERY PLAN " + sql);
    EXPECT_TRUE(st.ok());
    std::string text;
    while (st.ok() && *st->Step()) text += st->String(3) + "\n";
    return text;
  };
  EXPECT_NE(explain("SELECT id FROM service_requests WHERE token = ?1")
                .find("USING COVERING INDEX service_requests_token (token=?)"),
            std::string::npos);
  EXPECT_NE(explain(sqlite::SelectRequests() + "WHERE r.id = ?1")
                .find("SEARCH r USING INTEGER PRIMARY KEY (rowid=?)"),
            std::string::npos);
}

// Whatever index drives it, a query returns the same rows: compare every driver that applies
// with the time walk, on random queries over the suite's city.
TEST_F(SqlitePlanTest, EveryDriverGivesTheSameRows) {
  auto db = sqlite::Db::Open(dir_->File("plans.db"), SQLITE_OPEN_READONLY);
  ASSERT_TRUE(db.ok());
  auto run = [&](const RequestQuery& q, ListDriver d) {
    sqlite::BuiltQuery built = sqlite::BuildListQuery(q, d);
    auto st = (*db)->Prepare(built.sql);
    EXPECT_TRUE(st.ok()) << built.sql;
    built.BindTo(*st);
    std::vector<RequestId> ids;
    while (st.ok() && *st->Step()) ids.push_back(st->Int64(0));
    return ids;
  };
  std::mt19937 rng(99);
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  for (int n = 0; n < 60; ++n) {
    RequestQuery q;
    if (pick(2)) q.service_codes = {"SVC" + std::to_string(pick(20))};
    if (pick(2)) q.states = {kAllStates[pick(13)], kAllStates[pick(13)]};
    if (pick(2)) q.start = Day(-pick(400));
    if (pick(2)) q.end = Day(-pick(200));
    if (pick(3) == 0) q.updated_after = Day(-pick(300));
    if (pick(4) == 0) q.updated_before = Day(-pick(300));
    if (pick(2)) {
      double lat = 52.28 + pick(150) / 1000.0, lon = 4.73 + pick(340) / 1000.0;
      q.bbox = RequestQuery::BBox{lat, lon, lat + pick(40) / 1000.0, lon + pick(80) / 1000.0};
    }
    q.include_internal = pick(2);
    q.limit = 1 + pick(300);
    q.offset = pick(3) == 0 ? pick(200) : 0;
    std::vector<RequestId> expected = run(q, ListDriver::kTime);
    if (!q.service_codes.empty()) {
      EXPECT_EQ(run(q, ListDriver::kService), expected) << n;
      EXPECT_EQ(run(q, ListDriver::kServiceWalk), expected) << n;
    }
    if (!q.states.empty()) {
      EXPECT_EQ(run(q, ListDriver::kState), expected) << n;
    }
    if (q.bbox) {
      EXPECT_EQ(run(q, ListDriver::kLocation), expected) << n;
    }
    if (q.updated_after || q.updated_before) {
      EXPECT_EQ(run(q, ListDriver::kUpdated), expected) << n;
    }
    auto chosen = sqlite::ChooseDriver(**db, q);
    ASSERT_TRUE(chosen.ok());
    EXPECT_EQ(run(q, *chosen), expected) << n;
  }
}

// The escalation sweep reads only open requests due by the horizon, in due order, through the
// partial index of open requests by expected_at: no table scan, no sort, and the escalations
// already recorded come from their primary key.
TEST_F(SqlitePlanTest, EscalationSweepUsesTheOpenExpectedIndex) {
  auto db = sqlite::Db::Open(dir_->File("plans.db"), SQLITE_OPEN_READONLY);
  ASSERT_TRUE(db.ok());
  auto st = (*db)->Prepare("EXPLAIN QUERY PLAN " + sqlite::SlaCandidatesSql());
  ASSERT_TRUE(st.ok()) << st.error().detail;
  std::string plan;
  while (*st->Step()) plan += st->String(3) + "\n";
  EXPECT_NE(plan.find("SEARCH r USING INDEX service_requests_open_expected (expected_at>? AND "
                      "expected_at<?)"),
            std::string::npos)
      << plan;
  EXPECT_NE(plan.find("SEARCH e USING"), std::string::npos) << plan;
  EXPECT_NE(plan.find("SEARCH w USING INTEGER PRIMARY KEY"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
  ExpectNoTableScan(plan);
}

// The staff list (staff_query.hpp): a department's queue, the assignee and overdue filters each
// use an index, and the overdue filter is written so that SQLite sees the partial index.
TEST_F(SqlitePlanTest, StaffListQueriesUseIndexes) {
  auto db = sqlite::Db::Open(dir_->File("plans.db"), SQLITE_OPEN_READONLY);
  ASSERT_TRUE(db.ok());
  auto plan = [&](const StaffListQuery& q) {
    auto driver = sqlite::ChooseStaffDriver(**db, q);
    EXPECT_TRUE(driver.ok());
    sqlite::BuiltQuery built = sqlite::BuildStaffIdsQuery(q, *driver);
    auto st = (*db)->Prepare("EXPLAIN QUERY PLAN " + built.sql);
    EXPECT_TRUE(st.ok()) << built.sql;
    built.BindTo(*st);
    std::string text;
    while (st.ok() && *st->Step()) text += st->String(3) + "\n";
    return text;
  };
  StaffListQuery queue;  // one department, newest first: a walk of the covering index, no sort
  queue.departments = {"DEPT1"};
  std::string p = plan(queue);
  EXPECT_NE(p.find("USING COVERING INDEX service_requests_department_requested "
                   "(department_code=?)"),
            std::string::npos)
      << p;
  EXPECT_EQ(p.find("TEMP B-TREE"), std::string::npos) << p;
  ExpectNoTableScan(p);

  // Its open requests: the walk, or (as in this small city, where they are few) the lookup.
  queue.states.assign(kAllStates, kAllStates + 7);
  p = plan(queue);
  EXPECT_TRUE(p.find("service_requests_department_requested (department_code=?)") !=
                  std::string::npos ||
              p.find("service_requests_department_state (department_code=? AND state=?)") !=
                  std::string::npos)
      << p;
  ExpectNoTableScan(p);

  // A channel or a service on the department's queue: decided in the walked index (0025), no
  // table read per request passed.
  for (bool by_channel : {true, false}) {
    StaffListQuery filtered;
    filtered.departments = {"DEPT1"};
    if (by_channel)
      filtered.channels = {Channel::kPhone};
    else
      filtered.service_codes = {"SVC1", "SVC9"};
    p = plan(filtered);
    EXPECT_TRUE(
        p.find("USING COVERING INDEX service_requests_department_requested") != std::string::npos ||
        p.find("USING COVERING INDEX service_requests_service_requested") != std::string::npos)
        << p;
    ExpectNoTableScan(p);
  }

  StaffListQuery rare = queue;  // departments and a rare state: the (department, state) lookup
  rare.states = {RequestState::kReopened};
  rare.departments = {"DEPT1", "DEPT2"};
  p = plan(rare);
  EXPECT_NE(p.find("USING INDEX service_requests_department_state (department_code=? AND "
                   "state=?)"),
            std::string::npos)
      << p;

  StaffListQuery mine;  // nobody is assigned in this city: the assignee index finds none
  mine.assignee_user_id = 7;
  p = plan(mine);
  EXPECT_NE(p.find("USING COVERING INDEX request_workflow_assignee (assignee_user_id=?)"),
            std::string::npos)
      << p;
  ExpectNoTableScan(p);

  StaffListQuery overdue;  // long ago: few open requests were due then
  overdue.overdue_at = Day(-1000);
  p = plan(overdue);
  EXPECT_NE(p.find("USING INDEX service_requests_open_expected (expected_at<?)"), std::string::npos)
      << p;
  ExpectNoTableScan(p);

  StaffListQuery dept_overdue = overdue;  // a department's overdue queue
  dept_overdue.departments = {"DEPT3"};
  dept_overdue.overdue_at = Day(0);
  p = plan(dept_overdue);
  EXPECT_TRUE(p.find("service_requests_department_requested") != std::string::npos ||
              p.find("service_requests_open_expected") != std::string::npos)
      << p;
  ExpectNoTableScan(p);

  // Sorted by due date, a department's open requests: walked in due order, no sort (0026).
  StaffListQuery due;
  due.departments = {"DEPT1"};
  due.states.assign(kAllStates, kAllStates + 7);
  due.sort = StaffSort::kDue;
  due.limit = 50;
  auto due_driver = sqlite::ChooseStaffDriver(**db, due);
  ASSERT_TRUE(due_driver.ok());
  if (*due_driver == sqlite::StaffDriver::kDepartmentDue) {
    p = plan(due);
    EXPECT_NE(p.find("USING INDEX service_requests_department_due (department_code=?)"),
              std::string::npos)
        << p;
    EXPECT_EQ(p.find("TEMP B-TREE"), std::string::npos) << p;
    ExpectNoTableScan(p);
  } else {  // a small city: a lookup of its few open requests, sorted
    EXPECT_EQ(*due_driver, sqlite::StaffDriver::kDepartmentState);
  }
  {
    sqlite::BuiltQuery built = sqlite::BuildStaffIdsQuery(due, sqlite::StaffDriver::kDepartmentDue);
    auto st = (*db)->Prepare("EXPLAIN QUERY PLAN " + built.sql);
    ASSERT_TRUE(st.ok()) << built.sql;
    built.BindTo(*st);
    std::string forced;
    while (*st->Step()) forced += st->String(3) + "\n";
    EXPECT_NE(forced.find("service_requests_department_due (department_code=?)"), std::string::npos)
        << forced;
    EXPECT_EQ(forced.find("TEMP B-TREE FOR ORDER BY"), std::string::npos) << forced;
  }

  StaffListQuery text;  // full-text search: FTS5 lookup
  text.text = "SVC19";
  p = plan(text);
  EXPECT_NE(p.find("request_search VIRTUAL TABLE"), std::string::npos) << p;
  ExpectNoTableScan(p);
}

}  // namespace
}  // namespace civic311::testing
