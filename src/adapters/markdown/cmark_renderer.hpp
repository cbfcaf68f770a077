// CmarkRenderer: the MarkdownRenderer (app/knowledge_base.hpp) over cmark-gfm (Debian
// libcmark-gfm-dev), GitHub's CommonMark implementation with its table, strikethrough, autolink
// and tagfilter extensions.
//
// Safety: rendered without CMARK_OPT_UNSAFE, so raw HTML blocks and inline HTML are replaced by
// a comment and links or images whose URL is javascript:, vbscript:, file: or data: (except
// image/png|gif|jpeg|webp) become empty. Headings start at <h2> (the page owns <h1>): "# x"
// renders as <h2>. The output is safe to place in a page unescaped.
//
// Thread-safety: ToHtml is reentrant (the extensions are registered once, thread-safely).
#pragma once

#include "app/knowledge_base.hpp"

namespace civic311 {

class CmarkRenderer final : public MarkdownRenderer {
 public:
  CmarkRenderer();
  std::string ToHtml(std::string_view markdown) const override;
};

}  // namespace civic311
