// Validating the suite's answers against the official GeoReport v2 JSON Schemas
// (tests/open311/schema/georeport-v2/, from open311/schema-validation) with ajv 8 and formats
// enforced (ajv-formats: "uri", "date-time"), as ajv's users and python-jsonschema with a format
// checker do. One `node tests/open311/schema/validate.mjs` child serves the whole suite.
//
// XML answers are checked too: the document is read as the JSON answer would be (the root
// dropped, list containers as arrays, every leaf as its text) and validated with ajv's type
// coercion, so "42.36" is a number, "true" a boolean and an empty element null — which is how
// an XML client reads them. A missing, extra-cased or misplaced element fails like a JSON field.
#pragma once

#include <sys/types.h>

#include <string>

#include "mini_xml.hpp"

namespace open311_suite {

// The schema an answer must satisfy: "requests" (GET requests, GET requests/{id}), "services"
// (GET services), "service-definition" (GET services/{code}); "" for anything else (other
// endpoints, errors, HEAD).
std::string SchemaFor(const std::string& method, const std::string& target, int status);

// The JSON text an XML client reads from `doc`: the root element dropped; known list containers
// (service_requests, services, attributes, values) as arrays of their items; other elements with
// children as objects; leaves as strings.
std::string XmlAsJson(const XmlDocument& doc);

class SchemaValidator {
 public:
  SchemaValidator() = default;
  ~SchemaValidator();
  SchemaValidator(const SchemaValidator&) = delete;
  SchemaValidator& operator=(const SchemaValidator&) = delete;

  // Starts `node script schema_dir`; "" or why it could not.
  std::string Start(const std::string& node, const std::string& script,
                    const std::string& schema_dir);
  // "" when `json_text` satisfies `schema` ("xml": with the coercion above), else ajv's errors.
  std::string Validate(const std::string& schema, bool xml, const std::string& json_text);

 private:
  pid_t pid_ = -1;
  int to_ = -1;    // its stdin
  int from_ = -1;  // its stdout
  std::string buffered_;
};

}  // namespace open311_suite
