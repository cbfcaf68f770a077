#include "adapters/config/area_config.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <utility>

#include "adapters/config/geojson.hpp"

namespace civic311::config {
namespace {

constexpr std::string_view kKinds[] = {"district", "ward", "zone"};

// Reads a GeoJSON string setting; records a mistake and returns nullopt when it is not one.
std::optional<MultiPolygon> Shape(const TableReader& r, std::string_view key, Need need) {
  auto text = r.String(key, need);
  if (!text) return std::nullopt;
  auto shape = ParseGeoJsonShape(*text);
  if (!shape.ok()) {
    r.Add(key, shape.error().message +
                   " (write the GeoJSON geometry as a TOML string, e.g. '''{\"type\": "
                   "\"Polygon\", \"coordinates\": [[[-71.2, 42.2], …]]}''')");
    return std::nullopt;
  }
  return std::move(shape).value();
}

std::string Degrees(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

MultiPolygon Rectangle(const City::Bounds& b) {
  Ring ring = {{b.min_lon, b.min_lat},
               {b.max_lon, b.min_lat},
               {b.max_lon, b.max_lat},
               {b.min_lon, b.max_lat}};
  return MultiPolygon{{Polygon{{std::move(ring)}}}};
}

std::optional<MultiPolygon> ReadBoundary(const TableReader& root, const City& city) {
  const toml::table* t = root.table().get_as<toml::table>("city");
  if (t == nullptr || !t->contains("boundary")) return std::nullopt;
  // [city]'s other keys are ReadCity's; this reader only looks at "boundary" and never Finish()es.
  TableReader r(*t, "city", root.mistakes(), {"boundary"});
  auto shape = Shape(r, "boundary", Need::kOptional);
  if (!shape) return std::nullopt;
  const BoundingBox box = BoundsOf(*shape);
  const City::Bounds& b = city.bounds;
  if (box.min_lat < b.min_lat || box.max_lat > b.max_lat || box.min_lon < b.min_lon ||
      box.max_lon > b.max_lon) {
    r.Add("boundary", "reaches outside city.bounds (it spans lat " + Degrees(box.min_lat) + " to " +
                          Degrees(box.max_lat) + ", long " + Degrees(box.min_lon) + " to " +
                          Degrees(box.max_lon) + "): widen the bounds or fix the boundary");
  }
  return shape;
}

std::vector<Area> ReadAreas(const TableReader& root) {
  std::vector<Area> areas;
  std::map<std::string, const toml::source_region*> names;
  ForEachTable(root, "areas", Need::kOptional, [&](const toml::table& t, std::string path, size_t) {
    TableReader r(t, std::move(path), root.mistakes(), {"name", "kind", "geometry"});
    Area area;
    area.name = r.Text("name", Need::kRequired);
    if (area.name == "*") {
      r.Add("name", "\"*\" means \"anywhere\" in routing rules: give the area a real name");
    } else if (!area.name.empty()) {
      if (auto [it, fresh] = names.emplace(Lower(area.name), &r.Where("name")); !fresh)
        r.Add("name", "duplicate area name \"" + area.name + "\" (first used on " +
                          LineOf(*it->second) + ")");
    }
    area.kind = Lower(Trim(r.String("kind", Need::kRequired).value_or("")));
    if (r.table().contains("kind") &&
        std::find(std::begin(kKinds), std::end(kKinds), area.kind) == std::end(kKinds))
      r.Add("kind", "\"" + area.kind +
                        "\" is not a kind of area: use \"district\", \"ward\" or "
                        "\"zone\"");
    if (auto shape = Shape(r, "geometry", Need::kRequired)) area.shape = std::move(*shape);
    r.Finish();
    areas.push_back(std::move(area));
  });
  return areas;
}

// Checks a department reference; records a mistake naming the known codes.
bool KnownDepartment(const TableReader& r, std::string_view key, const std::string& code,
                     const City& city) {
  if (code.empty() || city.FindDepartment(code) != nullptr) return true;
  r.Add(key, "unknown department \"" + code + "\": use the code of a [[departments]] section");
  return false;
}

AreaRule ReadRule(const TableReader& r, const City& city, const std::vector<Area>& areas) {
  AreaRule rule;
  rule.service_code = r.Text("service", Need::kRequired);
  rule.area = r.Text("area", Need::kRequired);
  rule.department = r.Text("department", Need::kRequired);
  if (!rule.service_code.empty() && rule.service_code != "*") {
    const Service* s = city.FindService(rule.service_code);
    if (s == nullptr) {
      r.Add("service", "unknown service \"" + rule.service_code +
                           "\": use a [[services]] code, or \"*\" for every service");
    } else if (s->emergency) {
      r.Add("service", "\"" + rule.service_code +
                           "\" is an emergency service: emergencies always go to the dispatch "
                           "department, so this rule would never apply");
    }
  }
  if (!rule.area.empty() && rule.area != "*" &&
      std::none_of(areas.begin(), areas.end(), [&](const Area& a) { return a.name == rule.area; }))
    r.Add("area", "unknown area \"" + rule.area +
                      "\": use the name of an [[areas]] section (exactly), or \"*\" for anywhere");
  KnownDepartment(r, "department", rule.department, city);
  return rule;
}

}  // namespace

void ReadAreasAndRouting(const TableReader& root, City& city) {
  AreaIndex::Spec spec;
  spec.city_boundary = ReadBoundary(root, city);
  spec.areas = ReadAreas(root);
  if (const toml::table* t = root.Table("routing")) {
    TableReader r(*t, "routing", root.mistakes(), {"fallback_department", "rules"});
    spec.fallback_department = r.Text("fallback_department");
    KnownDepartment(r, "fallback_department", spec.fallback_department, city);
    ForEachTable(r, "rules", Need::kOptional, [&](const toml::table& rt, std::string path, size_t) {
      TableReader rr(rt, std::move(path), root.mistakes(), {"service", "area", "department"});
      spec.rules.push_back(ReadRule(rr, city, spec.areas));
      rr.Finish();
    });
    r.Finish();
  }
  if (!root.mistakes().empty()) return;
  if (!spec.city_boundary) spec.city_boundary = Rectangle(city.bounds);
  for (const Department& d : city.departments) spec.known_departments.push_back(d.code);
  auto index = AreaIndex::Create(std::move(spec));
  if (!index.ok()) {  // everything it checks was checked above, with locations
    root.mistakes().Add(root.table().source(), "areas", index.error().message);
    return;
  }
  city.areas = std::make_shared<const AreaIndex>(std::move(index).value());
}

}  // namespace civic311::config
