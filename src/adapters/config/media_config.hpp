// Internal to adapters/config: the [media] table (docs/config.md), which becomes City::media.
#pragma once

#include "adapters/config/toml_reader.hpp"
#include "domain/city.hpp"

namespace civic311::config {

// Reads [media] if present (absent keys keep MediaLimits' defaults), recording every mistake.
void ReadMedia(const TableReader& root, City& city);

}  // namespace civic311::config
