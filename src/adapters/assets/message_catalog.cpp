#include "adapters/assets/message_catalog.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>

namespace civic311::assets {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<MessageCatalog> MessageCatalog::Load(const Assets& assets) {
  // i18n/<lang>.json and i18n/<lang>/<part>.json (one part per area of the product, so parallel
  // work on two areas never edits the same file). A key defined twice for one language is an
  // error: silently picking one would hide a mistake.
  std::map<std::string, boost::json::object> raw;
  for (const std::string& name : assets.List("i18n/")) {
    if (!name.ends_with(".json")) continue;
    std::string_view rest = std::string_view(name).substr(5, name.size() - 5 - 5);
    size_t slash = rest.find('/');
    if (slash != std::string_view::npos && rest.find('/', slash + 1) != std::string_view::npos) {
      continue;
    }
    std::string lang(rest.substr(0, slash));
    auto asset = assets.Find(name);
    if (!asset) continue;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(asset->bytes, ec);
    if (ec || !v.is_object()) {
      return Error::InvalidArgument(name + ": not a JSON object");
    }
    boost::json::object& into = raw[lang];
    for (const auto& [k, val] : v.get_object()) {
      if (!val.is_string()) {
        return Error::InvalidArgument(name + ": \"" + std::string(k) + "\" is not a string");
      }
      if (into.contains(k)) {
        return Error::InvalidArgument(name + ": \"" + std::string(k) +
                                      "\" is already defined for language " + lang);
      }
      into[k] = val;
    }
  }
  if (!raw.contains("en")) return Error::InvalidArgument("i18n/en.json is missing");
  MessageCatalog c;
  c.languages_.push_back("en");
  for (const auto& [lang, obj] : raw) {
    if (lang != "en") c.languages_.push_back(lang);
    boost::json::object merged = raw["en"];
    for (const auto& [k, val] : obj) merged[k] = val;
    c.merged_[lang] = std::move(merged);
  }
  return c;
}

bool MessageCatalog::Has(std::string_view lang) const { return merged_.contains(lang); }

const boost::json::object& MessageCatalog::All(std::string_view lang) const {
  auto it = merged_.find(lang);
  if (it == merged_.end()) it = merged_.find(std::string_view("en"));
  return it->second;
}

std::string_view MessageCatalog::Get(std::string_view lang, std::string_view key) const {
  const boost::json::object& o = All(lang);
  if (auto it = o.find(key); it != o.end()) return it->value().get_string();
  return key;
}

std::string MessageCatalog::Distance(std::string_view lang, double meters) const {
  if (!(meters > 0)) meters = 0;  // negative or NaN
  const long long m = std::llround(meters);
  if (m < 1000) return Format(lang, "distance_m", {{"n", std::to_string(m)}});
  const long long tenths = std::llround(meters / 100);
  std::string n = std::to_string(tenths / 10);
  if (tenths % 10 != 0) {
    n += Get(lang, "decimal_mark");
    n += static_cast<char>('0' + tenths % 10);
  }
  return Format(lang, "distance_km", {{"n", n}});
}

std::string MessageCatalog::Format(std::string_view lang, std::string_view key,
                                   const std::map<std::string, std::string>& args) const {
  std::string_view text = Get(lang, key);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '{') {
      size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        auto it = args.find(std::string(text.substr(i + 1, close - i - 1)));
        if (it != args.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

std::string MessageCatalog::Negotiate(std::string_view header) const {
  std::string best = "en";
  double best_q = -1;
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = Trim(header.substr(start, end - start));
    start = end + 1;
    double q = 1.0;
    if (size_t semi = item.find(';'); semi != std::string_view::npos) {
      std::string_view param = Trim(item.substr(semi + 1));
      item = Trim(item.substr(0, semi));
      if (param.starts_with("q=")) {
        try {
          q = std::stod(std::string(param.substr(2)));
        } catch (...) {
          q = 0;
        }
      }
    }
    std::string tag = Lower(item);
    if (size_t dash = tag.find('-'); dash != std::string::npos) tag.resize(dash);
    if (q > 0 && q > best_q && Has(tag)) {
      best = tag;
      best_q = q;
    }
  }
  return best;
}

}  // namespace civic311::assets
