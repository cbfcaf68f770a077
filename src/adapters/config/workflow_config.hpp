// Internal to adapters/config: [workflow] and [[escalations]] (docs/config.md), which become
// City::lifecycle, due_soon, transfer_restarts_clock and escalations.
#pragma once

#include "adapters/config/toml_reader.hpp"
#include "domain/city.hpp"

namespace civic311::config {

// Reads [workflow] and every [[escalations]] section, recording every mistake with its location.
// city.departments and city.services must already be read. Absent settings keep the defaults of
// LifecycleConfig and City.
void ReadWorkflow(const TableReader& root, City& city);

}  // namespace civic311::config
