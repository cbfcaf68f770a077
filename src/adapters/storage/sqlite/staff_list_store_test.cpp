// SqliteWorkflowStore::ListStaffRequests on a real database file: every filter, full-text search
// (kept in step by triggers, backfilled by the migration), visibility, paging beyond the old
// 5,000-row scan, and the same rows as the in-memory double for random queries.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "adapters/storage/sqlite/migrations.hpp"
#include "adapters/storage/sqlite/request_rows.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/storage/sqlite/staff_query.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "app/testing/in_memory_workflow.hpp"

namespace civic311::testing {
namespace {

class StaffListStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    wf_.reset();
    store_.reset();
    auto opened = SqliteStore::Open({.path = dir_.File("staff.db")});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(*opened);
    wf_ = std::make_unique<SqliteWorkflowStore>(*store_);
  }

  RequestId Add(ServiceRequest r) {
    auto created = store_->Create(std::move(r));
    EXPECT_TRUE(created.ok());
    return created.ok() ? created->id : 0;
  }

  std::vector<RequestId> Ids(const StaffListQuery& q) {
    auto rows = wf_->ListStaffRequests(q);
    EXPECT_TRUE(rows.ok()) << rows.error().detail;
    std::vector<RequestId> ids;
    for (const auto& item : rows.ok() ? *rows : std::vector<StaffListItem>{})
      ids.push_back(item.request.id);
    return ids;
  }
  std::vector<RequestId> Search(const std::string& text) {
    StaffListQuery q;
    q.text = text;
    q.include_internal = true;
    return Ids(q);
  }

  // Runs SQL on a connection of its own (what another writer would do).
  void Exec(const std::string& sql) {
    auto db = sqlite::Db::Open(dir_.File("staff.db"), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec(sql).ok()) << sql;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteWorkflowStore> wf_;
};

using IdList = std::vector<RequestId>;

TEST_F(StaffListStoreTest, FiltersByDepartmentStateServiceAndLocation) {
  ServiceRequest a = NewRequest("POTHOLE", Day(1));
  ServiceRequest b = NewRequest("LIGHT", Day(2));
  b.department_code = "PARKS";
  b.state = RequestState::kFixed;
  b.lat = 52.0;
  ServiceRequest c = NewRequest("POTHOLE", Day(3));
  c.state = RequestState::kAcknowledged;
  RequestId ia = Add(a), ib = Add(b), ic = Add(c);

  StaffListQuery q;
  EXPECT_EQ(Ids(q), (IdList{ic, ib, ia}));  // newest first
  q.departments = {"ROADS"};
  EXPECT_EQ(Ids(q), (IdList{ic, ia}));
  q.states = {RequestState::kSubmitted};
  EXPECT_EQ(Ids(q), (IdList{ia}));
  q = {};
  q.service_codes = {"LIGHT"};
  EXPECT_EQ(Ids(q), (IdList{ib}));
  q = {};
  q.bbox = RequestQuery::BBox{51.9, 4.0, 52.1, 5.0};
  EXPECT_EQ(Ids(q), (IdList{ib}));
  q = {};
  q.departments = {"ROADS", "PARKS"};
  q.states = {RequestState::kFixed, RequestState::kAcknowledged};
  EXPECT_EQ(Ids(q), (IdList{ic, ib}));
}

TEST_F(StaffListStoreTest, FiltersByAssigneeAndOverdue) {
  ServiceRequest late = NewRequest("POTHOLE", Day(1));
  late.expected_at = Day(5);
  ServiceRequest late_closed = NewRequest("POTHOLE", Day(2));
  late_closed.expected_at = Day(5);
  late_closed.state = RequestState::kFixed;
  ServiceRequest on_time = NewRequest("POTHOLE", Day(3));
  on_time.expected_at = Day(20);
  ServiceRequest no_target = NewRequest("POTHOLE", Day(4));
  RequestId il = Add(late), ilc = Add(late_closed), io = Add(on_time), in = Add(no_target);
  ASSERT_TRUE(wf_->SetWorkflow(io, RequestWorkflow{7, std::nullopt, std::nullopt}).ok());
  ASSERT_TRUE(wf_->SetWorkflow(il, RequestWorkflow{7, 3, std::nullopt}).ok());
  ASSERT_TRUE(wf_->SetWorkflow(ilc, RequestWorkflow{8, std::nullopt, std::nullopt}).ok());

  StaffListQuery q;
  q.overdue_at = Day(10);
  EXPECT_EQ(Ids(q), (IdList{il}));
  q.overdue_at = Day(30);
  EXPECT_EQ(Ids(q), (IdList{io, il}));
  q = {};
  q.assignee_user_id = 7;
  EXPECT_EQ(Ids(q), (IdList{io, il}));
  q.overdue_at = Day(10);
  EXPECT_EQ(Ids(q), (IdList{il}));
  q = {};
  q.assignee_user_id = 9;
  EXPECT_EQ(Ids(q), IdList{});
  (void)in;

  auto rows = wf_->ListStaffRequests(StaffListQuery{.assignee_user_id = 7});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].workflow.reporter_user_id, 3);  // workflow fields come along

  // A paused SLA clock (waiting on the resident) is not overdue.
  RequestWorkflow paused{7, 3, std::nullopt};
  paused.clock_paused_at = Day(6);
  ASSERT_TRUE(wf_->SetWorkflow(il, paused).ok());
  q = {};
  q.overdue_at = Day(10);
  EXPECT_EQ(Ids(q), IdList{});
  q.overdue_at = Day(30);
  EXPECT_EQ(Ids(q), (IdList{io}));
}

TEST_F(StaffListStoreTest, TextSearchIsWordsCaseAndAccentInsensitiveWithPrefixAndId) {
  ServiceRequest a = NewRequest("POTHOLE", Day(1));
  a.description = "Deep POTHOLE near the Café";
  a.address = "12 Elm Street";
  ServiceRequest b = NewRequest("LIGHT", Day(2));
  b.description = "Street light out";
  b.service_name = "Streetlights";
  RequestId ia = Add(a), ib = Add(b);

  EXPECT_EQ(Search("pothole"), (IdList{ia}));
  EXPECT_EQ(Search("cafe"), (IdList{ia}));  // diacritics removed
  EXPECT_EQ(Search("CAFÉ"), (IdList{ia}));
  EXPECT_EQ(Search("elm"), (IdList{ia}));  // address
  EXPECT_EQ(Search("street"), (IdList{ib, ia}));
  EXPECT_EQ(Search("streetl"), (IdList{ib}));  // prefix of the last word (service name)
  EXPECT_EQ(Search("streetl "), IdList{});     // a finished word is a whole word
  EXPECT_EQ(Search("pot deep"), IdList{});     // only the last word is a prefix
  EXPECT_EQ(Search("deep pot"), (IdList{ia}));
  EXPECT_EQ(Search(std::to_string(ib)), (IdList{ib}));  // an id
  EXPECT_EQ(Search("12"), (IdList{ia}));                // also the number in the address
  // User text is never FTS5 syntax: operators, quotes, columns, wildcards are separators.
  for (const char* hostile : {"\"", "pothole OR light", "NEAR(a b)", "description:deep", "*",
                              "^deep", "\"deep\" AND", "deep\"pothole", "-", "'; DROP TABLE x"}) {
    StaffListQuery q;
    q.text = hostile;
    EXPECT_TRUE(wf_->ListStaffRequests(q).ok()) << hostile;
  }
  EXPECT_EQ(Search("pothole OR light"), IdList{});  // three words: "or" is not in any request
  EXPECT_EQ(Search("!!!"), IdList{});
}

TEST_F(StaffListStoreTest, SearchIndexFollowsUpdatesAndDeletes) {
  ServiceRequest a = NewRequest("POTHOLE", Day(1));
  a.description = "flooded underpass";
  RequestId ia = Add(a);
  EXPECT_EQ(Search("flooded"), (IdList{ia}));
  Exec("UPDATE service_requests SET description = 'dry now', address = 'Oak Lane' WHERE id = " +
       std::to_string(ia));
  EXPECT_EQ(Search("flooded"), IdList{});
  EXPECT_EQ(Search("dry"), (IdList{ia}));
  EXPECT_EQ(Search("oak"), (IdList{ia}));
  Exec("DELETE FROM service_requests WHERE id = " + std::to_string(ia));
  EXPECT_EQ(Search("dry"), IdList{});
  Exec("INSERT INTO request_search (request_search) VALUES ('integrity-check')");
}

TEST_F(StaffListStoreTest, MigrationIndexesRequestsStoredBeforeIt) {
  wf_.reset();
  store_.reset();
  const std::string path = dir_.File("old.db");
  {
    auto db = sqlite::Db::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name "
                           "TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;"
                           "PRAGMA application_id = 1664299313")
                    .ok());
    for (const auto& m : sqlite::Migrations()) {
      if (m.version > 2) break;
      ASSERT_TRUE((*db)->Exec(std::string(m.sql)).ok());
      ASSERT_TRUE((*db)
                      ->Exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) +
                             ", 'm', 0)")
                      .ok());
    }
    // Written as a release of that time did: the columns of schema 2 only (InsertRequest knows
    // the columns of today's schema).
    ASSERT_TRUE((*db)
                    ->Exec("INSERT INTO service_requests (service_code, service_name, state, "
                           "description, address, address_id, zipcode, media_url, "
                           "department_code, status_notes, channel, emergency, internal, "
                           "requested_at, updated_at) VALUES ('POTHOLE', 'Pothole', 'submitted', "
                           "'stored before search existed', '', '', '', '', 'PWD', '', 'api', 0, "
                           "0, " +
                           std::to_string(Day(1).time_since_epoch().count()) + ", " +
                           std::to_string(Day(1).time_since_epoch().count()) + ")")
                    .ok());
  }
  auto opened = SqliteStore::Open({.path = path});
  ASSERT_TRUE(opened.ok()) << opened.error().detail;
  EXPECT_EQ((*opened)->SchemaVersion(), sqlite::LatestSchemaVersion());
  SqliteWorkflowStore wf(**opened);
  StaffListQuery q;
  q.text = "existed";
  auto rows = wf.ListStaffRequests(q);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 1u);
}

TEST_F(StaffListStoreTest, VisibilityHidesInternalAndKeepsToTheScope) {
  ServiceRequest pub = NewRequest("POTHOLE", Day(1));
  ServiceRequest internal = NewRequest("POTHOLE", Day(2));
  internal.internal = true;
  ServiceRequest parks = NewRequest("POTHOLE", Day(3));
  parks.department_code = "PARKS";
  parks.contact.email = "someone@example.org";
  RequestId ip = Add(pub), ii = Add(internal), ik = Add(parks);
  ASSERT_TRUE(wf_->SetWorkflow(ip, RequestWorkflow{std::nullopt, 42, std::nullopt}).ok());

  StaffListQuery q;
  EXPECT_EQ(Ids(q), (IdList{ik, ip}));
  q.include_internal = true;
  EXPECT_EQ(Ids(q), (IdList{ik, ii, ip}));
  q.scope_anywhere = false;
  q.scope_departments = {"PARKS"};
  EXPECT_EQ(Ids(q), (IdList{ik}));
  q.scope_reporter_user_id = 42;
  EXPECT_EQ(Ids(q), (IdList{ik, ip}));
  q.scope_departments.clear();
  EXPECT_EQ(Ids(q), (IdList{ip}));
  q.scope_reporter_user_id.reset();
  EXPECT_EQ(Ids(q), IdList{});

  auto rows = wf_->ListStaffRequests(StaffListQuery{});
  ASSERT_TRUE(rows.ok());
  for (const auto& item : *rows) EXPECT_TRUE(item.request.contact.email.empty());
}

// Regression: the list used to filter the newest 5,000 requests in C++, so older ones were never
// found. 6,000 requests; the oldest is the only one of its department and the only one that
// mentions a word.
// A common word is searched among the newest ids first (BoundTextSearch); the answer must be
// exactly the unbounded one, also when ids are out of time order (an import).
TEST_F(StaffListStoreTest, CommonWordSearchIsExactWithIdsInAndOutOfTimeOrder) {
  std::vector<ServiceRequest> rs;
  for (int i = 0; i < 8000; ++i) {
    ServiceRequest r = NewRequest("LIGHT", Day(0, i * 60));
    r.description = i % 4 == 0 ? "pothole again " + std::to_string(i) : "streetlight dark";
    rs.push_back(std::move(r));
  }
  ASSERT_TRUE(store_->BulkInsert(rs).ok());
  StaffListQuery q;
  q.text = "pothole ";  // a finished word: the bounded search
  q.include_internal = true;
  q.limit = 50;
  IdList want;
  for (int i = 7996; static_cast<int>(want.size()) < 50; i -= 4) want.push_back(rs[i].id);
  EXPECT_EQ(Ids(q), want);
  q.text = "pothole";  // the last word as a prefix: unbounded, the same rows
  EXPECT_EQ(Ids(q), want);
  q.text = "pothole ";
  q.offset = 100;  // a later page too
  IdList later;
  for (int i = 7996 - 400; static_cast<int>(later.size()) < 50; i -= 4) later.push_back(rs[i].id);
  EXPECT_EQ(Ids(q), later);

  // Out of order: the newest report of all carries an old id (an imported row re-dated), and a
  // request with an old id is newer than the page's last one.
  Exec("UPDATE service_requests SET requested_at = requested_at + 86400 * 30 WHERE id = " +
       std::to_string(rs[4].id));
  q.offset = 0;
  IdList reordered = want;
  reordered.insert(reordered.begin(), rs[4].id);
  reordered.pop_back();
  EXPECT_EQ(Ids(q), reordered);
}

// A burst of reports within one second (an import, a storm): ties in time go by id, so the
// bounded search still gives exactly the newest matches, on the first page and later ones, and
// with the same rows a request re-dated into that second ranks where its id puts it.
TEST_F(StaffListStoreTest, CommonWordSearchIsExactInABurstWithinOneSecond) {
  std::vector<ServiceRequest> rs;
  for (int i = 0; i < 8000; ++i) {
    ServiceRequest r = NewRequest("LIGHT", Day(0, i / 2000));  // 2,000 reports a second
    r.description = i % 4 == 0 ? "pothole again" : "streetlight dark";
    rs.push_back(std::move(r));
  }
  ASSERT_TRUE(store_->BulkInsert(rs).ok());
  StaffListQuery q;
  q.text = "pothole ";
  q.include_internal = true;
  q.limit = 50;
  for (int offset : {0, 60, 480}) {
    q.offset = offset;
    IdList want;
    for (int i = 7996 - 4 * offset; static_cast<int>(want.size()) < 50; i -= 4)
      want.push_back(rs[i].id);
    EXPECT_EQ(Ids(q), want) << offset;
  }
  // An old match moved into the newest second ranks by its (old) id there: last of that second.
  Exec("UPDATE service_requests SET requested_at = requested_at + 3 WHERE id = " +
       std::to_string(rs[4].id));
  q.offset = 0;
  q.limit = 501;  // the newest second's 500 matches, then the moved one
  IdList ids = Ids(q);
  ASSERT_EQ(ids.size(), 501u);
  EXPECT_EQ(ids[499], rs[6000].id);
  EXPECT_EQ(ids[500], rs[4].id);
}

TEST_F(StaffListStoreTest, FindsRequestsBeyondTheNewestFiveThousand) {
  std::vector<ServiceRequest> rs;
  for (int i = 0; i < 6000; ++i) {
    ServiceRequest r = NewRequest("POTHOLE", Day(0, i * 60));
    r.description = "routine report " + std::to_string(i);
    if (i == 0) {
      r.department_code = "RARE";
      r.description = "a xylophone on the road";
      r.expected_at = Day(0, 3600);
    }
    rs.push_back(std::move(r));
  }
  ASSERT_TRUE(store_->BulkInsert(rs).ok());
  const RequestId oldest = rs[0].id;
  StaffListQuery q;
  q.departments = {"RARE"};
  EXPECT_EQ(Ids(q), (IdList{oldest}));
  q = {};
  q.text = "xylophone";
  EXPECT_EQ(Ids(q), (IdList{oldest}));
  q = {};
  q.overdue_at = Day(1);
  EXPECT_EQ(Ids(q), (IdList{oldest}));
  q = {};
  q.limit = 10;
  q.offset = 5995;
  auto page = Ids(q);
  ASSERT_EQ(page.size(), 5u);
  EXPECT_EQ(page.back(), oldest);
}

// Whatever driver runs it, a query gives the rows the in-memory double gives.
TEST_F(StaffListStoreTest, SameRowsAsTheInMemoryDoubleWithEveryDriver) {
  std::mt19937 rng(311);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::vector<ServiceRequest> rs = CityRequests(3000, rng, "eq");
  const char* const words[] = {"pothole", "light", "graffiti", "tree", "Café", "noise"};
  for (auto& r : rs) {
    r.description = std::string(words[pick(6)]) + " and " + words[pick(6)];
    r.address = std::to_string(pick(50)) + " Main Street";
    if (pick(3) > 0) r.expected_at = r.requested_at + std::chrono::hours(24 * pick(30));
    r.contact = Contact{};
  }
  ASSERT_TRUE(store_->BulkInsert(rs).ok());
  InMemoryRequestStore mem_requests;
  InMemoryWorkflow mem(mem_requests);
  for (auto& r : rs) {
    mem_requests.Put(r);
    if (pick(4) == 0) {
      RequestWorkflow w{pick(5), pick(3) == 0 ? std::optional<UserId>(pick(4)) : std::nullopt,
                        std::nullopt};
      ASSERT_TRUE(wf_->SetWorkflow(r.id, w).ok());
      ASSERT_TRUE(mem.SetWorkflow(r.id, w).ok());
    }
  }
  auto db = sqlite::Db::Open(dir_.File("staff.db"), SQLITE_OPEN_READONLY);
  ASSERT_TRUE(db.ok());
  auto run = [&](const StaffListQuery& q, sqlite::StaffDriver d) {
    sqlite::BuiltQuery built = sqlite::BuildStaffIdsQuery(q, d);
    auto st = (*db)->Prepare(built.sql);
    EXPECT_TRUE(st.ok()) << built.sql;
    built.BindTo(*st);
    IdList ids;
    while (st.ok() && *st->Step()) ids.push_back(st->Int64(0));
    return ids;
  };
  for (int n = 0; n < 80; ++n) {
    StaffListQuery q;
    if (pick(2)) q.departments = {"DEPT" + std::to_string(pick(8))};
    if (pick(4) == 0) q.departments.push_back("DEPT" + std::to_string(pick(8)));
    if (pick(2)) q.states = {kAllStates[pick(13)], kAllStates[pick(13)]};
    if (pick(3) == 0) q.service_codes = {"SVC" + std::to_string(pick(20))};
    if (pick(3) == 0) q.assignee_user_id = pick(5);
    if (pick(3) == 0) q.overdue_at = Day(-pick(1000));
    if (pick(2)) {
      q.text = std::string(words[pick(6)]) + (pick(2) ? " " + std::string(words[pick(6)]) : "");
      if (pick(3) == 0) q.text = q.text.substr(0, 4);
      if (pick(6) == 0) q.text = std::to_string(rs[static_cast<size_t>(pick(3000))].id);
    }
    if (pick(4) == 0) q.bbox = RequestQuery::BBox{52.3, 4.75, 52.4, 4.95};
    q.include_internal = pick(2);
    if (pick(4) == 0) {
      q.scope_anywhere = false;
      q.scope_departments = {"DEPT" + std::to_string(pick(8))};
      if (pick(2)) q.scope_reporter_user_id = pick(4);
    }
    q.limit = 1 + pick(120);
    q.offset = pick(3) == 0 ? pick(100) : 0;
    if (pick(3) == 0) {  // sorted by due date, often a department's open requests (the due walk)
      q.sort = StaffSort::kDue;
      if (pick(2)) q.states = {RequestState::kSubmitted, RequestState::kInProgress};
    }
    auto expected_rows = mem.ListStaffRequests(q);
    ASSERT_TRUE(expected_rows.ok());
    IdList expected;
    for (const auto& item : *expected_rows) expected.push_back(item.request.id);
    EXPECT_EQ(Ids(q), expected) << n << " text=" << q.text;
    using D = sqlite::StaffDriver;
    if (ParseSearchText(q.text).Empty() && !q.text.empty()) continue;
    if (!q.scope_anywhere) continue;  // ListStaffRequests' own short cuts
    EXPECT_EQ(run(q, D::kTime), expected) << n;
    if (q.departments.size() == 1) {
      EXPECT_EQ(run(q, D::kDepartment), expected) << n;
      const bool open = !q.states.empty() && std::all_of(q.states.begin(), q.states.end(), IsOpen);
      if (open) {
        EXPECT_EQ(run(q, D::kDepartmentDue), expected) << n;
      }
    }
    if (!q.departments.empty() && !q.states.empty()) {
      EXPECT_EQ(run(q, D::kDepartmentState), expected) << n;
    }
    if (q.assignee_user_id) {
      EXPECT_EQ(run(q, D::kAssignee), expected) << n;
    }
    if (q.overdue_at) {
      EXPECT_EQ(run(q, D::kOverdue), expected) << n;
    }
    if (!q.text.empty()) {
      EXPECT_EQ(run(q, D::kText), expected) << n;
    }
    if (q.bbox) {
      EXPECT_EQ(run(q, D::kLocation), expected) << n;
    }
    if (!q.service_codes.empty()) {
      EXPECT_EQ(run(q, D::kService), expected) << n;
    }
  }
}

}  // namespace
}  // namespace civic311::testing
