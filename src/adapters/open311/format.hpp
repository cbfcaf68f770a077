// The two Open311 wire formats, chosen by the resource's extension (/services.json,
// /services.xml). https://wiki.open311.org/GeoReport_v2/#format-support
#pragma once

#include <optional>
#include <string_view>

namespace civic311::open311 {

enum class Format { kJson, kXml };

// "json" or "xml" (lower case, as the spec writes them); nullopt for anything else.
std::optional<Format> ParseFormat(std::string_view extension);

// "application/json; charset=utf-8" or "text/xml; charset=utf-8".
std::string_view ContentTypeOf(Format f);

// The format an error about `path` is rendered in: XML when the path ends in ".xml", else JSON
// (also for paths without a usable extension).
Format FormatForErrors(std::string_view path);

}  // namespace civic311::open311
