// Internal to the console: the geometry of the dashboard's server-rendered SVG charts. Pure
// functions from numbers to view objects (coordinates as short decimal strings); the template
// (templates/staff/_dash_*.html.mustache) draws them and escapes every label, so nothing here
// builds markup.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace civic311::console {

struct BarSlot {
  std::string label;  // "12 Nov", "week of 3 Nov" (plain text)
  std::int64_t current = 0;
  std::int64_t previous = 0;
  std::string current_title;  // tooltip texts: "12 Nov: 41"
  std::string previous_title;
};

// Vertical paired bars (previous period light, current dark) in a 640 x 220 viewBox, with a
// y-axis of round steps. Every `label_every`-th slot gets an x label.
boost::json::object PairedColumns(const std::vector<BarSlot>& slots, int label_every);

// Horizontal paired bars, one row per slot, in a 640-wide viewBox (height grows with the rows).
boost::json::object PairedRows(const std::vector<BarSlot>& slots);

struct HeatCell {
  double min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
  std::int64_t count = 0;
};

// A grid over the city's extent: `cells` with counts (any order, only non-empty ones), drawn in
// a viewBox 480 wide keeping the map's aspect at that latitude; the shade is the count's fifth
// of the largest (level 1..5).
boost::json::object HeatGrid(double min_lat, double min_lon, double max_lat, double max_lon,
                             const std::vector<HeatCell>& cells);

// A round number >= v for an axis top (1, 2, 5 × 10^k).
std::int64_t NiceCeiling(std::int64_t v);

// "12.5" with at most one decimal ("12" when whole).
std::string Decimal1(double v);

}  // namespace civic311::console
