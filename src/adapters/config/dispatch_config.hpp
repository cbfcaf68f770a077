// Internal to adapters/config: [dispatch] (docs/config.md) — who is alerted when an emergency
// pushed to dispatch is not acknowledged in time — which becomes City::on_duty and
// City::dispatch_ack_timeout.
#pragma once

#include "adapters/config/toml_reader.hpp"
#include "domain/city.hpp"

namespace civic311::config {

// Reads the optional [dispatch] table, recording every mistake with its location.
void ReadDispatch(const TableReader& root, City& city);

}  // namespace civic311::config
