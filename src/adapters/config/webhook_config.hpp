// Internal to adapters/config: [[webhooks]] (docs/config.md), which become City::webhooks.
#pragma once

#include "adapters/config/toml_reader.hpp"
#include "domain/city.hpp"

namespace civic311::config {

// Reads every [[webhooks]] section, recording every mistake with its location. The secret is
// only named here (secret_env or secret_file); `civic311 serve` reads it.
void ReadWebhooks(const TableReader& root, City& city);

}  // namespace civic311::config
