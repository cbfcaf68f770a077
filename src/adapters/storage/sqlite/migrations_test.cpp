#include "adapters/storage/sqlite/migrations.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311::sqlite {
namespace {

// Every migrations/NNNN_name.sql is in the embedded list, in order, with exactly the file's SQL.
// (Catches a new file that was not added to migrations.cpp.)
TEST(Migrations, EmbeddedListMatchesTheFiles) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(CIVIC311_SOURCE_DIR) / "src/adapters/storage/sqlite/migrations";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".sql") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  auto list = Migrations();
  ASSERT_EQ(files.size(), list.size());
  for (size_t i = 0; i < files.size(); ++i) {
    const Migration& m = list[i];
    // Increasing (numbers are handed out to parallel changes: a gap may wait for its merge).
    if (i > 0) {
      EXPECT_GT(m.version, list[i - 1].version);
    }
    std::string stem = files[i].stem().string();  // "0001_initial"
    char expected_prefix[8];
    std::snprintf(expected_prefix, sizeof expected_prefix, "%04d_", m.version);
    EXPECT_EQ(stem, expected_prefix + std::string(m.name));
    std::ifstream in(files[i]);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), "--R\"sql(" + std::string(m.sql) + ")sql\"_migration\n") << stem;
  }
  EXPECT_EQ(LatestSchemaVersion(), list.back().version);
}

TEST(Migrations, ApplyOnceAndRecordEachVersion) {
  testing::TempDir dir;
  auto db = Db::Open(dir.File("m.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*CurrentSchemaVersion(**db), 0);
  ASSERT_TRUE(Migrate(**db, 1234).ok());
  EXPECT_EQ(*CurrentSchemaVersion(**db), LatestSchemaVersion());
  ASSERT_TRUE(Migrate(**db, 5678).ok());  // idempotent
  EXPECT_EQ(*(*db)->QueryInt("SELECT count(*) FROM schema_migrations"),
            static_cast<std::int64_t>(Migrations().size()));
  EXPECT_EQ(*(*db)->QueryInt("SELECT min(applied_at) FROM schema_migrations"), 1234);
}

// A database written by a build that had a later number before an earlier one was merged (say 18
// before 17) holds the later one and not the earlier: the next start applies the missing one.
TEST(Migrations, AMissingVersionBelowTheHighestIsAppliedLate) {
  testing::TempDir dir;
  auto db = Db::Open(dir.File("gap.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(**db, 1234).ok());
  // Undo 0019 alone (internal_request_links), as if this database had never seen it.
  ASSERT_TRUE((*db)
                  ->Exec("DROP TABLE internal_request_links;"
                         "DELETE FROM schema_migrations WHERE version = 19")
                  .ok());
  ASSERT_LT(19, LatestSchemaVersion()) << "pick a migration below the highest for this test";
  EXPECT_EQ(*CurrentSchemaVersion(**db), LatestSchemaVersion());  // the highest is still there
  ASSERT_TRUE(Migrate(**db, 5678).ok());
  EXPECT_EQ(*(*db)->QueryInt("SELECT count(*) FROM sqlite_schema WHERE name = "
                             "'internal_request_links'"),
            1);
  EXPECT_EQ(*(*db)->QueryInt("SELECT applied_at FROM schema_migrations WHERE version = 19"), 5678);
  EXPECT_EQ(*(*db)->QueryInt("SELECT count(*) FROM schema_migrations"),
            static_cast<std::int64_t>(Migrations().size()));
}

TEST(Migrations, RefuseAnotherApplicationsDatabase) {
  testing::TempDir dir;
  auto db = Db::Open(dir.File("other.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE customers (id INTEGER PRIMARY KEY)").ok());
  Status s = Migrate(**db, 0);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(*(*db)->QueryInt("SELECT count(*) FROM sqlite_schema"), 1);  // untouched
}

TEST(Migrations, RefuseANewerSchema) {
  testing::TempDir dir;
  auto db = Db::Open(dir.File("new.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(**db, 0).ok());
  ASSERT_TRUE((*db)->Exec("INSERT INTO schema_migrations VALUES (999, 'future', 0)").ok());
  Status s = Migrate(**db, 0);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("newer"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace civic311::sqlite
