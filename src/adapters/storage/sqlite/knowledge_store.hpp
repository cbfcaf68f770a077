// SqliteKnowledgeBase: the KnowledgeBase (app/knowledge_base.hpp) of the database a SqliteStore
// has open (schema: migrations/0006_portal_data.sql, tables kb_articles and kb_search).
//
// Search and Suggest are FTS5 queries built from words only (domain/search_text.hpp splits the
// text; every word is quoted), so no input is ever FTS5 syntax. Ranking: bm25 with the title
// weighted 10, the summary 4 and the body 1.
//
// Ownership: borrows the SqliteStore, which must outlive it.
// Thread-safety: every method is safe from many threads at once; all calls block (disk).
#pragma once

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/knowledge_base.hpp"

namespace civic311 {

class SqliteKnowledgeBase final : public KnowledgeBase {
 public:
  explicit SqliteKnowledgeBase(SqliteStore& store, const Clock* clock = nullptr)
      : store_(store), clock_(clock) {}

  Result<std::vector<ArticleHit>> Search(std::string_view q, std::string_view lang,
                                         int limit) override;
  Result<std::vector<ArticleHit>> Suggest(std::string_view text, std::string_view lang,
                                          int limit) override;
  Result<std::optional<Article>> Get(std::string_view slug, std::string_view lang,
                                     bool include_drafts = false) override;
  Result<std::vector<Article>> List(std::string_view lang, bool include_drafts) override;
  Result<std::vector<ArticleHit>> ForService(std::string_view service_code,
                                             std::string_view lang) override;
  Status Upsert(const Article& article) override;

  // Upserts many articles in one transaction (loading the demo city's, or a city's files).
  Status UpsertAll(const std::vector<Article>& articles);

 private:
  Result<std::vector<ArticleHit>> Match(const std::string& fts_query, std::string_view lang,
                                        int limit);
  SqliteStore& store_;
  const Clock* clock_;
};

}  // namespace civic311
