// The city configuration loader: one TOML file describes a whole city (its calendar,
// departments and service catalogue). The format is documented in docs/config.md.
// Thread-safety: both functions are safe to call from any thread; the City is immutable.
#pragma once

#include <memory>
#include <string_view>

#include "base/result.hpp"
#include "domain/city.hpp"

namespace civic311 {

// Parses and validates a city config (TOML). On failure the Error is kInvalidArgument, its
// message summarises ("city config has 3 mistakes") and `fields` lists EVERY mistake, each with
// its location: field = "demo.toml:42:3 services[4].sla", message = what is wrong and how to fix
// it. TOML syntax errors stop parsing, so they come alone: field = "demo.toml:12:5". `detail`
// repeats the whole list, one mistake per line, for the log. `source_name` only labels locations.
Result<std::shared_ptr<const City>> LoadCityConfig(std::string_view toml_text,
                                                   std::string_view source_name);

// The demo city's TOML, embedded in the binary at build time from config/demo-city.toml
// (see src/adapters/config/demo_city.cmake). Static storage: the view never dangles.
std::string_view DemoCityToml();

}  // namespace civic311
