// Area alerts (docs/notifications.md, "Follows and area alerts"): a resident's wish to hear of
// new requests within a circle around a point or inside one of the city's named areas,
// optionally for some services only, by e-mail at once, as a daily digest, or only by its
// private Atom feed. Which new request matches which alert is decided here, as pure functions;
// the store only narrows the candidates by bounding box.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/areas.hpp"
#include "domain/request.hpp"
#include "domain/sla.hpp"

namespace civic311 {

enum class AlertMode { kImmediate, kDigest, kFeed };
std::string_view AlertModeName(AlertMode m);  // "immediate", "digest", "feed"
std::optional<AlertMode> ParseAlertMode(std::string_view s);

inline constexpr int kMinAlertRadiusMeters = 50;
inline constexpr int kMaxAlertRadiusMeters = 5000;

struct AreaAlert {
  std::int64_t id = 0;  // assigned by the store
  std::string address;  // lower-case e-mail
  std::optional<std::int64_t> user_id;
  std::string lang = "en";
  std::string label;  // what the resident called the place ("Home", "12 Main St")
  std::string area;   // a named area of the city; empty: the circle below
  std::optional<double> lat, lon;
  int radius_m = 0;
  std::vector<std::string> services;  // empty: every service
  AlertMode mode = AlertMode::kImmediate;
  std::string feed_token;
  Timestamp created_at{};
  std::optional<Timestamp> confirmed_at;
  std::optional<Timestamp> next_digest_at;
  RequestQuery::BBox box{};  // covers the circle or the area (set by MakeAlertShape)
};

// Checks the alert's place and fills `box`: a circle needs lat/lon inside the city and a radius
// in [kMinAlertRadiusMeters, kMaxAlertRadiusMeters]; an area must be one of `areas` (its
// configured name). kInvalidArgument with field "place", "radius" or "area" otherwise.
Status MakeAlertShape(AreaAlert& a, const AreaIndex& areas);

// Whether a new public request matches the alert: its service is among the alert's (or the
// alert wants all) and its point lies in the circle or the area. Requests without a point, and
// internal requests, never match.
bool AlertMatches(const AreaAlert& a, const ServiceRequest& r, const AreaIndex& areas);

// "ward-1" for "Ward 1": lower-case letters and digits, other runs become one '-'. Used in
// /feeds/areas/{slug}.atom.
std::string AreaSlug(std::string_view name);
// The area whose slug (or exact name) is `slug_or_name`; nullptr if none.
const Area* FindAreaBySlug(const AreaIndex& areas, std::string_view slug_or_name);

// Daily digests are written at this time of day on the city's clocks (07:00: read before work).
inline constexpr int kDigestLocalMinute = 7 * 60;

// When a digest made at `now` is next due: the next kDigestLocalMinute in the city's time zone
// strictly after `now` (UTC when `calendar` is null).
Timestamp NextDigestAt(Timestamp now, const CityCalendar* calendar);

}  // namespace civic311
