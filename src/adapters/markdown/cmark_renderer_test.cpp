#include "adapters/markdown/cmark_renderer.hpp"

#include <gtest/gtest.h>

namespace civic311 {
namespace {

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

TEST(CmarkRenderer, RendersCommonMarkAndTables) {
  CmarkRenderer r;
  std::string html = r.ToHtml(
      "# Title\n\nSome *emphasis* and a [link](https://example.org/a?b=1&c=2).\n\n"
      "| day | pickup |\n|---|---|\n| Mon | trash |\n\n~~old~~ www.example.org\n");
  EXPECT_TRUE(Has(html, "<h2>Title</h2>")) << html;  // the page owns <h1>
  EXPECT_TRUE(Has(html, "<em>emphasis</em>"));
  EXPECT_TRUE(Has(html, "<a href=\"https://example.org/a?b=1&amp;c=2\">link</a>"));
  EXPECT_TRUE(Has(html, "<table>"));
  EXPECT_TRUE(Has(html, "<td>trash</td>"));
  EXPECT_TRUE(Has(html, "<del>old</del>"));
  EXPECT_TRUE(Has(html, "href=\"http://www.example.org\""));
}

TEST(CmarkRenderer, DropsRawHtmlAndDangerousLinks) {
  CmarkRenderer r;
  std::string html = r.ToHtml(
      "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(2)> there\n\n"
      "[a](javascript:alert(3)) [b](JAVASCRIPT:alert(4)) [c](vbscript:x) [d](data:text/html,x)\n\n"
      "![e](javascript:alert(5))\n\n<iframe src=\"https://evil.example\"></iframe>\n");
  EXPECT_FALSE(Has(html, "<script")) << html;
  EXPECT_FALSE(Has(html, "<img src=\"x\"")) << html;
  EXPECT_FALSE(Has(html, "onerror")) << html;
  EXPECT_FALSE(Has(html, "<iframe")) << html;
  EXPECT_FALSE(Has(html, "javascript:")) << html;
  EXPECT_FALSE(Has(html, "JAVASCRIPT:")) << html;
  EXPECT_FALSE(Has(html, "vbscript:")) << html;
  EXPECT_FALSE(Has(html, "data:text/html")) << html;
}

TEST(CmarkRenderer, EscapesTextAndSurvivesBadUtf8) {
  CmarkRenderer r;
  EXPECT_TRUE(Has(r.ToHtml("a < b & \"c\""), "a &lt; b &amp; "));
  std::string html = r.ToHtml(std::string("caf\xff\n", 5));
  EXPECT_TRUE(Has(html, "<p>caf")) << html;
}

}  // namespace
}  // namespace civic311
