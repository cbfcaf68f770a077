#include "adapters/open311/format.hpp"

namespace civic311::open311 {

std::optional<Format> ParseFormat(std::string_view extension) {
  if (extension == "json") return Format::kJson;
  if (extension == "xml") return Format::kXml;
  return std::nullopt;
}

std::string_view ContentTypeOf(Format f) {
  return f == Format::kXml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
}

Format FormatForErrors(std::string_view path) {
  constexpr std::string_view kXml = ".xml";
  if (path.size() >= kXml.size() && path.substr(path.size() - kXml.size()) == kXml) {
    return Format::kXml;
  }
  return Format::kJson;
}

}  // namespace civic311::open311
