// Areas: the city's districts, wards and zones as polygons, which of them contain a point, and
// routing rules by area ("potholes in Ward 3 go to PWD-NORTH"), plus the city boundary itself.
//
// Geometry only: the config loader parses GeoJSON and builds these values; this file never sees
// JSON. Coordinates are WGS 84 degrees in GeoJSON order (longitude, latitude) and edges are
// straight lines in that plane, which is what GeoJSON (RFC 7946 §3.1.1) and every map the city
// draws assume at city scale. Rings that cross the antimeridian are not supported.
//
// Errors: bad polygons and dangling rule references are kInvalidArgument from Create(), so bad
// configuration fails at start-up; a point outside the city is kInvalidArgument from Route(),
// with a message fit for the reporter.
// Thread-safety: an AreaIndex is immutable after Create(); share it freely.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace civic311 {

struct LonLat {
  double lon = 0;
  double lat = 0;
};

struct BoundingBox {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
  bool Contains(LonLat p) const {
    return p.lon >= min_lon && p.lon <= max_lon && p.lat >= min_lat && p.lat <= max_lat;
  }
};

// A linear ring: at least 3 distinct positions. The closing position (equal to the first), as
// GeoJSON writes it, is optional.
using Ring = std::vector<LonLat>;

// rings[0] is the outer boundary, the others are holes. Orientation does not matter.
struct Polygon {
  std::vector<Ring> rings;
};

struct MultiPolygon {
  std::vector<Polygon> polygons;
};

// kInvalidArgument (naming the ring) when a ring has fewer than 3 distinct positions or a
// coordinate is not finite or out of range. Self-intersection is not checked.
Status ValidatePolygon(const Polygon& polygon);
Status ValidateMultiPolygon(const MultiPolygon& shape);

// Even-odd rule over all rings, so a point in a hole is outside. A point on any edge or vertex,
// including a hole's edge, counts as inside (within 1e-9 degrees, about 0.1 mm): a pothole on
// the line between two wards belongs to some ward rather than to none.
bool PolygonContains(const Polygon& polygon, LonLat p);
bool MultiPolygonContains(const MultiPolygon& shape, LonLat p);

// The box around every position; all zero for an empty shape.
BoundingBox BoundsOf(const MultiPolygon& shape);

// Great-circle distance in metres (haversine on the mean sphere, see domain/geo.hpp).
double DistanceMeters(LonLat a, LonLat b);

// A named area of the city, e.g. {"Ward 3", "ward", …}. Names are unique across kinds.
struct Area {
  std::string name;
  std::string kind;  // "district", "ward", "zone", … (free text from the configuration)
  MultiPolygon shape;
};

// "Requests for `service_code` inside `area` go to `department`." Either may be "*": any service,
// or anywhere (with or without a location).
struct AreaRule {
  std::string service_code;
  std::string area;
  std::string department;
};

struct RouteDecision {
  std::string department;
  // For staff and the log: "service POTHOLE in area 'Ward 3' → PWD-NORTH (rule 2)".
  std::string reason;
  std::optional<std::size_t> rule;  // 1-based number of the rule that matched; nullopt: fallback
  std::vector<std::string> areas;   // names of the areas containing the point, in config order
};

class AreaIndex {
 public:
  struct Spec {
    std::optional<MultiPolygon> city_boundary;  // nullopt: no boundary, every point is in
    std::vector<Area> areas;
    std::vector<AreaRule> rules;  // tried in order; the first match wins
    // Used when no rule matches and the service has no department of its own.
    std::string fallback_department;
    // When not empty, rule departments and the fallback must be among these codes.
    std::vector<std::string> known_departments;
  };

  // kInvalidArgument for an invalid polygon, an unnamed or duplicate area, a rule that names an
  // unknown area, an empty field in a rule, or an unknown department.
  static Result<AreaIndex> Create(Spec spec);

  // An index with no boundary, areas or rules: routes everything to the service's department.
  AreaIndex() = default;

  bool has_boundary() const { return spec_.city_boundary.has_value(); }
  const std::vector<Area>& areas() const { return spec_.areas; }
  const std::vector<AreaRule>& rules() const { return spec_.rules; }

  // Whether p is inside the city boundary (true when there is none).
  bool InCity(LonLat p) const;

  // The areas containing p, in configuration order. Cost: one box test per area, then an exact
  // test for the few whose box contains p; O(areas + vertices of those areas).
  std::vector<const Area*> AreasAt(LonLat p) const;

  // Where a request for `service_code` at `location` goes:
  //  1. a location outside the city boundary: kInvalidArgument (field "location");
  //  2. the first rule whose service matches and whose area contains the location (rules with
  //     a named area never match a request without a location);
  //  3. else `service_department` (the service's own department), if not empty;
  //  4. else the fallback department; kInternal if there is none (a configuration bug).
  Result<RouteDecision> Route(std::string_view service_code, std::optional<LonLat> location,
                              std::string_view service_department) const;

 private:
  Spec spec_;
  std::vector<BoundingBox> area_boxes_;  // parallel to spec_.areas
  BoundingBox boundary_box_;
};

}  // namespace civic311
