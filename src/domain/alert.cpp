#include "domain/alert.hpp"

#include <algorithm>

#include "domain/geo.hpp"

namespace civic311 {

std::string_view AlertModeName(AlertMode m) {
  switch (m) {
    case AlertMode::kImmediate:
      return "immediate";
    case AlertMode::kDigest:
      return "digest";
    case AlertMode::kFeed:
      return "feed";
  }
  return "immediate";
}

std::optional<AlertMode> ParseAlertMode(std::string_view s) {
  if (s == "immediate") return AlertMode::kImmediate;
  if (s == "digest") return AlertMode::kDigest;
  if (s == "feed") return AlertMode::kFeed;
  return std::nullopt;
}

Status MakeAlertShape(AreaAlert& a, const AreaIndex& areas) {
  if (!a.area.empty()) {
    const Area* found = FindAreaBySlug(areas, a.area);
    if (found == nullptr) return Error::InvalidField("area", "choose one of the city's areas");
    a.area = found->name;
    a.lat.reset();
    a.lon.reset();
    a.radius_m = 0;
    const BoundingBox b = BoundsOf(found->shape);
    a.box = {b.min_lat, b.min_lon, b.max_lat, b.max_lon};
    return OkStatus();
  }
  if (!a.lat || !a.lon) return Error::InvalidField("place", "choose a place or an area");
  if (*a.lat < -90 || *a.lat > 90 || *a.lon < -180 || *a.lon > 180 ||
      !areas.InCity({*a.lon, *a.lat}))
    return Error::InvalidField("place", "the place is outside the city");
  if (a.radius_m < kMinAlertRadiusMeters || a.radius_m > kMaxAlertRadiusMeters)
    return Error::InvalidField("radius", "the distance must be between 50 m and 5 km");
  a.box = CircleBoundingBox({*a.lat, *a.lon, static_cast<double>(a.radius_m)});
  return OkStatus();
}

bool AlertMatches(const AreaAlert& a, const ServiceRequest& r, const AreaIndex& areas) {
  if (r.internal || !r.lat || !r.lon) return false;
  if (!a.services.empty() &&
      std::find(a.services.begin(), a.services.end(), r.service_code) == a.services.end())
    return false;
  if (!a.area.empty()) {
    for (const Area* in : areas.AreasAt({*r.lon, *r.lat}))
      if (in->name == a.area) return true;
    return false;
  }
  if (!a.lat || !a.lon) return false;
  return CircleContains({*a.lat, *a.lon, static_cast<double>(a.radius_m)}, *r.lat, *r.lon);
}

std::string AreaSlug(std::string_view name) {
  std::string out;
  bool dash = false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (word) {
      if (dash && !out.empty()) out += '-';
      out += c;
      dash = false;
    } else {
      dash = true;
    }
  }
  return out;
}

const Area* FindAreaBySlug(const AreaIndex& areas, std::string_view slug_or_name) {
  for (const Area& a : areas.areas())
    if (a.name == slug_or_name || AreaSlug(a.name) == slug_or_name) return &a;
  return nullptr;
}

Timestamp NextDigestAt(Timestamp now, const CityCalendar* calendar) {
  using namespace std::chrono;
  if (calendar != nullptr) return calendar->NextLocalTime(now, kDigestLocalMinute);
  Timestamp at = floor<days>(now) + minutes(kDigestLocalMinute);
  if (at <= now) at += days(1);
  return at;
}

}  // namespace civic311
