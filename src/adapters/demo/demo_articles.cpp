#include "adapters/config/article_file.hpp"
#include "adapters/demo/demo_data.hpp"

namespace civic311 {

Result<std::vector<Article>> DemoArticles() {
  return ParseArticleBundle(DemoKnowledgeBaseBundle());
}

}  // namespace civic311
