#include "adapters/storage/sqlite/knowledge_store.hpp"

#include <gtest/gtest.h>

#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311::testing {
namespace {

Article MakeArticle(std::string slug, std::string lang, std::string title, std::string body,
                    std::vector<std::string> services = {}) {
  Article a;
  a.slug = std::move(slug);
  a.lang = std::move(lang);
  a.title = std::move(title);
  a.summary = "Summary of " + a.title;
  a.body_markdown = std::move(body);
  a.service_codes = std::move(services);
  return a;
}

class KnowledgeBaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStore::Options o;
    o.path = dir_.File("kb.db");
    o.clock = &clock_;
    store_ = std::move(SqliteStore::Open(o)).value();
    kb_ = std::make_unique<SqliteKnowledgeBase>(*store_, &clock_);
    std::vector<Article> articles = {
        MakeArticle("missed-trash", "en", "My trash wasn't picked up",
                    "Report a missed trash collection after your collection day.",
                    {"MISSED-TRASH", "MISSED-RECYCLING"}),
        MakeArticle("missed-trash", "es", "No recogieron mi basura",
                    "Reporte la recolección no realizada.", {"MISSED-TRASH"}),
        MakeArticle("marriage-licence", "en", "Get a marriage licence",
                    "Both of you come to the City Registry with photo ID."),
        MakeArticle("licencia", "es", "Obtener una licencia de matrimonio",
                    "Los dos van al Registro Civil. Información útil."),
        MakeArticle("snow", "en", "Snow emergency rules",
                    "Move your car off snow emergency routes; the trash schedule moves too."),
    };
    Article draft = MakeArticle("draft", "en", "Trash draft", "Unfinished trash article.");
    draft.published = false;
    articles.push_back(draft);
    ASSERT_TRUE(kb_->UpsertAll(articles).ok());
  }

  std::vector<std::string> Slugs(const Result<std::vector<ArticleHit>>& hits) {
    EXPECT_TRUE(hits.ok());
    std::vector<std::string> out;
    if (hits.ok())
      for (const auto& h : *hits) out.push_back(h.slug);
    return out;
  }

  TempDir dir_;
  FakeClock clock_{Day(10)};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteKnowledgeBase> kb_;
};

TEST_F(KnowledgeBaseTest, SearchNeedsEveryWordTitleFirstPublishedOnly) {
  EXPECT_EQ(Slugs(kb_->Search("trash", "en", 10)),
            (std::vector<std::string>{"missed-trash", "snow"}));  // the title weighs most
  EXPECT_EQ(Slugs(kb_->Search("trash snow", "en", 10)), (std::vector<std::string>{"snow"}));
  EXPECT_EQ(Slugs(kb_->Search("marri", "en", 10)),  // the last word as a prefix
            (std::vector<std::string>{"marriage-licence"}));
  EXPECT_TRUE(Slugs(kb_->Search("", "en", 10)).empty());
  EXPECT_TRUE(Slugs(kb_->Search("\"* OR NEAR(", "en", 10)).empty());  // never FTS syntax
}

TEST_F(KnowledgeBaseTest, SearchIsAccentInsensitiveAndPerLanguage) {
  EXPECT_EQ(Slugs(kb_->Search("recoleccion", "es", 10)),
            (std::vector<std::string>{"missed-trash"}));
  EXPECT_EQ(Slugs(kb_->Search("INFORMACIÓN", "es", 10)), (std::vector<std::string>{"licencia"}));
  EXPECT_TRUE(Slugs(kb_->Search("basura", "en", 10)).empty());
}

TEST_F(KnowledgeBaseTest, SuggestFromADescription) {
  auto hits = kb_->Suggest("my trash wasn't picked up", "en", 3);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ((*hits)[0].slug, "missed-trash");
  EXPECT_EQ((*hits)[0].service_codes,
            (std::vector<std::string>{"MISSED-TRASH", "MISSED-RECYCLING"}));
  EXPECT_TRUE(Slugs(kb_->Suggest("my the was", "en", 3)).empty());  // only common words
  EXPECT_EQ(Slugs(kb_->Suggest("no recogieron la basura ayer", "es", 3)).front(), "missed-trash");
  EXPECT_EQ(Slugs(kb_->Suggest("how do I get marri", "en", 3)).front(), "marriage-licence");
}

TEST_F(KnowledgeBaseTest, GetListForServiceAndDrafts) {
  auto a = kb_->Get("missed-trash", "es");
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->title, "No recogieron mi basura");
  EXPECT_EQ((*a)->updated_at, Day(10));
  EXPECT_FALSE(kb_->Get("draft", "en")->has_value());
  EXPECT_TRUE(kb_->Get("draft", "en", true)->has_value());
  EXPECT_EQ(kb_->List("en", false)->size(), 3u);
  EXPECT_EQ(kb_->List("en", true)->size(), 4u);
  EXPECT_EQ(kb_->List("", false)->size(), 5u);
  EXPECT_EQ(Slugs(kb_->ForService("MISSED-RECYCLING", "en")),
            (std::vector<std::string>{"missed-trash"}));
  EXPECT_TRUE(Slugs(kb_->ForService("MISSED", "en")).empty());
}

TEST_F(KnowledgeBaseTest, UpsertReplacesAndReindexes) {
  clock_.Set(Day(11));
  ASSERT_TRUE(kb_->Upsert(MakeArticle("snow", "en", "Winter parking", "Plows and bans.")).ok());
  EXPECT_TRUE(Slugs(kb_->Search("emergency", "en", 10)).empty());
  EXPECT_EQ(Slugs(kb_->Search("plows", "en", 10)), (std::vector<std::string>{"snow"}));
  EXPECT_EQ((*kb_->Get("snow", "en"))->updated_at, Day(11));
}

TEST_F(KnowledgeBaseTest, UpsertValidates) {
  Status s = kb_->Upsert(MakeArticle("Bad Slug", "english", "", "x"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().fields.size(), 3u);  // slug, lang, title
}

}  // namespace
}  // namespace civic311::testing
