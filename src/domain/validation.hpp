// Validating a new service request as submitted (Open311 POST requests, later the web form)
// against the city's catalogue. Pure: no I/O, no clock; safe from any thread.
// https://wiki.open311.org/GeoReport_v2/#post-service-request
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/city.hpp"
#include "domain/request.hpp"

namespace civic311 {

// A submission as received: raw strings, untrimmed, unchecked. Field names follow the Open311
// POST parameters; `lon` is the wire's "long".
struct SubmissionInput {
  std::string service_code;
  std::string lat;
  std::string lon;
  std::string address_string;
  std::string address_id;
  std::string email;  // contact fields: stored privately, never shown in public output
  std::string device_id;
  std::string account_id;
  std::string first_name;
  std::string last_name;
  std::string phone;
  std::string description;
  std::string media_url;
  // Answers to the service's attributes as (code, value) pairs, in the order received. A
  // multivaluelist answer is the same code repeated. An empty value counts as not given.
  std::vector<std::pair<std::string, std::string>> attributes;
  Channel channel = Channel::kApi;
  std::optional<std::string> jurisdiction_id;  // when given (and not empty) it must be the city's
  // The reporter's language: Open311 `locale` (an extension) or the negotiated Accept-Language;
  // normalised to a lower-case primary tag ("es-MX" → "es"); empty or not a tag: unknown.
  std::string locale;
};

// Limits on what a submission may hold (characters are Unicode code points).
inline constexpr std::size_t kMaxDescriptionChars = 4000;  // Open311: "may be up to 4,000"
inline constexpr std::size_t kMaxCodeChars = 100;          // service_code, attribute codes
inline constexpr std::size_t kMaxAddressChars = 500;
inline constexpr std::size_t kMaxIdChars = 200;     // address_id, device_id, account_id
inline constexpr std::size_t kMaxEmailChars = 254;  // RFC 5321 path limit
// Whether `s` looks like an e-mail address (name@domain.tld, no spaces): the check every front
// door applies to a contact or follower address.
bool IsEmailAddress(std::string_view s);
inline constexpr std::size_t kMaxNameChars = 100;  // first_name, last_name
inline constexpr std::size_t kMaxPhoneChars = 50;
inline constexpr std::size_t kMaxUrlChars = 2000;
inline constexpr std::size_t kMaxAttributeValueChars = 1000;  // text attributes: 4000
inline constexpr std::size_t kMaxAttributeAnswers = 200;

// The one check of a media URL that anyone may publish (a new request, add_info, notes, Open311
// POST servicerequestupdates): empty, or an absolute http:// or https:// URL with a host, no
// whitespace or control characters, at most kMaxUrlChars characters. Anything else —
// javascript:, data:, relative or scheme-less URLs — is kInvalidArgument with a field error on
// `field`. Renderers still escape what they output; this keeps other schemes from being stored.
Status ValidateMediaUrl(std::string_view url, std::string_view field = "media_url");

// Validates `in` against `city` and, on success, returns the request it describes with these
// fields set (strings trimmed): service_code, service_name, description, lat, lon, address,
// address_id, media_url, attributes (code -> value keys, only for variable attributes that were
// answered), contact, channel. Everything else (id, token, state, department, emergency, times)
// is the caller's: see RequestService::Submit and RouteRequest.
//
// Errors, checked in this order:
//  - jurisdiction_id given and not the city's                     -> kNotFound
//  - service_code missing (or not a valid code)                    -> kInvalidArgument
//  - service_code unknown                                          -> kNotFound
//  - every remaining problem, all reported at once                 -> kInvalidArgument
//    (location, attributes, lengths, control characters, e-mail, media_url…)
// Each problem is one Error::fields entry named as on the wire ("lat", "attribute[SIZE]",
// "description", …) with a message meant to follow the field name, e.g. "required" or
// "must be one of: small, large".
Result<ServiceRequest> ValidateSubmission(const SubmissionInput& in, const City& city);

}  // namespace civic311
