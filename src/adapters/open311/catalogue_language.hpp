// The language of the catalogue answers (GET services, GET services/{code}): the `locale`
// parameter (an extension, as on POST), else the client's Accept-Language, matched against the
// languages the city's catalogue has words in (docs/open311.md, "Languages").
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/city.hpp"
#include "http/api/message.hpp"

namespace civic311::open311 {

// The language ranges of an Accept-Language value (RFC 9110 §12.5.4), highest q first (equals
// keep their order), lower-case; "*" and q=0 left out.
std::vector<std::string> LanguageRanges(std::string_view header);

// The primary subtag of a BCP 47 tag, lower-case ("es-MX" and "es_MX" → "es"); "" when it is not
// 2–3 letters.
std::string PrimaryLanguage(std::string_view tag);

// The language to translate the catalogue into, or "" for the catalogue's own words: `locale`
// when the city has words in it (any other locale: its own words), else the first range of
// Accept-Language that is English (the catalogue's own language, as the portal's) or one the
// city has words in.
std::string CatalogueLanguage(const http::Request& req, const City& city);

}  // namespace civic311::open311
