#include "domain/service.hpp"

namespace civic311 {

const char* DatatypeName(AttributeDatatype d) {
  switch (d) {
    case AttributeDatatype::kString: return "string";
    case AttributeDatatype::kNumber: return "number";
    case AttributeDatatype::kDatetime: return "datetime";
    case AttributeDatatype::kText: return "text";
    case AttributeDatatype::kSingleValueList: return "singlevaluelist";
    case AttributeDatatype::kMultiValueList: return "multivaluelist";
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
    case ServiceType::kRealtime: return "realtime";
    case ServiceType::kBatch: return "batch";
    case ServiceType::kBlackbox: return "blackbox";
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

}  // namespace civic311
