// Knowledge-base articles as Markdown files (docs/knowledge-base.md, "Article files"):
//
//   ---
//   title: Get a marriage licence
//   summary: Who can apply, what to bring, what it costs.
//   services: MISSED_TRASH, BULK_ITEM      (optional; comma-separated service codes)
//   published: true                        (optional; default true)
//   ---
//   Markdown body…
//
// The slug is the file name without ".md", the language its directory: en/marriage-licence.md.
// Errors: kInvalidArgument naming the file and the problem. Thread-safety: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "app/knowledge_base.hpp"
#include "base/result.hpp"

namespace civic311 {

// One file's text; `path` is "<lang>/<slug>.md" (for the slug, the language and messages).
Result<Article> ParseArticleFile(std::string_view path, std::string_view text);

// A bundle of files, each after a line "@@@ <lang>/<slug>.md" (cmake/kb_bundle.cmake).
Result<std::vector<Article>> ParseArticleBundle(std::string_view bundle);

}  // namespace civic311
