// Internal to adapters/config: GeoJSON (RFC 7946) polygons for the city boundary and areas.
// Accepts a Polygon or MultiPolygon geometry, a Feature holding one, or a FeatureCollection whose
// features all hold one (their polygons are merged). Positions are [longitude, latitude] with an
// optional altitude, which is ignored. The shape is also checked with ValidateMultiPolygon.
// Pure; safe from any thread.
#pragma once

#include <string_view>

#include "base/result.hpp"
#include "domain/areas.hpp"

namespace civic311::config {

// kInvalidArgument with a message that says where in the JSON the problem is, e.g.
// "GeoJSON coordinates[0][2]: a position is [longitude, latitude], two numbers".
Result<MultiPolygon> ParseGeoJsonShape(std::string_view text);

}  // namespace civic311::config
