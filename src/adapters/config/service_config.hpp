// Internal to adapters/config: the [[services]] part of the city config (docs/config.md).
#pragma once

#include <string_view>

#include "adapters/config/toml_reader.hpp"
#include "domain/city.hpp"

namespace civic311::config {

// Shown in the POST answer of an emergency service that has no service_notice of its own.
inline constexpr std::string_view kDefaultEmergencyNotice =
    "This may be an emergency. Call 911 now if anyone is in danger: this report is not a 911 call "
    "and may not be seen right away.";

// Reads every [[services]] section of `root` into city.services, recording mistakes.
// city.departments and city.dispatch_department must already be filled in.
void ReadServices(const TableReader& root, City& city);

}  // namespace civic311::config
