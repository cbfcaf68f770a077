// Internal to adapters/config: [branding] (the city's look in pages and messages, City::branding)
// and [portal] (City::portal; docs/config.md, docs/portal.md).
#pragma once

#include <string>
#include <vector>

#include "adapters/config/toml_reader.hpp"
#include "domain/city.hpp"

namespace civic311::config {

// Reads [branding] (call first; city.name must be read: it is the default branding name).
// `seen` collects the look keys it set, for ReadPortal.
void ReadBranding(const TableReader& root, City& city, std::vector<std::string>& seen);

// Reads [portal], recording every mistake with its location. city.services must already be
// read (featured_services names them). The older look keys (logo_url, primary_color,
// accent_color, footer_links) still go to city.branding; one set in [branding] too is a mistake.
// Absent settings keep the defaults.
void ReadPortal(const TableReader& root, City& city, std::vector<std::string>& seen);

}  // namespace civic311::config
