// SqliteStore behaviour beyond the store contract: opening and migrating files, errors for
// unusable files, backup, bulk load, metrics. (Query plans: sqlite_plan_test.cpp; crash
// durability: sqlite_durability_test.cpp.)
#include "adapters/storage/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "adapters/storage/sqlite/migrations.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311::testing {
namespace {

std::unique_ptr<SqliteStore> MustOpen(const std::string& path, MetricsRegistry* metrics = nullptr) {
  auto opened = SqliteStore::Open({.path = path, .metrics = metrics});
  EXPECT_TRUE(opened.ok()) << opened.error().message << " / " << opened.error().detail;
  return opened.ok() ? std::move(*opened) : nullptr;
}

std::int64_t QueryInt(const std::string& path, const std::string& sql) {
  auto db = sqlite::Db::Open(path, SQLITE_OPEN_READONLY);
  EXPECT_TRUE(db.ok());
  auto v = (*db)->QueryInt(sql);
  EXPECT_TRUE(v.ok()) << v.error().detail;
  return v.ok() ? *v : -1;
}

TEST(SqliteStore, ReopeningKeepsDataAndMigratesOnce) {
  TempDir dir;
  const std::string path = dir.File("c.db");
  RequestId id = 0;
  {
    auto store = MustOpen(path);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->SchemaVersion(), sqlite::LatestSchemaVersion());
    auto created = store->Create(NewRequest("POTHOLE", Day(1)));
    ASSERT_TRUE(created.ok());
    id = created->id;
    ASSERT_TRUE(store->CreateApiKey("app", "p", "h").ok());
    ASSERT_TRUE(store->SaveCityConfig("name = 'x'", /*catalogue_changed=*/true).ok());
  }
  auto store = MustOpen(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->SchemaVersion(), sqlite::LatestSchemaVersion());
  EXPECT_TRUE(store->Get(id)->has_value());
  EXPECT_TRUE(store->FindActiveApiKey("h")->has_value());
  EXPECT_EQ(*store->LoadCityConfig(), std::optional<std::string>("name = 'x'"));
  // One row per migration (numbers may have gaps while parallel branches merge).
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM schema_migrations"),
            static_cast<std::int64_t>(sqlite::Migrations().size()));
  auto created = store->Create(NewRequest("POTHOLE", Day(1)));
  ASSERT_TRUE(created.ok());
  EXPECT_GT(created->id, id);  // ids are never reused
}

TEST(SqliteStore, ManyOpenersOfANewFileMigrateItOnce) {
  TempDir dir;
  const std::string path = dir.File("race.db");
  std::vector<std::thread> threads;
  std::vector<std::string> errors(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto opened = SqliteStore::Open({.path = path, .reader_connections = 1});
      if (!opened.ok()) {
        errors[i] = opened.error().message + " / " + opened.error().detail;
        return;
      }
      auto created = (*opened)->Create(NewRequest("A", Day(1)));
      if (!created.ok()) errors[i] = created.error().message + " / " + created.error().detail;
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  // One row per migration (numbers may have gaps while parallel branches merge).
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM schema_migrations"),
            static_cast<std::int64_t>(sqlite::Migrations().size()));
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM service_requests"), 4);
}

TEST(SqliteStore, TheFileIsInWalModeWithTheSchemaIndexes) {
  TempDir dir;
  const std::string path = dir.File("c.db");
  auto store = MustOpen(path);
  ASSERT_NE(store, nullptr);
  auto db = sqlite::Db::Open(path, SQLITE_OPEN_READONLY);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*(*db)->QueryText("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(*(*db)->QueryInt("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND "
                             "tbl_name = 'service_requests' AND sql IS NOT NULL"),
            11);  // 0001: 6; 0003: department queue + open-by-due-time (staff list, escalations);
                  // 0013: department + filed time (staff digests), parent (duplicates' outcome);
                  // 0026: a department's open requests in due order (the queue's due sort)
}

struct BadFile {
  std::string what;
  std::function<std::string(TempDir&)> make;  // returns the path to open
  std::string expected_in_message;
};

class SqliteOpenErrors : public ::testing::TestWithParam<BadFile> {};

TEST_P(SqliteOpenErrors, NameTheFileAndTheProblem) {
  TempDir dir;
  const std::string path = GetParam().make(dir);
  auto opened = SqliteStore::Open({.path = path});
  ASSERT_FALSE(opened.ok());
  const Error& e = opened.error();
  EXPECT_EQ(e.code, ErrorCode::kUnavailable);
  EXPECT_NE(e.message.find("'" + path + "'"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find(GetParam().expected_in_message), std::string::npos) << e.message;
  EXPECT_FALSE(e.detail.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Files, SqliteOpenErrors,
    ::testing::Values(BadFile{"MissingDirectory",
                              [](TempDir& d) { return d.File("no/such/dir/c.db"); },
                              "does not exist"},
                      BadFile{"Directory",
                              [](TempDir& d) {
                                std::filesystem::create_directory(d.File("adir"));
                                return d.File("adir");
                              },
                              "is a directory"},
                      BadFile{"NotADatabase",
                              [](TempDir& d) {
                                std::ofstream(d.File("notes.txt")) << std::string(4096, 'x');
                                return d.File("notes.txt");
                              },
                              "not a SQLite database"},
                      BadFile{"AnotherApplication",
                              [](TempDir& d) {
                                auto db = sqlite::Db::Open(
                                    d.File("other.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
                                (void)(*db)->Exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
                                return d.File("other.db");
                              },
                              "another application"},
                      BadFile{"NewerSchema",
                              [](TempDir& d) {
                                { auto s = SqliteStore::Open({.path = d.File("new.db")}); }
                                auto db = sqlite::Db::Open(d.File("new.db"), SQLITE_OPEN_READWRITE);
                                (void)(*db)->Exec(
                                    "INSERT INTO schema_migrations VALUES (9999, 'x', 0)");
                                return d.File("new.db");
                              },
                              "newer civic311"}),
    [](const ::testing::TestParamInfo<BadFile>& param_info) { return param_info.param.what; });

TEST(SqliteStore, UnwritableDirectoryIsExplained) {
  if (geteuid() == 0) GTEST_SKIP() << "root ignores file permissions";
  TempDir dir;
  std::filesystem::permissions(
      dir.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  auto opened = SqliteStore::Open({.path = dir.File("c.db")});
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(opened.error().message.find("cannot open"), std::string::npos);
}

TEST(SqliteStore, BackupWhileWritingIsAConsistentOpenableCopy) {
  TempDir dir;
  auto store = MustOpen(dir.File("live.db"));
  ASSERT_NE(store, nullptr);
  std::atomic<bool> stop{false};
  std::atomic<int> created{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        ServiceRequest r = NewRequest("BACKUP", Day(1, i));
        r.contact.email = std::to_string(t) + "-" + std::to_string(i) + "@example.org";
        r.description = std::string(2000, 'd');  // a few MiB: the copy takes several steps
        if (store->Create(r).ok()) ++created;
      }
    });
  }
  while (created < 2000) std::this_thread::yield();
  Status backed_up = store->Backup(dir.File("copy.db"));
  const int during = created.load();
  while (created < during + 200) std::this_thread::yield();  // writers carried on
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_TRUE(backed_up.ok()) << backed_up.error().detail;

  const std::string copy = dir.File("copy.db");
  auto db = sqlite::Db::Open(copy, SQLITE_OPEN_READONLY);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*(*db)->QueryText("PRAGMA integrity_check"), "ok");
  std::int64_t n = QueryInt(copy, "SELECT count(*) FROM service_requests");
  EXPECT_GE(n, 2000);
  EXPECT_LT(n, created.load());
  // One snapshot: ids are assigned in commit order, so the copy holds exactly ids 1..n, each
  // with its contact row.
  EXPECT_EQ(QueryInt(copy, "SELECT max(id) FROM service_requests"), n);
  EXPECT_EQ(QueryInt(copy, "SELECT count(*) FROM request_contacts"), n);
  EXPECT_EQ(QueryInt(copy, "SELECT count(*) FROM request_locations"), n);

  auto reopened = MustOpen(copy);
  ASSERT_NE(reopened, nullptr);
  RequestQuery all;
  all.limit = 5;
  auto listed = reopened->List(all);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 5u);
}

TEST(SqliteStore, BackupNeverOverwrites) {
  TempDir dir;
  auto store = MustOpen(dir.File("live.db"));
  ASSERT_NE(store, nullptr);
  std::ofstream(dir.File("exists.db")) << "precious";
  Status s = store->Backup(dir.File("exists.db"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  std::ifstream in(dir.File("exists.db"));
  std::string content;
  in >> content;
  EXPECT_EQ(content, "precious");
  Status missing_dir = store->Backup(dir.File("nope/copy.db"));
  ASSERT_FALSE(missing_dir.ok());
  EXPECT_EQ(missing_dir.error().code, ErrorCode::kUnavailable);
}

TEST(SqliteStore, BulkInsertAssignsIdsAcrossChunks) {
  TempDir dir;
  auto store = MustOpen(dir.File("bulk.db"));
  ASSERT_NE(store, nullptr);
  std::mt19937 rng(7);
  auto rs = CityRequests(25'000, rng, "bulk");
  ASSERT_TRUE(store->BulkInsert(rs).ok());
  for (size_t i = 0; i < rs.size(); ++i) ASSERT_EQ(rs[i].id, static_cast<RequestId>(i + 1));
  for (size_t i : {size_t{0}, size_t{12'345}, rs.size() - 1}) {
    auto got = store->Get(rs[i].id);
    ASSERT_TRUE(got.ok() && got->has_value());
    EXPECT_EQ((*got)->token, rs[i].token);
    EXPECT_EQ((*got)->contact.email, rs[i].contact.email);
    EXPECT_EQ((*got)->lat, rs[i].lat);
  }
  auto id = store->FindIdByToken("bulk-20000");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, std::optional<RequestId>(20'001));
}

TEST(SqliteStore, BulkInsertStopsAtTheFailingChunk) {
  TempDir dir;
  auto store = MustOpen(dir.File("bulk.db"));
  ASSERT_NE(store, nullptr);
  std::mt19937 rng(7);
  auto rs = CityRequests(15'000, rng, "bulk");
  rs[12'000].token = rs[11'000].token;  // the second chunk fails
  Status s = store->BulkInsert(rs);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  EXPECT_EQ(rs[9'999].id, 10'000);
  EXPECT_EQ(rs[10'000].id, 0);
  EXPECT_EQ(QueryInt(dir.File("bulk.db"), "SELECT count(*) FROM service_requests"), 10'000);
}

TEST(SqliteStore, RecordsMetrics) {
  TempDir dir;
  MetricsRegistry metrics;
  {
    auto store = MustOpen(dir.File("m.db"), &metrics);
    ASSERT_NE(store, nullptr);
    auto created = store->Create(NewRequest("A", Day(1)));
    ASSERT_TRUE(created.ok());
    ASSERT_TRUE(store->Get(created->id).ok());
    ASSERT_TRUE(store->List(RequestQuery{}).ok());
  }
  std::string text = metrics.Render();  // after the store is gone: the gauge must not dangle
  for (const char* want :
       {"civic311_db_seconds_count{op=\"create\"} 1", "civic311_db_seconds_count{op=\"get\"} 1",
        "civic311_db_seconds_count{op=\"list\"} 1", "civic311_db_writer_queue_depth 0",
        "civic311_db_commits_total", "civic311_db_seconds_count{op=\"commit\"}"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  }
}

// Prints, does not assert: timing is for bench runs (see sqlite_bench_test.cpp).
TEST(SqliteStore, GetIsFast) {
  TempDir dir;
  auto store = MustOpen(dir.File("g.db"));
  ASSERT_NE(store, nullptr);
  std::mt19937 rng(1);
  auto rs = CityRequests(2000, rng, "get");
  ASSERT_TRUE(store->BulkInsert(rs).ok());
  constexpr int kGets = 20'000;
  auto cpu_now = [] {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
  };
  auto started = std::chrono::steady_clock::now();
  double cpu_started = cpu_now();
  for (int i = 0; i < kGets; ++i) ASSERT_TRUE(store->Get(1 + i % 2000).ok());
  double cpu_us = (cpu_now() - cpu_started) / kGets;
  double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started)
                  .count() /
              kGets;
  // CPU time too: on a shared machine wall time mostly measures the neighbours.
  std::printf("[ info ] Get by id: %.2f us wall, %.2f us CPU\n", us, cpu_us);
}

}  // namespace
}  // namespace civic311::testing
