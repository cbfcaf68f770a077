// Internal to adapters/config: [[response_templates]] (docs/config.md), which become
// City::response_templates.
#pragma once

#include "adapters/config/toml_reader.hpp"
#include "domain/city.hpp"

namespace civic311::config {

// Reads every [[response_templates]] section, recording every mistake with its location.
// city.services must already be read (templates name service codes).
void ReadResponseTemplates(const TableReader& root, City& city);

}  // namespace civic311::config
