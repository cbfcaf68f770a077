// Shared by the config tests: the small valid city that a section's tests append their TOML to,
// and a matcher for one located mistake.
#pragma once

#include <gmock/gmock.h>

#include <memory>
#include <string>
#include <string_view>

#include "adapters/config/city_config.hpp"

namespace civic311::testing {

// One department (PWD) and one service (POTHOLE, 2 days), inside a 1°×1° box. Its line count is
// part of the contract: tests name the lines of what they append ("hooks.toml:21:7 …").
inline constexpr std::string_view kSmallCityToml = R"(
[city]
name = "Smallville"
jurisdiction_id = "smallville.example"
timezone = "UTC"
contact = "Call 311"
bounds = { min_lat = 1.0, max_lat = 2.0, min_long = 1.0, max_long = 2.0 }

[[departments]]
code = "PWD"
name = "Public Works"

[[services]]
code = "POTHOLE"
name = "Pothole"
department = "PWD"
sla = "2 days"
)";

// The small city with `sections` appended, loaded as the file `source`.
inline Result<std::shared_ptr<const City>> LoadSmallCity(std::string_view sections,
                                                         std::string_view source) {
  return LoadCityConfig(std::string(kSmallCityToml) + std::string(sections), source);
}

// A FieldError whose field and message contain these texts.
inline auto Mistake(std::string_view field, std::string_view message) {
  return ::testing::AllOf(
      ::testing::Field(&FieldError::field, ::testing::HasSubstr(std::string(field))),
      ::testing::Field(&FieldError::message, ::testing::HasSubstr(std::string(message))));
}

}  // namespace civic311::testing
