#include "adapters/open311/submission_params.hpp"

#include <cstdlib>

#include "adapters/open311/catalogue_language.hpp"

namespace civic311::open311 {
namespace {

constexpr std::string_view kAttributePrefix = "attribute[";

// The attribute code in a parameter name, or nullopt if it is not an attribute parameter.
std::optional<std::string_view> AttributeCode(std::string_view name) {
  if (name.substr(0, kAttributePrefix.size()) != kAttributePrefix) return std::nullopt;
  std::string_view code = name.substr(kAttributePrefix.size());
  if (code.ends_with("][]")) {
    code.remove_suffix(3);
  } else if (code.ends_with("]")) {
    code.remove_suffix(1);
  }
  return code;
}

void AddAttributes(const std::vector<std::pair<std::string, std::string>>& params,
                   SubmissionInput& in) {
  for (const auto& [name, value] : params) {
    if (auto code = AttributeCode(name)) in.attributes.emplace_back(*code, value);
  }
}

}  // namespace

SubmissionInput SubmissionFromRequest(const http::Request& req) {
  SubmissionInput in;
  auto get = [&req](std::string_view name) { return std::string(req.Param(name)); };
  in.service_code = get("service_code");
  in.lat = get("lat");
  in.lon = get("long");
  in.address_string = get("address_string");
  in.address_id = get("address_id");
  in.email = get("email");
  in.device_id = get("device_id");
  if (in.device_id.empty()) in.device_id = get("deviceid");  // FixMyStreet's spelling
  in.account_id = get("account_id");
  in.first_name = get("first_name");
  in.last_name = get("last_name");
  in.phone = get("phone");
  in.description = get("description");
  in.media_url = get("media_url");
  std::string jurisdiction = get("jurisdiction_id");
  if (!jurisdiction.empty()) in.jurisdiction_id = std::move(jurisdiction);
  AddAttributes(req.query, in);
  AddAttributes(req.form, in);
  in.channel = Channel::kApi;
  // The reporter's language (docs/open311.md, "locale"): the extension field, else the client's
  // Accept-Language. Validation keeps the primary tag; messages fall back to English.
  in.locale = get("locale");
  if (in.locale.empty()) {
    const auto ranges = LanguageRanges(req.Header("accept-language"));
    if (!ranges.empty()) in.locale = ranges.front();
  }
  return in;
}

}  // namespace civic311::open311
