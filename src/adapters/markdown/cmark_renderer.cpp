#include "adapters/markdown/cmark_renderer.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <mutex>

namespace civic311 {
namespace {

std::once_flag g_extensions_once;

// Shifts every heading down one level (h1 → h2 … h5 → h6): the page's title is its <h1>.
void DemoteHeadings(cmark_node* root) {
  cmark_iter* it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING) {
      int level = cmark_node_get_heading_level(n);
      cmark_node_set_heading_level(n, level < 6 ? level + 1 : 6);
    }
  }
  cmark_iter_free(it);
}

}  // namespace

CmarkRenderer::CmarkRenderer() {
  std::call_once(g_extensions_once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

std::string CmarkRenderer::ToHtml(std::string_view markdown) const {
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART;
  cmark_parser* parser = cmark_parser_new(options);
  for (const char* name : {"table", "strikethrough", "autolink", "tagfilter"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser, ext);
  }
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* doc = cmark_parser_finish(parser);
  DemoteHeadings(doc);
  char* html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
  std::string out = html != nullptr ? html : "";
  std::free(html);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

}  // namespace civic311
