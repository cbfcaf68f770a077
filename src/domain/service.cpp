#include "domain/service.hpp"

namespace civic311 {

const char* DatatypeName(AttributeDatatype d) {
  switch (d) {
    case AttributeDatatype::kString:
      return "string";
    case AttributeDatatype::kNumber:
      return "number";
    case AttributeDatatype::kDatetime:
      return "datetime";
    case AttributeDatatype::kText:
      return "text";
    case AttributeDatatype::kSingleValueList:
      return "singlevaluelist";
    case AttributeDatatype::kMultiValueList:
      return "multivaluelist";
  }
  return "string";
}

std::optional<AttributeDatatype> ParseDatatype(std::string_view n) {
  if (n == "string") return AttributeDatatype::kString;
  if (n == "number") return AttributeDatatype::kNumber;
  if (n == "datetime") return AttributeDatatype::kDatetime;
  if (n == "text") return AttributeDatatype::kText;
  if (n == "singlevaluelist") return AttributeDatatype::kSingleValueList;
  if (n == "multivaluelist") return AttributeDatatype::kMultiValueList;
  return std::nullopt;
}

const char* ServiceTypeName(ServiceType t) {
  switch (t) {
    case ServiceType::kRealtime:
      return "realtime";
    case ServiceType::kBatch:
      return "batch";
    case ServiceType::kBlackbox:
      return "blackbox";
  }
  return "realtime";
}

std::optional<ServiceType> ParseServiceType(std::string_view n) {
  if (n == "realtime") return ServiceType::kRealtime;
  if (n == "batch") return ServiceType::kBatch;
  if (n == "blackbox") return ServiceType::kBlackbox;
  return std::nullopt;
}

const Attribute* Service::FindAttribute(std::string_view c) const {
  for (const auto& a : attributes)
    if (a.code == c) return &a;
  return nullptr;
}

namespace {
void Replace(std::string& field, const std::string& translated) {
  if (!translated.empty()) field = translated;
}
}  // namespace

Service Localized(const Service& s, std::string_view lang) {
  Service out = s;
  if (auto t = s.i18n.find(std::string(lang)); t != s.i18n.end()) {
    Replace(out.name, t->second.name);
    Replace(out.description, t->second.description);
    Replace(out.group, t->second.group);
    Replace(out.service_notice, t->second.service_notice);
  }
  for (Attribute& a : out.attributes) {
    auto t = a.i18n.find(std::string(lang));
    if (t == a.i18n.end()) continue;
    Replace(a.description, t->second.description);
    Replace(a.datatype_description, t->second.datatype_description);
    for (AttributeValue& v : a.values) {
      if (auto label = t->second.values.find(v.key); label != t->second.values.end()) {
        Replace(v.name, label->second);
      }
    }
  }
  return out;
}

const std::string& LocalizedName(const Department& d, std::string_view lang) {
  auto t = d.name_i18n.find(std::string(lang));
  return t != d.name_i18n.end() && !t->second.empty() ? t->second : d.name;
}

}  // namespace civic311
