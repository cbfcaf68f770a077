#include "domain/geo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace civic311 {
namespace {

double Radians(double deg) { return deg * std::numbers::pi / 180.0; }
double Degrees(double rad) { return rad * 180.0 / std::numbers::pi; }

}  // namespace

double HaversineMeters(double lat1, double lon1, double lat2, double lon2) {
  const double dlat = Radians(lat2 - lat1);
  const double dlon = Radians(lon2 - lon1);
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(Radians(lat1)) * std::cos(Radians(lat2)) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusMeters * std::asin(std::min(1.0, std::sqrt(a)));
}

bool CircleContains(const GeoCircle& c, double lat, double lon) {
  return HaversineMeters(c.lat, c.lon, lat, lon) <= c.radius_m;
}

RequestQuery::BBox CircleBoundingBox(const GeoCircle& c) {
  // Angular radius; the box follows J. P. Matuschek, "Finding Points Within a Distance of a
  // Latitude/Longitude Using Bounding Coordinates".
  const double ang = c.radius_m / kEarthRadiusMeters;
  const double dlat = Degrees(ang);
  RequestQuery::BBox b{c.lat - dlat, c.lon, c.lat + dlat, c.lon};
  if (b.min_lat <= -90 || b.max_lat >= 90) {
    b.min_lat = std::max(b.min_lat, -90.0);
    b.max_lat = std::min(b.max_lat, 90.0);
    b.min_lon = -180;
    b.max_lon = 180;
    return b;
  }
  const double s = std::sin(ang) / std::cos(Radians(c.lat));
  const double dlon = s >= 1 ? 180.0 : Degrees(std::asin(s));
  b.min_lon = c.lon - dlon;
  b.max_lon = c.lon + dlon;
  if (b.min_lon < -180 || b.max_lon > 180) {
    b.min_lon = -180;
    b.max_lon = 180;
  }
  return b;
}

std::optional<RequestQuery::BBox> IntersectBoxes(const RequestQuery::BBox& a,
                                                 const RequestQuery::BBox& b) {
  RequestQuery::BBox r{std::max(a.min_lat, b.min_lat), std::max(a.min_lon, b.min_lon),
                       std::min(a.max_lat, b.max_lat), std::min(a.max_lon, b.max_lon)};
  if (r.min_lat > r.max_lat || r.min_lon > r.max_lon) return std::nullopt;
  return r;
}

}  // namespace civic311
