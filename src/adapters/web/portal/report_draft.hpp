// Internal to the portal: a report in progress. The steps of /report carry it from page to page
// in hidden form fields (no server-side state, so the flow works without JavaScript and a
// resident's half-written report costs the server nothing).
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/validation.hpp"
#include "http/api/message.hpp"

namespace civic311::portal {

enum class Step { kWhat, kWhere, kDetails, kPhotos, kAbout, kReview };
inline constexpr Step kSteps[] = {Step::kWhat,   Step::kWhere, Step::kDetails,
                                  Step::kPhotos, Step::kAbout, Step::kReview};
std::string_view StepName(Step s);  // "what", "where", …
std::optional<Step> ParseStep(std::string_view name);

struct Draft {
  std::string service_code;
  std::string lat, lon, address;
  std::string description;
  std::vector<std::pair<std::string, std::string>> attributes;  // (code, value), repeated
  std::vector<std::string> photos;                              // accepted media: "<sha>.<ext>"
  std::string first_name, last_name, email, phone;
  bool anonymous = false;
  bool hide_name = false;
  std::string report_lang;

  // From the request's query and form parameters ("attribute[CODE]" repeated for lists).
  static Draft From(const http::Request& req);
  // Hidden fields [{name, value}] for every value not edited on `shown` (those are inputs there).
  boost::json::array Hidden(Step shown) const;
  // What SubmitRequest validates; contact left out when anonymous.
  SubmissionInput ToSubmission() const;
  // Values of one attribute.
  std::vector<std::string> Values(std::string_view code) const;
};

// The step a validation error's field belongs to ("attribute[X]" → details, "email" → about).
Step StepOfField(std::string_view field);

}  // namespace civic311::portal
