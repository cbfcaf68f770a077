#include "adapters/config/article_file.hpp"

#include <gtest/gtest.h>

#include "adapters/demo/demo_data.hpp"

namespace civic311 {
namespace {

TEST(ArticleFile, FrontMatterAndBody) {
  auto a = ParseArticleFile("es/basura.md",
                            "---\ntitle: Basura\nsummary: Qué hacer.\nservices: A, B ,\n"
                            "published: false\n---\n\n# Hola\n");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->slug, "basura");
  EXPECT_EQ(a->lang, "es");
  EXPECT_EQ(a->title, "Basura");
  EXPECT_EQ(a->service_codes, (std::vector<std::string>{"A", "B"}));
  EXPECT_FALSE(a->published);
  EXPECT_EQ(a->body_markdown, "# Hola");
}

TEST(ArticleFile, ErrorsNameTheFile) {
  EXPECT_NE(ParseArticleFile("en/x.md", "no front matter").error().message.find("en/x.md"),
            std::string::npos);
  EXPECT_FALSE(ParseArticleFile("en/x.md", "---\ntitle: t\n").ok());
  EXPECT_FALSE(ParseArticleFile("en/x.md", "---\ncolour: red\n---\nbody").ok());
  EXPECT_FALSE(ParseArticleFile("en/X Y.md", "---\ntitle: t\n---\nbody").ok());
  EXPECT_FALSE(ParseArticleFile("en/x.md", "---\ntitle: t\n---\n").ok());  // empty body
}

// The demo city ships at least 12 articles in English and in Spanish, with the same slugs.
TEST(ArticleFile, DemoKnowledgeBaseIsBilingual) {
  auto articles = DemoArticles();
  ASSERT_TRUE(articles.ok()) << articles.error().message;
  std::vector<std::string> en, es;
  for (const Article& a : *articles) (a.lang == "en" ? en : es).push_back(a.slug);
  EXPECT_GE(en.size(), 12u);
  EXPECT_EQ(en, es);
}

}  // namespace
}  // namespace civic311
