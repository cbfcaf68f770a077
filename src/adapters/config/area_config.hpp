// Internal to adapters/config: [city].boundary, [[areas]] and [routing] (docs/config.md), which
// become City::areas, the AreaIndex that routing uses.
#pragma once

#include "adapters/config/toml_reader.hpp"
#include "domain/city.hpp"

namespace civic311::config {

// Reads the boundary, the areas and the routing rules of `root`, recording every mistake with its
// location. city.bounds, departments and services must already be read. When there are no
// mistakes at all so far, sets city.areas (its boundary: the polygon, else the bounds rectangle).
void ReadAreasAndRouting(const TableReader& root, City& city);

}  // namespace civic311::config
