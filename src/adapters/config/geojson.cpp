#include "adapters/config/geojson.hpp"

#include <boost/json.hpp>
#include <string>

namespace civic311::config {
namespace {

namespace json = boost::json;

Error Bad(const std::string& where, const std::string& what) {
  return Error::InvalidArgument("GeoJSON " + where + ": " + what);
}

std::string Index(const std::string& where, std::size_t i) {
  return where + "[" + std::to_string(i) + "]";
}

Result<LonLat> ReadPosition(const json::value& v, const std::string& where) {
  const json::array* a = v.if_array();
  if (a == nullptr || a->size() < 2 || a->size() > 3 || !(*a)[0].is_number() ||
      !(*a)[1].is_number())
    return Bad(where, "a position is [longitude, latitude], two numbers");
  return LonLat{(*a)[0].to_number<double>(), (*a)[1].to_number<double>()};
}

Result<Polygon> ReadPolygon(const json::value& v, const std::string& where) {
  const json::array* rings = v.if_array();
  if (rings == nullptr || rings->empty())
    return Bad(where, "a Polygon's coordinates are a list of rings, the outer ring first");
  Polygon polygon;
  for (std::size_t i = 0; i < rings->size(); ++i) {
    const std::string ring_at = Index(where, i);
    const json::array* positions = (*rings)[i].if_array();
    if (positions == nullptr) return Bad(ring_at, "a ring is a list of [longitude, latitude]");
    Ring ring;
    for (std::size_t k = 0; k < positions->size(); ++k) {
      auto p = ReadPosition((*positions)[k], Index(ring_at, k));
      if (!p.ok()) return std::move(p).error();
      ring.push_back(*p);
    }
    polygon.rings.push_back(std::move(ring));
  }
  return polygon;
}

Status AddGeometry(const json::value& v, const std::string& where, MultiPolygon& out) {
  const json::object* o = v.if_object();
  if (o == nullptr) return Bad(where, "should be a JSON object");
  const json::value* type = o->if_contains("type");
  if (type == nullptr || !type->is_string()) return Bad(where, "has no \"type\"");
  const std::string_view kind = type->get_string();
  if (kind == "Feature") {
    const json::value* geometry = o->if_contains("geometry");
    if (geometry == nullptr || geometry->is_null())
      return Bad(where, "the Feature has no geometry");
    return AddGeometry(*geometry, where.empty() ? "geometry" : where + ".geometry", out);
  }
  if (kind == "FeatureCollection") {
    const json::value* features = o->if_contains("features");
    if (features == nullptr || !features->is_array() || features->get_array().empty())
      return Bad(where, "the FeatureCollection has no features");
    const json::array& list = features->get_array();
    for (std::size_t i = 0; i < list.size(); ++i)
      C311_TRY(AddGeometry(list[i], Index("features", i), out));
    return OkStatus();
  }
  const std::string at = where.empty() ? "coordinates" : where + ".coordinates";
  const json::value* coordinates = o->if_contains("coordinates");
  if (kind == "Polygon" || kind == "MultiPolygon") {
    if (coordinates == nullptr) return Bad(where.empty() ? "object" : where, "has no coordinates");
  }
  if (kind == "Polygon") {
    auto p = ReadPolygon(*coordinates, at);
    if (!p.ok()) return std::move(p).error();
    out.polygons.push_back(std::move(p).value());
    return OkStatus();
  }
  if (kind == "MultiPolygon") {
    const json::array* polygons = coordinates->if_array();
    if (polygons == nullptr || polygons->empty())
      return Bad(at, "a MultiPolygon's coordinates are a list of polygons");
    for (std::size_t i = 0; i < polygons->size(); ++i) {
      auto p = ReadPolygon((*polygons)[i], Index(at, i));
      if (!p.ok()) return std::move(p).error();
      out.polygons.push_back(std::move(p).value());
    }
    return OkStatus();
  }
  // Appended piece by piece: "literal" + std::string trips a GCC 12 -Wrestrict false alarm.
  std::string message = "\"";
  message += kind;
  message += "\" is not an area: use a Polygon or MultiPolygon (or a Feature or FeatureCollection";
  message += " of them)";
  return Bad(where.empty() ? "type" : where + ".type", message);
}

}  // namespace

Result<MultiPolygon> ParseGeoJsonShape(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Error::InvalidArgument("not valid JSON: " + ec.message());
  MultiPolygon shape;
  C311_TRY(AddGeometry(v, "", shape));
  if (Status s = ValidateMultiPolygon(shape); !s.ok()) return std::move(s).error();
  return shape;
}

}  // namespace civic311::config
