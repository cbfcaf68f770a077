#include "adapters/storage/sqlite/knowledge_store.hpp"

#include <algorithm>

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/writer.hpp"
#include "domain/search_text.hpp"
#include "domain/suggest_text.hpp"

namespace civic311 {
namespace {

using sqlite::Db;
using sqlite::Statement;

// ["A","B"] ⇄ service codes. Codes are checked by ValidateArticle; quotes and backslashes are
// escaped anyway.
std::string CodesJson(const std::vector<std::string>& codes) {
  std::string out = "[";
  for (const std::string& c : codes) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char ch : c) {
      if (ch == '"' || ch == '\\') out += '\\';
      if (static_cast<unsigned char>(ch) >= 0x20) out += ch;
    }
    out += '"';
  }
  return out + "]";
}

std::vector<std::string> CodesFromJson(std::string_view json) {
  std::vector<std::string> out;
  std::string cur;
  bool in = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (!in) {
      if (c == '"') in = true;
      continue;
    }
    if (c == '\\' && i + 1 < json.size()) {
      cur += json[++i];
    } else if (c == '"') {
      out.push_back(std::move(cur));
      cur.clear();
      in = false;
    } else {
      cur += c;
    }
  }
  return out;
}

// A word as an FTS5 string (double quotes doubled): never query syntax.
std::string Quoted(std::string_view w) {
  std::string out = "\"";
  for (char c : w) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::int64_t Unix(Timestamp t) { return t.time_since_epoch().count(); }

Status BindArticle(Statement& st, const Article& a, std::int64_t now) {
  st.Bind(1, a.slug)
      .Bind(2, a.lang)
      .Bind(3, a.title)
      .Bind(4, a.summary)
      .Bind(5, a.body_markdown)
      .Bind(6, CodesJson(a.service_codes))
      .Bind(7, a.published)
      .Bind(8, now);
  return st.Run();
}

constexpr const char* kUpsertSql =
    "INSERT INTO kb_articles (slug, lang, title, summary, body, service_codes, published, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (slug, lang) DO UPDATE SET "
    "title = excluded.title, summary = excluded.summary, body = excluded.body, "
    "service_codes = excluded.service_codes, published = excluded.published, "
    "updated_at = excluded.updated_at";

Result<std::vector<ArticleHit>> ReadHits(Statement& st) {
  std::vector<ArticleHit> out;
  for (;;) {
    auto row = st.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    ArticleHit h;
    h.slug = st.String(0);
    h.lang = st.String(1);
    h.title = st.String(2);
    h.summary = st.String(3);
    h.service_codes = CodesFromJson(st.Text(4));
    h.score = st.IsNull(5) ? 0 : -st.Double(5);  // bm25: lower is better
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace

Result<std::vector<ArticleHit>> SqliteKnowledgeBase::Match(const std::string& fts_query,
                                                           std::string_view lang, int limit) {
  auto lease = store_.readers().Acquire();
  if (!lease.ok()) return std::move(lease).error();
  auto st = (*lease)->Prepare(
      "SELECT a.slug, a.lang, a.title, a.summary, a.service_codes, "
      "bm25(kb_search, 10.0, 4.0, 1.0) AS rank FROM kb_search JOIN kb_articles a "
      "ON a.id = kb_search.rowid WHERE kb_search MATCH ?1 AND a.lang = ?2 AND a.published = 1 "
      "ORDER BY rank, a.slug LIMIT ?3");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, fts_query).Bind(2, lang).Bind(3, std::clamp(limit, 1, kMaxArticleResults));
  return ReadHits(*st);
}

Result<std::vector<ArticleHit>> SqliteKnowledgeBase::Search(std::string_view q,
                                                            std::string_view lang, int limit) {
  SearchText s = ParseSearchText(q);
  if (s.words.empty()) return std::vector<ArticleHit>();
  std::string fts;
  for (std::size_t i = 0; i < s.words.size(); ++i) {
    if (!fts.empty()) fts += " AND ";
    fts += Quoted(s.words[i]);
    if (i + 1 == s.words.size() && s.last_is_prefix) fts += '*';
  }
  return Match(fts, lang, limit);
}

Result<std::vector<ArticleHit>> SqliteKnowledgeBase::Suggest(std::string_view text,
                                                             std::string_view lang, int limit) {
  std::vector<std::string> words = MeaningfulWords(text, lang);
  if (words.empty()) return std::vector<ArticleHit>();
  std::string fts;
  for (const std::string& w : words) {
    if (!fts.empty()) fts += " OR ";
    fts += Quoted(w);
  }
  // The word being typed also counts as a prefix, once it is long enough to mean something.
  const bool typing = !text.empty() && SplitWords(text.substr(text.size() - 1)).size() == 1;
  if (typing && words.back().size() >= 4) fts += " OR " + Quoted(words.back()) + "*";
  return Match(fts, lang, limit);
}

Result<std::optional<Article>> SqliteKnowledgeBase::Get(std::string_view slug,
                                                        std::string_view lang,
                                                        bool include_drafts) {
  auto lease = store_.readers().Acquire();
  if (!lease.ok()) return std::move(lease).error();
  auto st = (*lease)->Prepare(
      "SELECT slug, lang, title, summary, body, service_codes, published, updated_at "
      "FROM kb_articles WHERE slug = ?1 AND lang = ?2 AND (published = 1 OR ?3)");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, slug).Bind(2, lang).Bind(3, include_drafts);
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Article>();
  Article a;
  a.slug = st->String(0);
  a.lang = st->String(1);
  a.title = st->String(2);
  a.summary = st->String(3);
  a.body_markdown = st->String(4);
  a.service_codes = CodesFromJson(st->Text(5));
  a.published = st->Int64(6) != 0;
  a.updated_at = Timestamp(std::chrono::seconds(st->Int64(7)));
  return std::optional<Article>(std::move(a));
}

Result<std::vector<Article>> SqliteKnowledgeBase::List(std::string_view lang, bool include_drafts) {
  auto lease = store_.readers().Acquire();
  if (!lease.ok()) return std::move(lease).error();
  auto st = (*lease)->Prepare(
      "SELECT slug, lang, title, summary, service_codes, published, updated_at FROM kb_articles "
      "WHERE (?1 = '' OR lang = ?1) AND (published = 1 OR ?2) ORDER BY lang, title, slug");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, lang).Bind(2, include_drafts);
  std::vector<Article> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    Article a;
    a.slug = st->String(0);
    a.lang = st->String(1);
    a.title = st->String(2);
    a.summary = st->String(3);
    a.service_codes = CodesFromJson(st->Text(4));
    a.published = st->Int64(5) != 0;
    a.updated_at = Timestamp(std::chrono::seconds(st->Int64(6)));
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<ArticleHit>> SqliteKnowledgeBase::ForService(std::string_view service_code,
                                                                std::string_view lang) {
  auto lease = store_.readers().Acquire();
  if (!lease.ok()) return std::move(lease).error();
  auto st = (*lease)->Prepare(
      "SELECT slug, lang, title, summary, service_codes, NULL FROM kb_articles a "
      "WHERE lang = ?2 AND published = 1 AND EXISTS (SELECT 1 FROM json_each(a.service_codes) "
      "WHERE value = ?1) ORDER BY title, slug");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, service_code).Bind(2, lang);
  return ReadHits(*st);
}

Status SqliteKnowledgeBase::Upsert(const Article& article) { return UpsertAll({article}); }

Status SqliteKnowledgeBase::UpsertAll(const std::vector<Article>& articles) {
  for (const Article& a : articles) C311_TRY(ValidateArticle(a));
  const std::int64_t now = Unix(clock_ != nullptr ? clock_->Now() : SystemClock().Now());
  return store_.writer().Run([&](Db& db) -> Status {
    for (const Article& a : articles) {
      auto st = db.Prepare(kUpsertSql);
      if (!st.ok()) return std::move(st).error();
      C311_TRY(BindArticle(*st, a, now));
    }
    return OkStatus();
  });
}

}  // namespace civic311
