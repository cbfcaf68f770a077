#include "domain/validation.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "base/time_format.hpp"
#include "domain/text.hpp"

namespace civic311 {
namespace {

constexpr std::size_t kMaxFieldErrors = 50;
constexpr std::size_t kMaxKeysInMessage = 20;

// Parses a finite decimal number (an optional leading '+' allowed); nullopt otherwise.
std::optional<double> ParseNumber(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5f", v);
  return buf;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool HasWhitespace(std::string_view s) {
  for (char c : s)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return true;
  return false;
}

// A light check, not RFC 5322: something@domain.tld without spaces.
bool LooksLikeEmail(std::string_view s) {
  std::size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= s.size()) return false;
  std::string_view domain = s.substr(at + 1);
  std::size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  if (domain.find("..") != std::string_view::npos) return false;
  return !HasWhitespace(s);
}

bool LooksLikeHttpUrl(std::string_view s) {
  std::size_t scheme = StartsWithNoCase(s, "http://") ? 7 : StartsWithNoCase(s, "https://") ? 8 : 0;
  if (scheme == 0 || HasWhitespace(s)) return false;
  std::string_view rest = s.substr(scheme);
  std::size_t host_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, host_end);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  return !authority.empty() && authority.front() != ':';
}

constexpr std::string_view kMediaUrlMessage = "must be an http:// or https:// URL";

std::string Quoted(std::string_view s) {
  // Echo at most 60 characters of what the client sent (it is escaped when rendered).
  std::string out = "'";
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++n > 60) {
      out += "…";
      break;
    }
    out += s[i];
  }
  return out + "'";
}

// One problem with one field: the public message is "field: phrase".
Error Problem(ErrorCode code, std::string field, std::string phrase) {
  Error e{code, field + ": " + phrase, {}, {}, 0};
  e.fields.push_back({std::move(field), std::move(phrase)});
  return e;
}

class Checker {
 public:
  void Add(std::string field, std::string message) {
    if (fields_.size() < kMaxFieldErrors) fields_.push_back({std::move(field), std::move(message)});
  }

  // Trims `raw` and checks it is valid UTF-8 without control characters (newlines allowed only
  // for multi-line fields) and at most `max_chars` code points. Returns the trimmed text, or an
  // empty string after recording the problem.
  std::string Text(const std::string& field, std::string_view raw, std::size_t max_chars,
                   bool multiline = false) {
    std::string_view t = TrimAscii(raw);
    if (t.empty()) return {};
    if (!IsValidUtf8(t)) {
      Add(field, "must be valid UTF-8 text");
      return {};
    }
    if (HasControlChars(t, multiline)) {
      Add(field, multiline ? "must not contain control characters (other than line breaks)"
                           : "must not contain control characters or line breaks");
      return {};
    }
    std::size_t n = CountCodePoints(t);
    if (n > max_chars) {
      Add(field, "must be at most " + std::to_string(max_chars) + " characters (got " +
                     std::to_string(n) + ")");
      return {};
    }
    return std::string(t);
  }

  bool ok() const { return fields_.empty(); }
  std::vector<FieldError>& fields() { return fields_; }

 private:
  std::vector<FieldError> fields_;
};

std::string KeyList(const Attribute& a) {
  std::string out;
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    if (i == kMaxKeysInMessage) {
      out += ", …";
      break;
    }
    if (i > 0) out += ", ";
    out += a.values[i].key;
  }
  return out;
}

bool IsKey(const Attribute& a, std::string_view v) {
  for (const auto& value : a.values)
    if (value.key == v) return true;
  return false;
}

void CheckLocation(const SubmissionInput& in, const City& city, Checker& c, ServiceRequest& r) {
  std::string lat_s = c.Text("lat", in.lat, 40);
  std::string lon_s = c.Text("long", in.lon, 40);
  r.address = c.Text("address_string", in.address_string, kMaxAddressChars);
  r.address_id = c.Text("address_id", in.address_id, kMaxIdChars);
  const bool has_lat = !TrimAscii(in.lat).empty();
  const bool has_lon = !TrimAscii(in.lon).empty();

  if (has_lat != has_lon) {
    c.Add(has_lat ? "long" : "lat", has_lat
                                        ? "required when lat is given (send both, or neither)"
                                        : "required when long is given (send both, or neither)");
  } else if (!lat_s.empty() && !lon_s.empty()) {
    auto lat = ParseNumber(lat_s);
    auto lon = ParseNumber(lon_s);
    bool good = true;
    if (!lat) {
      c.Add("lat", "must be a decimal number of degrees, e.g. 40.7128 (got " + Quoted(lat_s) + ")");
      good = false;
    } else if (*lat < -90 || *lat > 90) {
      c.Add("lat", "must be between -90 and 90 degrees (got " + lat_s + ")");
      good = false;
    }
    if (!lon) {
      c.Add("long",
            "must be a decimal number of degrees, e.g. -74.0060 (got " + Quoted(lon_s) + ")");
      good = false;
    } else if (*lon < -180 || *lon > 180) {
      c.Add("long", "must be between -180 and 180 degrees (got " + lon_s + ")");
      good = false;
    }
    if (good) {
      const auto& b = city.bounds;
      if (!b.Contains(*lat, *lon)) {
        c.Add("lat", "the point " + lat_s + ", " + lon_s + " is outside " +
                         (city.name.empty() ? std::string("the city") : city.name) + " (lat " +
                         Fixed(b.min_lat) + " to " + Fixed(b.max_lat) + ", long " +
                         Fixed(b.min_lon) + " to " + Fixed(b.max_lon) + ")");
      } else {
        r.lat = *lat;
        r.lon = *lon;
      }
    }
  }
  if (!has_lat && !has_lon && TrimAscii(in.address_string).empty() &&
      TrimAscii(in.address_id).empty()) {
    c.Add("lat", "a location is required: send lat and long, address_string, or address_id");
  }
}

void CheckAttributes(const SubmissionInput& in, const Service& service, Checker& c,
                     ServiceRequest& r) {
  if (in.attributes.size() > kMaxAttributeAnswers) {
    c.Add("attribute",
          "too many attribute values (at most " + std::to_string(kMaxAttributeAnswers) + ")");
    return;
  }
  std::map<std::string, std::vector<std::string>> given;
  std::set<std::string> reported;
  for (const auto& [raw_code, raw_value] : in.attributes) {
    std::string_view code_view = TrimAscii(raw_code);
    if (code_view.empty()) {
      c.Add("attribute[]", "an attribute code is missing between the brackets");
      continue;
    }
    const std::string field = "attribute[" + std::string(code_view) + "]";
    std::string code = c.Text(field, code_view, kMaxCodeChars);
    if (code.empty()) continue;
    const Attribute* a = service.FindAttribute(code);
    if (a == nullptr) {
      if (reported.insert(code).second) {
        c.Add(field,
              "not an attribute of service " + service.code + " (see its service definition)");
      }
      continue;
    }
    const bool multiline = a->datatype == AttributeDatatype::kText;
    std::string value =
        c.Text(field, raw_value, multiline ? 4000 : kMaxAttributeValueChars, multiline);
    if (value.empty()) continue;  // empty answers count as not given
    if (!a->variable) {
      if (reported.insert(code).second) c.Add(field, "is information only and takes no value");
      continue;
    }
    given[code].push_back(std::move(value));
  }

  for (const Attribute& a : service.attributes) {
    if (!a.variable) continue;
    const std::string field = "attribute[" + a.code + "]";
    auto it = given.find(a.code);
    if (it == given.end()) {
      if (a.required) {
        std::string question = a.description.empty() ? "" : " (" + a.description + ")";
        c.Add(field, "required" + question);
      }
      continue;
    }
    std::vector<std::string>& values = it->second;
    if (a.datatype != AttributeDatatype::kMultiValueList && values.size() > 1) {
      c.Add(field, "takes one value (got " + std::to_string(values.size()) + ")");
      continue;
    }
    bool good = true;
    switch (a.datatype) {
      case AttributeDatatype::kSingleValueList:
      case AttributeDatatype::kMultiValueList: {
        std::vector<std::string> unique;
        for (const auto& v : values) {
          if (!IsKey(a, v)) {
            c.Add(field, Quoted(v) + " is not a choice; must be one of: " + KeyList(a));
            good = false;
            break;
          }
          bool seen = false;
          for (const auto& u : unique) seen = seen || u == v;
          if (!seen) unique.push_back(v);
        }
        values = std::move(unique);
        break;
      }
      case AttributeDatatype::kNumber:
        if (!ParseNumber(values[0])) {
          c.Add(field, "must be a number (got " + Quoted(values[0]) + ")");
          good = false;
        }
        break;
      case AttributeDatatype::kDatetime:
        if (!ParseW3cDatetime(values[0])) {
          c.Add(field,
                "must be a date-time like 2026-11-23T17:35:00Z (got " + Quoted(values[0]) + ")");
          good = false;
        }
        break;
      case AttributeDatatype::kString:
      case AttributeDatatype::kText:
        break;
    }
    if (good) r.attributes[a.code] = std::move(values);
  }
}

void CheckContact(const SubmissionInput& in, Checker& c, ServiceRequest& r) {
  Contact& k = r.contact;
  k.email = c.Text("email", in.email, kMaxEmailChars);
  if (!k.email.empty() && !LooksLikeEmail(k.email)) {
    c.Add("email", "must be an e-mail address like name@example.org");
    k.email.clear();
  }
  k.phone = c.Text("phone", in.phone, kMaxPhoneChars);
  k.first_name = c.Text("first_name", in.first_name, kMaxNameChars);
  k.last_name = c.Text("last_name", in.last_name, kMaxNameChars);
  k.device_id = c.Text("device_id", in.device_id, kMaxIdChars);
  k.account_id = c.Text("account_id", in.account_id, kMaxIdChars);
  // A language tag's primary subtag (RFC 5646: 2-8 letters); anything else is ignored, not an
  // error: a bad locale must not cost a resident their report.
  std::string lang;
  for (char ch : in.locale) {
    if (ch == '-' || ch == '_') break;
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) {
      lang.clear();
      break;
    }
    lang += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  }
  if (lang.size() >= 2 && lang.size() <= 8) k.lang = std::move(lang);
}

}  // namespace

Status ValidateMediaUrl(std::string_view url, std::string_view field) {
  if (url.empty()) return OkStatus();
  bool ok = url.size() <= kMaxUrlChars && LooksLikeHttpUrl(url);
  for (unsigned char c : url) ok = ok && c >= 0x20 && c != 0x7f;
  if (!ok)
    return Problem(ErrorCode::kInvalidArgument, std::string(field), std::string(kMediaUrlMessage));
  return OkStatus();
}

Result<ServiceRequest> ValidateSubmission(const SubmissionInput& in, const City& city) {
  if (in.jurisdiction_id) {
    std::string_view j = TrimAscii(*in.jurisdiction_id);
    if (!j.empty() && !city.jurisdiction_id.empty() && j != city.jurisdiction_id) {
      return Problem(
          ErrorCode::kNotFound, "jurisdiction_id",
          Quoted(j) + " is not served here; this server serves " + Quoted(city.jurisdiction_id));
    }
  }

  Checker c;
  std::string code = c.Text("service_code", in.service_code, kMaxCodeChars);
  if (!c.ok()) {
    Error e = Error::InvalidArgument("service_code: " + c.fields()[0].message);
    e.fields = std::move(c.fields());
    return e;
  }
  if (code.empty()) {
    return Problem(ErrorCode::kInvalidArgument, "service_code",
                   "required (the service list gives the codes)");
  }
  const Service* service = city.FindService(code);
  if (service == nullptr) {
    return Problem(
        ErrorCode::kNotFound, "service_code",
        "no service has the code " + Quoted(code) + " (the service list gives the codes)");
  }

  ServiceRequest r;
  r.service_code = service->code;
  r.service_name = service->name;
  r.channel = in.channel;
  CheckLocation(in, city, c, r);
  CheckAttributes(in, *service, c, r);
  r.description = c.Text("description", in.description, kMaxDescriptionChars, true);
  r.media_url = c.Text("media_url", in.media_url, kMaxUrlChars);
  if (!r.media_url.empty() && !ValidateMediaUrl(r.media_url).ok()) {
    c.Add("media_url", std::string(kMediaUrlMessage));
  }
  CheckContact(in, c, r);

  if (!c.ok()) {
    auto& fields = c.fields();
    std::string message = fields.size() == 1 ? fields[0].field + ": " + fields[0].message
                                             : "the request has " + std::to_string(fields.size()) +
                                                   " problems; the first: " + fields[0].field +
                                                   ": " + fields[0].message;
    Error e = Error::InvalidArgument(std::move(message));
    e.fields = std::move(fields);
    return e;
  }
  return r;
}

bool IsEmailAddress(std::string_view s) { return s.size() <= kMaxEmailChars && LooksLikeEmail(s); }

}  // namespace civic311
