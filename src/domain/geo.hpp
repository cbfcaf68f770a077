// Geographic helpers for "requests near a point": great-circle distance and a bounding box that
// covers a circle (for an indexed store query that is then filtered exactly). WGS 84 degrees,
// distances in metres on a spherical Earth (mean radius), which is within 0.5% of the ellipsoid:
// plenty for "within 500 m". Pure; safe from any thread.
#pragma once

#include <optional>

#include "domain/request.hpp"

namespace civic311 {

inline constexpr double kEarthRadiusMeters = 6371008.8;  // IUGG mean radius

struct GeoCircle {
  double lat = 0;
  double lon = 0;
  double radius_m = 0;
};

// Great-circle distance between two points (haversine formula).
double HaversineMeters(double lat1, double lon1, double lat2, double lon2);

// Whether (lat, lon) is within the circle (distance <= radius).
bool CircleContains(const GeoCircle& c, double lat, double lon);

// The smallest latitude/longitude box that contains the circle. When the circle reaches a pole
// or crosses the antimeridian the box spans all longitudes (still correct, just less selective).
RequestQuery::BBox CircleBoundingBox(const GeoCircle& c);

// The overlap of two boxes; nullopt when they do not overlap.
std::optional<RequestQuery::BBox> IntersectBoxes(const RequestQuery::BBox& a,
                                                 const RequestQuery::BBox& b);

}  // namespace civic311
