#include "adapters/web/portal/report_draft.hpp"

namespace civic311::portal {
namespace json = boost::json;
namespace {

constexpr std::string_view kStepNames[] = {"what", "where", "details", "photos", "about", "review"};
constexpr std::size_t kMaxPhotos = 6;

void Put(json::array& out, std::string_view name, std::string_view value) {
  if (!value.empty()) out.push_back(json::object{{"name", name}, {"value", value}});
}

// "attribute[CODE]" or "attribute[CODE][]" -> CODE; empty otherwise.
std::string_view AttributeCode(std::string_view key) {
  if (!key.starts_with("attribute[")) return {};
  key.remove_prefix(10);
  if (key.ends_with("[]")) key.remove_suffix(2);
  if (!key.ends_with("]")) return {};
  key.remove_suffix(1);
  return key;
}

bool IsPhotoName(std::string_view s) {
  // "<64 hex>.<ext>": a name the media service handed out (never a path).
  if (s.size() < 66 || s.size() > 72 || s[64] != '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 64) continue;
    const char c = s[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

}  // namespace

std::string_view StepName(Step s) { return kStepNames[static_cast<int>(s)]; }

std::optional<Step> ParseStep(std::string_view name) {
  for (Step s : kSteps) {
    if (StepName(s) == name) return s;
  }
  return std::nullopt;
}

Draft Draft::From(const http::Request& req) {
  Draft d;
  d.service_code = std::string(req.Param("service_code"));
  d.lat = std::string(req.Param("lat"));
  d.lon = std::string(req.Param("long"));
  d.address = std::string(req.Param("address_string"));
  d.description = std::string(req.Param("description"));
  d.first_name = std::string(req.Param("first_name"));
  d.last_name = std::string(req.Param("last_name"));
  d.email = std::string(req.Param("email"));
  d.phone = std::string(req.Param("phone"));
  d.anonymous = req.Param("anonymous") == "1";
  d.hide_name = req.Param("hide_name") == "1";
  d.report_lang = std::string(req.Param("report_lang"));
  for (const auto* list : {&req.query, &req.form}) {
    for (const auto& [k, v] : *list) {
      if (std::string_view code = AttributeCode(k); !code.empty() && !v.empty()) {
        d.attributes.emplace_back(std::string(code), v);
      } else if (k == "photo" && IsPhotoName(v) && d.photos.size() < kMaxPhotos) {
        if (std::find(d.photos.begin(), d.photos.end(), v) == d.photos.end()) {
          d.photos.push_back(v);
        }
      }
    }
  }
  return d;
}

json::array Draft::Hidden(Step shown) const {
  json::array out;
  if (shown != Step::kWhat) Put(out, "service_code", service_code);
  if (shown != Step::kWhere) {
    Put(out, "lat", lat);
    Put(out, "long", lon);
    Put(out, "address_string", address);
  }
  if (shown != Step::kDetails) {
    Put(out, "description", description);
    for (const auto& [code, value] : attributes) Put(out, "attribute[" + code + "]", value);
  }
  if (shown != Step::kPhotos) {
    for (const auto& p : photos) Put(out, "photo", p);
  }
  if (shown != Step::kAbout) {
    Put(out, "first_name", first_name);
    Put(out, "last_name", last_name);
    Put(out, "email", email);
    Put(out, "phone", phone);
    if (anonymous) Put(out, "anonymous", "1");
    if (hide_name) Put(out, "hide_name", "1");
    Put(out, "report_lang", report_lang);
  }
  return out;
}

SubmissionInput Draft::ToSubmission() const {
  SubmissionInput in;
  in.service_code = service_code;
  in.lat = lat;
  in.lon = lon;
  in.address_string = address;
  in.description = description;
  in.attributes = attributes;
  in.channel = Channel::kWeb;
  if (!anonymous) {
    in.first_name = first_name;
    in.last_name = last_name;
    in.email = email;
    in.phone = phone;
  }
  return in;
}

std::vector<std::string> Draft::Values(std::string_view code) const {
  std::vector<std::string> out;
  for (const auto& [c, v] : attributes) {
    if (c == code) out.push_back(v);
  }
  return out;
}

Step StepOfField(std::string_view field) {
  if (field == "service_code" || field == "jurisdiction_id") return Step::kWhat;
  if (field == "lat" || field == "long" || field == "address_string" || field == "address_id") {
    return Step::kWhere;
  }
  if (field.starts_with("attribute") || field == "description") return Step::kDetails;
  if (field == "media" || field == "photo") return Step::kPhotos;
  return Step::kAbout;
}

}  // namespace civic311::portal
