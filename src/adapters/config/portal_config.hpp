// Internal to adapters/config: [portal] (docs/config.md, docs/portal.md), which becomes
// City::portal.
#pragma once

#include "adapters/config/toml_reader.hpp"
#include "domain/city.hpp"

namespace civic311::config {

// Reads [portal], recording every mistake with its location. city.services must already be
// read (featured_services names them). Absent settings keep PortalSettings' defaults.
void ReadPortal(const TableReader& root, City& city);

}  // namespace civic311::config
