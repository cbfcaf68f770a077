// A strict little XML reader for the Open311 suite: elements and character data only (no
// attributes, comments, CDATA, DTDs or namespaces: our documents use none). It checks what a
// client's parser would: well-formedness, matching tags, known entities, characters allowed in
// XML 1.0 and valid UTF-8. Paths are XPath-like: /service_requests/request[2]/status.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace open311_suite {

struct XmlElement {
  std::string name;
  std::string text;  // this element's own character data, entities decoded
  std::vector<std::unique_ptr<XmlElement>> children;

  // XPath string-value: own text plus all descendants' text, in document order.
  std::string StringValue() const;
};

struct XmlDocument {
  bool has_declaration = false;
  std::string declaration;  // the <?xml …?> text, as written
  std::unique_ptr<XmlElement> root;
};

// Parses `text`; on failure returns nullptr and sets *error (with the byte offset).
std::unique_ptr<XmlDocument> ParseXml(std::string_view text, std::string* error);

// Elements matching an absolute path "/a/b[1]/c" (1-based indexes among same-named siblings;
// a step without an index matches all of them). Sets *error for a malformed path.
std::vector<const XmlElement*> SelectXml(const XmlDocument& doc, std::string_view path,
                                         std::string* error);

}  // namespace open311_suite
