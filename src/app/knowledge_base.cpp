#include "app/knowledge_base.hpp"

#include <algorithm>

namespace civic311 {

bool IsSlug(std::string_view s) {
  if (s.empty() || s.size() > 80 || s.front() == '-' || s.back() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

namespace {

bool IsLang(std::string_view s) {
  return s.size() == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z';
}

}  // namespace

Status ValidateArticle(const Article& a) {
  Error e = Error::InvalidArgument("the article is not valid");
  auto bad = [&](std::string field, std::string message) {
    e.fields.push_back({std::move(field), std::move(message)});
  };
  if (!IsSlug(a.slug)) bad("slug", "use 1 to 80 lower-case letters, digits and dashes");
  if (!IsLang(a.lang)) bad("lang", "use a two-letter language code such as en or es");
  if (a.title.empty() || a.title.size() > 200) bad("title", "give a title of 1 to 200 bytes");
  if (a.summary.size() > 500) bad("summary", "keep the summary under 500 bytes");
  if (a.body_markdown.empty() || a.body_markdown.size() > 100'000)
    bad("body", "give a body of 1 to 100000 bytes");
  for (const std::string& code : a.service_codes)
    if (code.empty() || code.size() > 100) bad("service_codes", "a service code is empty or long");
  if (!e.fields.empty()) return e;
  return OkStatus();
}

}  // namespace civic311
