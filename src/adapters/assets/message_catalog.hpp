// MessageCatalog: the words of every page and message, one JSON file per language
// (web/i18n/<lang>.json, a flat object "key": "text", plus any web/i18n/<lang>/<part>.json split
// off by area), so adding a language is adding a file (or a folder).
// English ("en") is the reference: a key missing from another language falls back to English,
// and a key missing everywhere is shown as the key itself (visible in tests, never a crash).
//
// Texts may hold {name} placeholders, filled by Format(); they are plain text (templates escape).
// Thread-safety: immutable after construction; safe from any thread.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/assets/assets.hpp"
#include "base/result.hpp"

namespace civic311::assets {

class MessageCatalog {
 public:
  // Loads every i18n/<lang>.json and i18n/<lang>/*.json of `assets`. Errors: kInvalidArgument
  // naming the file that is not a flat JSON object of strings or that defines a key a second time
  // for its language, or when no English words exist.
  static Result<MessageCatalog> Load(const Assets& assets);

  // Language codes with a catalog, "en" first, then sorted.
  const std::vector<std::string>& languages() const { return languages_; }
  bool Has(std::string_view lang) const;

  // The text for `key` in `lang` (see fallbacks above).
  std::string_view Get(std::string_view lang, std::string_view key) const;
  // Get() with {name} placeholders replaced by `args` (unknown placeholders left as they are).
  std::string Format(std::string_view lang, std::string_view key,
                     const std::map<std::string, std::string>& args) const;
  // A distance for people, in `lang`: whole metres under a kilometre ("250 m"), then kilometres
  // to one decimal with the language's mark ("1 km", "1,5 km"); rounded once, so 999.6 m reads
  // "1 km", never "1000 m". Negative or NaN: "0 m". Words: distance_m, distance_km,
  // decimal_mark. The one way every page and message writes a distance.
  std::string Distance(std::string_view lang, double meters) const;
  // The whole catalog of `lang` with English filling its gaps: handed to templates as "t".
  const boost::json::object& All(std::string_view lang) const;

  // The best supported language for an Accept-Language header value (RFC 9110 §12.5.4: q-values,
  // "es-MX" matches "es"), or "en".
  std::string Negotiate(std::string_view accept_language) const;

 private:
  std::vector<std::string> languages_;
  std::map<std::string, boost::json::object, std::less<>> merged_;
};

}  // namespace civic311::assets
