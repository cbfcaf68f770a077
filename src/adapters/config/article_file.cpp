#include "adapters/config/article_file.hpp"

#include <string>

#include "domain/text.hpp"

namespace civic311 {
namespace {

std::string_view NextLine(std::string_view text, std::size_t* pos) {
  std::size_t end = text.find('\n', *pos);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(*pos, end - *pos);
  *pos = end < text.size() ? end + 1 : end;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

Result<Article> ParseArticleFile(std::string_view path, std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Error::InvalidArgument(std::string(path) + ": " + why);
  };
  Article a;
  std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::string_view dir = slash == std::string_view::npos ? "" : path.substr(0, slash);
  if (std::size_t s = dir.rfind('/'); s != std::string_view::npos) dir = dir.substr(s + 1);
  if (name.size() < 4 || name.substr(name.size() - 3) != ".md") return bad("not a .md file");
  a.slug = std::string(name.substr(0, name.size() - 3));
  a.lang = std::string(dir);

  std::size_t pos = 0;
  if (NextLine(text, &pos) != "---") return bad("the file must start with a '---' line");
  for (;;) {
    if (pos >= text.size()) return bad("the front matter has no closing '---' line");
    std::string_view line = NextLine(text, &pos);
    if (line == "---") break;
    if (TrimAscii(line).empty()) continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return bad("a front-matter line without ':'");
    std::string_view key = TrimAscii(line.substr(0, colon));
    std::string value(TrimAscii(line.substr(colon + 1)));
    if (key == "title") {
      a.title = value;
    } else if (key == "summary") {
      a.summary = value;
    } else if (key == "services") {
      std::size_t i = 0;
      while (i <= value.size()) {
        std::size_t comma = value.find(',', i);
        if (comma == std::string::npos) comma = value.size();
        std::string code(TrimAscii(std::string_view(value).substr(i, comma - i)));
        if (!code.empty()) a.service_codes.push_back(code);
        i = comma + 1;
      }
    } else if (key == "published") {
      if (value != "true" && value != "false") return bad("published must be true or false");
      a.published = value == "true";
    } else {
      return bad("unknown front-matter key '" + std::string(key) + "'");
    }
  }
  a.body_markdown = std::string(TrimAscii(text.substr(pos)));
  if (Status s = ValidateArticle(a); !s.ok()) {
    std::string why = s.error().message;
    for (const FieldError& f : s.error().fields) why += "; " + f.field + ": " + f.message;
    return bad(why);
  }
  return a;
}

Result<std::vector<Article>> ParseArticleBundle(std::string_view bundle) {
  std::vector<Article> out;
  constexpr std::string_view kMark = "@@@ ";
  std::size_t pos = 0;
  while (pos < bundle.size()) {
    if (bundle.substr(pos, kMark.size()) != kMark)
      return Error::InvalidArgument("knowledge-base bundle: expected '@@@ <lang>/<slug>.md'");
    std::string_view header = NextLine(bundle, &pos);
    std::string_view path = header.substr(kMark.size());
    std::size_t next = bundle.find("\n@@@ ", pos);
    std::size_t end = next == std::string_view::npos ? bundle.size() : next + 1;
    auto article = ParseArticleFile(path, bundle.substr(pos, end - pos));
    if (!article.ok()) return std::move(article).error();
    out.push_back(std::move(*article));
    pos = end;
  }
  return out;
}

}  // namespace civic311
