#include "adapters/open311/catalogue_language.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>

namespace civic311::open311 {
namespace {

// Languages the catalogue has any words in: services, their attributes, departments.
std::set<std::string, std::less<>> TranslatedLanguages(const City& city) {
  std::set<std::string, std::less<>> out;
  for (const Service& s : city.services) {
    for (const auto& [lang, text] : s.i18n) out.insert(lang);
    for (const Attribute& a : s.attributes)
      for (const auto& [lang, text] : a.i18n) out.insert(lang);
  }
  for (const Department& d : city.departments)
    for (const auto& [lang, name] : d.name_i18n) out.insert(lang);
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<std::string> LanguageRanges(std::string_view header) {
  std::vector<std::pair<double, std::string>> ranges;
  while (!header.empty()) {
    const size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    double q = 1;
    if (const size_t semi = item.find(';'); semi != std::string_view::npos) {
      const size_t at = item.find("q=", semi);
      if (at != std::string_view::npos) q = std::atof(std::string(item.substr(at + 2)).c_str());
      item = item.substr(0, semi);
    }
    item = Trim(item);
    if (item.empty() || item == "*" || q <= 0) continue;
    std::string range(item);
    std::transform(range.begin(), range.end(), range.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    ranges.emplace_back(q, std::move(range));
  }
  std::stable_sort(ranges.begin(), ranges.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  out.reserve(ranges.size());
  for (auto& [q, range] : ranges) out.push_back(std::move(range));
  return out;
}

std::string PrimaryLanguage(std::string_view tag) {
  tag = tag.substr(0, tag.find_first_of("-_"));
  if (tag.size() < 2 || tag.size() > 3) return "";
  std::string out;
  for (char c : tag) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return "";
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string CatalogueLanguage(const http::Request& req, const City& city) {
  const auto known = TranslatedLanguages(city);
  if (std::string_view locale = req.Param("locale"); !locale.empty()) {
    std::string lang = PrimaryLanguage(locale);
    return known.contains(lang) ? lang : "";
  }
  for (const std::string& range : LanguageRanges(req.Header("accept-language"))) {
    std::string lang = PrimaryLanguage(range);
    if (lang == "en") return "";
    if (known.contains(lang)) return lang;
  }
  return "";
}

}  // namespace civic311::open311
