// The demo city's data files, built into the binary so that `civic311 init --demo` works from
// any directory (cmake/embed.cmake):
//   DemoGazetteerCsvGz()       config/demo-gazetteer.csv.gz (docs/gazetteer.md: provenance)
//   DemoRequestsCsvGz()        config/demo-requests.csv.gz (docs/demo.md: provenance)
//   DemoKnowledgeBaseBundle()  config/demo-kb/<lang>/<slug>.md, concatenated by
//                              cmake/kb_bundle.cmake (each file after a line "@@@ <lang>/<slug>")
// Thread-safety: the views point at static data; safe from any thread.
#pragma once

#include <string_view>
#include <vector>

#include "app/knowledge_base.hpp"
#include "base/result.hpp"

namespace civic311 {

std::string_view DemoGazetteerCsvGz();
std::string_view DemoRequestsCsvGz();
std::string_view DemoKnowledgeBaseBundle();

// The articles of the embedded bundle (ParseArticleFile on each file).
Result<std::vector<Article>> DemoArticles();

}  // namespace civic311
