// Knowledge base: articles that answer residents' questions ("how do I get a marriage licence?")
// so that a question needs no request (docs/knowledge-base.md). Articles are Markdown stored in
// the database, one row per (slug, language); the demo city ships them in config/demo-kb/.
//
// Ports: KnowledgeBase (the store, with full-text search; SQLite FTS5 in
// adapters/storage/sqlite/knowledge_store) and MarkdownRenderer (Markdown → safe HTML;
// adapters/markdown). Search is accent- and case-insensitive ("licencia" finds "Licéncia"),
// the last word also matches as a prefix, as staff search (domain/search_text.hpp).
//
// Errors: kInvalidArgument for a bad article on Upsert (fields named); kUnavailable for database
// trouble. Thread-safety: implementations are safe from many threads at once; calls block (disk).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"

namespace civic311 {

struct Article {
  std::string slug;     // [a-z0-9-]{1,80}; the same slug in every language of one article
  std::string lang;     // "en", "es", … (2-letter code)
  std::string title;    // plain text
  std::string summary;  // plain text, one or two sentences (lists, search results)
  std::string body_markdown;
  std::vector<std::string> service_codes;  // services this article is about (links both ways)
  bool published = true;                   // drafts are never returned to the public calls
  Timestamp updated_at{};                  // set by the store on Upsert
};

// A search or suggestion result: the article without its body.
struct ArticleHit {
  std::string slug;
  std::string lang;
  std::string title;
  std::string summary;
  std::vector<std::string> service_codes;
  double score = 0;  // higher is better; only comparable within one answer
};

inline constexpr int kMaxArticleResults = 50;

class KnowledgeBase {
 public:
  virtual ~KnowledgeBase() = default;

  // Published articles in `lang` whose title, summary or body contain every word of q (the last
  // word as a prefix), best first. limit clamped to 1..kMaxArticleResults. Empty q: no hits.
  virtual Result<std::vector<ArticleHit>> Search(std::string_view q, std::string_view lang,
                                                 int limit) = 0;

  // "Suggest while typing" for a resident's free description ("my trash wasn't picked up"):
  // published articles in `lang` sharing *any* meaningful word with the text (common words of
  // the language dropped, word stems compared), ranked by how many and how rare. Cheap enough to
  // call on every pause in typing. Empty or stop-words-only text: no hits.
  virtual Result<std::vector<ArticleHit>> Suggest(std::string_view text, std::string_view lang,
                                                  int limit) = 0;

  // One article; drafts only if include_drafts (staff). nullopt: none in that language.
  virtual Result<std::optional<Article>> Get(std::string_view slug, std::string_view lang,
                                             bool include_drafts = false) = 0;

  // Articles of `lang` (every language if empty), by title; bodies left empty.
  virtual Result<std::vector<Article>> List(std::string_view lang, bool include_drafts) = 0;

  // Published articles of `lang` linked to this service, by title (for the report flow).
  virtual Result<std::vector<ArticleHit>> ForService(std::string_view service_code,
                                                     std::string_view lang) = 0;

  // Creates or replaces the article (slug, lang); sets updated_at to now. Validates the fields.
  virtual Status Upsert(const Article& article) = 0;
};

// Markdown (CommonMark + GitHub tables, strikethrough, autolinks) to HTML that is safe to put in
// a page as is: raw HTML in the source is dropped, links and images with javascript:, vbscript:,
// file: or data: (other than images) URLs are removed. Thread-safety: const, reentrant.
class MarkdownRenderer {
 public:
  virtual ~MarkdownRenderer() = default;
  virtual std::string ToHtml(std::string_view markdown) const = 0;
};

// Validates an article's fields (slug shape, language code, lengths, non-empty title and body).
Status ValidateArticle(const Article& article);

// Whether `s` is an article's short name as ValidateArticle accepts it: 1 to 80 of [a-z0-9-],
// not starting or ending with a dash.
bool IsSlug(std::string_view s);

}  // namespace civic311
