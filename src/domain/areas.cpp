#include "domain/areas.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "domain/geo.hpp"

namespace civic311 {
namespace {

// Distance from an edge within which a point counts as on it, in degrees (~0.1 mm).
constexpr double kEdgeTolerance = 1e-9;

bool SamePosition(LonLat a, LonLat b) { return a.lon == b.lon && a.lat == b.lat; }

bool OnSegment(LonLat a, LonLat b, LonLat p) {
  if (p.lon < std::min(a.lon, b.lon) - kEdgeTolerance ||
      p.lon > std::max(a.lon, b.lon) + kEdgeTolerance ||
      p.lat < std::min(a.lat, b.lat) - kEdgeTolerance ||
      p.lat > std::max(a.lat, b.lat) + kEdgeTolerance)
    return false;
  const double dx = b.lon - a.lon, dy = b.lat - a.lat;
  const double len = std::hypot(dx, dy);
  if (len == 0) return std::hypot(p.lon - a.lon, p.lat - a.lat) <= kEdgeTolerance;
  const double cross = dx * (p.lat - a.lat) - dy * (p.lon - a.lon);
  return std::abs(cross) / len <= kEdgeTolerance;  // distance from the line
}

// Visits every edge of a ring, closing it if the data does not.
template <typename F>
void ForEachEdge(const Ring& ring, F&& f) {
  const std::size_t n = ring.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) f(ring[j], ring[i]);
}

Status ValidateRing(const Ring& ring, const std::string& what) {
  for (const LonLat& p : ring) {
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || p.lon < -180 || p.lon > 180 ||
        p.lat < -90 || p.lat > 90)
      return Error::InvalidArgument(what +
                                    " has a position outside longitude -180..180, "
                                    "latitude -90..90");
  }
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    bool seen = false;
    for (std::size_t k = 0; k < i && !seen; ++k) seen = SamePosition(ring[k], ring[i]);
    if (!seen) ++distinct;
  }
  if (distinct < 3) return Error::InvalidArgument(what + " needs at least 3 distinct positions");
  return OkStatus();
}

BoundingBox BoxOf(const MultiPolygon& shape, bool& any) {
  BoundingBox b;
  any = false;
  for (const Polygon& poly : shape.polygons) {
    for (const Ring& ring : poly.rings) {
      for (const LonLat& p : ring) {
        if (!any) {
          b = {p.lon, p.lat, p.lon, p.lat};
          any = true;
        }
        b.min_lon = std::min(b.min_lon, p.lon);
        b.max_lon = std::max(b.max_lon, p.lon);
        b.min_lat = std::min(b.min_lat, p.lat);
        b.max_lat = std::max(b.max_lat, p.lat);
      }
    }
  }
  return b;
}

// Widens a box by the edge tolerance so that points on the boundary pass the quick test.
BoundingBox Padded(BoundingBox b) {
  return {b.min_lon - kEdgeTolerance, b.min_lat - kEdgeTolerance, b.max_lon + kEdgeTolerance,
          b.max_lat + kEdgeTolerance};
}

std::string FormatPoint(LonLat p) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f, %.6f", p.lat, p.lon);
  return buf;
}

}  // namespace

Status ValidatePolygon(const Polygon& polygon) {
  if (polygon.rings.empty()) return Error::InvalidArgument("a polygon needs an outer ring");
  for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
    std::string what = i == 0 ? "the outer ring" : "hole " + std::to_string(i);
    C311_TRY(ValidateRing(polygon.rings[i], what));
  }
  return OkStatus();
}

Status ValidateMultiPolygon(const MultiPolygon& shape) {
  if (shape.polygons.empty()) return Error::InvalidArgument("a shape needs at least one polygon");
  for (std::size_t i = 0; i < shape.polygons.size(); ++i) {
    Status s = ValidatePolygon(shape.polygons[i]);
    if (!s.ok())
      return Error::InvalidArgument("polygon " + std::to_string(i + 1) + ": " + s.error().message);
  }
  return OkStatus();
}

bool PolygonContains(const Polygon& polygon, LonLat p) {
  bool on_edge = false;
  bool inside = false;
  for (const Ring& ring : polygon.rings) {
    if (ring.empty()) continue;
    ForEachEdge(ring, [&](LonLat a, LonLat b) {
      if (OnSegment(a, b, p)) on_edge = true;
      // Even-odd: count edges crossed by a ray from p towards +longitude. The half-open test
      // on latitude counts a vertex exactly at p's latitude once.
      if ((a.lat > p.lat) != (b.lat > p.lat)) {
        const double x = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat);
        if (p.lon < x) inside = !inside;
      }
    });
    if (on_edge) return true;
  }
  return inside;
}

bool MultiPolygonContains(const MultiPolygon& shape, LonLat p) {
  return std::any_of(shape.polygons.begin(), shape.polygons.end(),
                     [&](const Polygon& poly) { return PolygonContains(poly, p); });
}

BoundingBox BoundsOf(const MultiPolygon& shape) {
  bool any = false;
  return BoxOf(shape, any);
}

double DistanceMeters(LonLat a, LonLat b) { return HaversineMeters(a.lat, a.lon, b.lat, b.lon); }

Result<AreaIndex> AreaIndex::Create(Spec spec) {
  AreaIndex index;
  if (spec.city_boundary) {
    Status s = ValidateMultiPolygon(*spec.city_boundary);
    if (!s.ok()) return Error::InvalidArgument("city boundary: " + s.error().message);
    index.boundary_box_ = Padded(BoundsOf(*spec.city_boundary));
  }
  std::set<std::string, std::less<>> names;
  for (const Area& area : spec.areas) {
    if (area.name.empty()) return Error::InvalidArgument("an area has no name");
    if (area.name == "*") return Error::InvalidArgument("an area may not be called '*'");
    if (!names.insert(area.name).second)
      return Error::InvalidArgument("area '" + area.name + "' is defined twice");
    Status s = ValidateMultiPolygon(area.shape);
    if (!s.ok()) return Error::InvalidArgument("area '" + area.name + "': " + s.error().message);
    index.area_boxes_.push_back(Padded(BoundsOf(area.shape)));
  }
  auto known_department = [&](const std::string& code) {
    return spec.known_departments.empty() ||
           std::find(spec.known_departments.begin(), spec.known_departments.end(), code) !=
               spec.known_departments.end();
  };
  for (std::size_t i = 0; i < spec.rules.size(); ++i) {
    const AreaRule& r = spec.rules[i];
    const std::string where = "area rule " + std::to_string(i + 1) + ": ";
    if (r.service_code.empty() || r.area.empty() || r.department.empty())
      return Error::InvalidArgument(where + "service, area and department are all required");
    if (r.area != "*" && names.count(r.area) == 0)
      return Error::InvalidArgument(where + "unknown area '" + r.area + "'");
    if (!known_department(r.department))
      return Error::InvalidArgument(where + "unknown department '" + r.department + "'");
  }
  if (!spec.fallback_department.empty() && !known_department(spec.fallback_department))
    return Error::InvalidArgument("unknown fallback department '" + spec.fallback_department + "'");
  index.spec_ = std::move(spec);
  return index;
}

bool AreaIndex::InCity(LonLat p) const {
  if (!spec_.city_boundary) return true;
  return boundary_box_.Contains(p) && MultiPolygonContains(*spec_.city_boundary, p);
}

std::vector<const Area*> AreaIndex::AreasAt(LonLat p) const {
  std::vector<const Area*> out;
  for (std::size_t i = 0; i < spec_.areas.size(); ++i) {
    if (area_boxes_[i].Contains(p) && MultiPolygonContains(spec_.areas[i].shape, p))
      out.push_back(&spec_.areas[i]);
  }
  return out;
}

Result<RouteDecision> AreaIndex::Route(std::string_view service_code,
                                       std::optional<LonLat> location,
                                       std::string_view service_department) const {
  RouteDecision d;
  const std::string service = "service " + std::string(service_code);
  if (location) {
    if (!InCity(*location)) {
      Error e = Error::InvalidField(
          "location", "the location " + FormatPoint(*location) + " is outside the city boundary");
      return e;
    }
    for (const Area* a : AreasAt(*location)) d.areas.push_back(a->name);
  }
  for (std::size_t i = 0; i < spec_.rules.size(); ++i) {
    const AreaRule& r = spec_.rules[i];
    if (r.service_code != "*" && r.service_code != service_code) continue;
    const bool anywhere = r.area == "*";
    if (!anywhere && std::find(d.areas.begin(), d.areas.end(), r.area) == d.areas.end()) continue;
    d.department = r.department;
    d.rule = i + 1;
    d.reason = service + (anywhere ? " anywhere" : " in area '" + r.area + "'") + " → " +
               r.department + " (rule " + std::to_string(i + 1) + ")";
    return d;
  }
  const std::string why = location ? ": no area rule matched" : " without a location";
  if (!service_department.empty()) {
    d.department = std::string(service_department);
    d.reason = service + why + " → " + d.department + " (the service's department)";
    return d;
  }
  if (!spec_.fallback_department.empty()) {
    d.department = spec_.fallback_department;
    d.reason = service + why + " → " + d.department + " (the city's fallback department)";
    return d;
  }
  return Error::Internal("no department for " + service +
                         ": no rule, no service department and "
                         "no fallback department");
}

}  // namespace civic311
