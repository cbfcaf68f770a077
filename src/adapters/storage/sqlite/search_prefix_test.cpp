// The staff search as typed (the last word a prefix) spelled out into whole words
// (ExpandedFts5Query, migrations/0018) finds exactly what the prefix query "pre"* finds: over a
// seeded corpus of words sharing prefixes (some prefixes standing for more words than are spelled
// out, diacritics, numbers, words added by later edits), every query's whole result and its
// first pages equal those of the plain FTS5 prefix query the store used before.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/storage/sqlite/staff_query.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"

namespace civic311::testing {
namespace {

// Words with shared beginnings. "pot" begins more than kMaxPrefixTerms of them (the fallback).
std::vector<std::string> Vocabulary() {
  std::vector<std::string> words = {
      "pothole", "potholes", "potholed",    "pot",    "pots",        "potato",       "pottery",
      "main",    "mains",    "maintenance", "street", "streetlight", "streetlights", "graffiti",
      "Café",    "cafe",     "cafés",       "light",  "lights",      "lighting",     "leak",
      "leaking", "bin",      "bins",        "binder", "overflowing", "tree",         "trees"};
  for (char c = 'a'; c <= 'n'; ++c) words.push_back(std::string("pot") + c + "x");
  return words;
}

class SearchPrefixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open({.path = dir_.File("prefix.db")});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(*opened);
    wf_ = std::make_unique<SqliteWorkflowStore>(*store_);
    std::mt19937 rng(311);
    const auto words = Vocabulary();
    auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    std::vector<ServiceRequest> rs;
    for (int i = 0; i < 3000; ++i) {
      // Times mostly follow ids (as a city's do), some out of order (imports).
      ServiceRequest r = NewRequest("SVC" + std::to_string(pick(5)),
                                    Day(i / 10, pick(10) == 0 ? static_cast<int>(pick(864000))
                                                              : static_cast<int>(i % 10) * 60));
      r.description.clear();
      for (size_t w = 1 + pick(4); w > 0; --w) r.description += words[pick(words.size())] + " ";
      r.address = std::to_string(1 + pick(40)) + " " + words[pick(words.size())] + " Street";
      r.internal = pick(30) == 0;
      r.department_code = pick(3) == 0 ? "PARKS" : "ROADS";
      rs.push_back(std::move(r));
    }
    ASSERT_TRUE(store_->BulkInsert(rs).ok());
    // A later edit brings a word no request had before (the update trigger keeps the terms).
    Exec("UPDATE service_requests SET description = 'potholefix here' WHERE id IN (7, 1500)");
  }

  void Exec(const std::string& sql) {
    auto db = sqlite::Db::Open(dir_.File("prefix.db"), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec(sql).ok()) << sql;
  }

  // Today's meaning: the plain FTS5 query (the last word as "pre"*), newest first.
  std::vector<RequestId> Reference(const StaffListQuery& q) {
    auto db = store_->readers().Acquire();
    EXPECT_TRUE(db.ok());
    std::string sql =
        "SELECT r.id FROM service_requests r WHERE r.id IN (SELECT rowid FROM request_search "
        "WHERE request_search MATCH ?1)";
    if (q.departments.size() == 1) sql += " AND r.department_code = ?2";
    if (!q.include_internal) sql += " AND r.internal = 0";
    sql += " ORDER BY r.requested_at DESC, r.id DESC LIMIT ?3";
    auto st = (*db)->Prepare(sql);
    EXPECT_TRUE(st.ok());
    st->Bind(1, sqlite::Fts5Query(q.text)).Bind(3, q.limit);
    if (q.departments.size() == 1) st->Bind(2, q.departments[0]);
    std::vector<RequestId> ids;
    while (*st->Step()) ids.push_back(st->Int64(0));
    return ids;
  }

  std::vector<RequestId> Listed(const StaffListQuery& q) {
    auto rows = wf_->ListStaffRequests(q);
    EXPECT_TRUE(rows.ok()) << rows.error().detail;
    std::vector<RequestId> ids;
    for (const auto& item : rows.ok() ? *rows : std::vector<StaffListItem>{})
      ids.push_back(item.request.id);
    return ids;
  }

  std::string Expanded(const std::string& text) {
    auto db = store_->readers().Acquire();
    EXPECT_TRUE(db.ok());
    auto fts = sqlite::ExpandedFts5Query(**db, text);
    EXPECT_TRUE(fts.ok());
    return fts.ok() ? *fts : "";
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteWorkflowStore> wf_;
};

TEST_F(SearchPrefixTest, SpellsOutAFewWordsAndKeepsThePrefixForMany) {
  EXPECT_EQ(Expanded("pothole"), R"(("pothole" OR "potholed" OR "potholefix" OR "potholes"))");
  EXPECT_EQ(Expanded("main potholef"), R"("main" AND "potholefix")");
  EXPECT_EQ(Expanded("pot"), R"("pot"*)");               // more than kMaxPrefixTerms words
  EXPECT_EQ(Expanded("potholez"), R"("potholez"*)");     // no word: the prefix matches nothing
  EXPECT_EQ(Expanded("pothole "), R"("pothole")");       // a finished word is no prefix
  EXPECT_EQ(Expanded("caf"), R"(("cafe" OR "cafes"))");  // the tokenizer's folded words
  EXPECT_EQ(Expanded("café"), R"("café"*)");             // non-ASCII: left to the tokenizer
}

TEST_F(SearchPrefixTest, SameRequestsAsThePrefixQueryForEveryPrefixOfTheCorpus) {
  std::set<std::string> texts;
  for (const std::string& w : Vocabulary()) {
    for (size_t n = 3; n <= w.size(); ++n) {
      texts.insert(w.substr(0, n));
      texts.insert("main " + w.substr(0, n));
      texts.insert(w + " " + w.substr(0, n));
    }
  }
  texts.insert("potholef");
  texts.insert("12 str");
  int spelled_out = 0, compared = 0;
  for (const std::string& text : texts) {
    if (Expanded(text).find('*') == std::string::npos) ++spelled_out;
    for (int limit : {1000, 50, 5}) {
      for (bool one_department : {false, true}) {
        StaffListQuery q;
        q.text = text;
        q.limit = limit;
        q.include_internal = limit != 50;
        q.scope_anywhere = true;
        if (one_department) q.departments = {"ROADS"};
        const auto expected = Reference(q);
        EXPECT_EQ(Listed(q), expected) << "\"" << text << "\" limit " << limit;
        compared += !expected.empty();
      }
    }
  }
  EXPECT_GT(spelled_out, 50);  // the comparison covers the new path,
  EXPECT_GT(compared, 500);    // on results that are not empty
}

}  // namespace
}  // namespace civic311::testing
