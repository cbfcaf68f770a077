// W3C / ISO 8601 date-time formatting and parsing, as Open311 uses them.
// https://wiki.open311.org/GeoReport_v2/#datetime-format
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.hpp"

namespace civic311 {

// "2026-11-23T17:35:53Z" (always UTC, whole seconds).
std::string FormatUtc(Timestamp t);

// Accepts the W3C profiles clients send: "2026-11-23", "2026-11-23T17:35", "2026-11-23T17:35:53",
// optional fraction, and "Z" or "+HH:MM"/"-HH:MM"/"+HHMM" offsets; a space may stand for "T".
// No offset means UTC. Returns nullopt for anything else (including impossible dates).
std::optional<Timestamp> ParseW3cDatetime(std::string_view text);

}  // namespace civic311
