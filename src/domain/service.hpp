// The city's catalogue: departments and services (Open311 "services", FixMyStreet "contacts").
// https://wiki.open311.org/GeoReport_v2/#get-service-list
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/sla.hpp"

namespace civic311 {

struct Department {
  std::string code;       // stable id, e.g. "PWD"
  std::string name;       // "Public Works"
  std::string email;      // contact e-mail (internal, never in public output)
  bool dispatch = false;  // police/911 dispatch: receives every emergency service
  std::map<std::string, std::string> name_i18n;  // by language: i18n.es.name = "Obras Públicas"
};

// Open311 attribute datatypes, spelled as on the wire.
enum class AttributeDatatype {
  kString,
  kNumber,
  kDatetime,
  kText,
  kSingleValueList,
  kMultiValueList
};
const char* DatatypeName(AttributeDatatype d);
std::optional<AttributeDatatype> ParseDatatype(std::string_view name);

struct AttributeValue {
  std::string key;
  std::string name;
};

// An attribute's words in another language ([services.attributes.i18n.<lang>]); an empty field
// keeps the catalogue's own words. values: value key -> label.
struct AttributeText {
  std::string description;
  std::string datatype_description;
  std::map<std::string, std::string> values;
};

// https://wiki.open311.org/GeoReport_v2/#get-service-definition
struct Attribute {
  std::string code;
  bool variable = true;  // false: informational text only, no input
  AttributeDatatype datatype = AttributeDatatype::kString;
  bool required = false;
  std::string datatype_description;
  int order = 0;
  std::string description;                    // the question shown to the reporter
  std::vector<AttributeValue> values;         // for the list datatypes
  std::map<std::string, AttributeText> i18n;  // by language code ("es")
};

// A service's words in another language ([services.i18n.<lang>], docs/config.md); an empty field
// keeps the catalogue's own words. Keywords add to the service's own (all languages search).
struct ServiceText {
  std::string name;
  std::string description;
  std::string group;
  std::string service_notice;
};

enum class ServiceType { kRealtime, kBatch, kBlackbox };
const char* ServiceTypeName(ServiceType t);
std::optional<ServiceType> ParseServiceType(std::string_view name);

struct Service {
  std::string code;  // stable service_code
  std::string name;
  std::string description;
  std::string group;
  std::vector<std::string> keywords;
  std::string department_code;
  ServiceType type = ServiceType::kRealtime;
  SlaTarget sla;               // e.g. "3 business days"
  bool emergency = false;      // route to dispatch, tell the reporter to call 911
  std::string service_notice;  // shown in the POST answer (always set for emergencies)
  // false: an out-of-scope topic ("dispute a parking ticket"): listed so residents find it, its
  // notice says where to go instead, and it never creates a request.
  bool takes_reports = true;
  std::vector<Attribute> attributes;        // sorted by order
  std::map<std::string, ServiceText> i18n;  // by language code ("es")
  bool metadata() const { return !attributes.empty(); }
  const Attribute* FindAttribute(std::string_view code) const;
};

// The service as residents reading `lang` see it: each translated field replaces the catalogue's
// own (service name, description, group, notice; attribute questions, hints and value labels).
// Codes, keys and everything else are unchanged. Without a translation: a copy of `s`.
Service Localized(const Service& s, std::string_view lang);
// The department's name in `lang`, or its own name.
const std::string& LocalizedName(const Department& d, std::string_view lang);

}  // namespace civic311
