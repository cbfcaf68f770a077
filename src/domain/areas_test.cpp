#include "domain/areas.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace civic311 {
namespace {

// An axis-aligned rectangle as a closed GeoJSON ring (counter-clockwise, closing point repeated).
Ring Rect(double west, double south, double east, double north) {
  return {{west, south}, {east, south}, {east, north}, {west, north}, {west, south}};
}
MultiPolygon One(Polygon p) { return MultiPolygon{{std::move(p)}}; }

TEST(Areas, SquareContainsInsideAndBoundary) {
  Polygon sq{{Rect(-75.20, 39.90, -75.10, 40.00)}};
  EXPECT_TRUE(PolygonContains(sq, {-75.15, 39.95}));
  EXPECT_FALSE(PolygonContains(sq, {-75.25, 39.95}));
  EXPECT_FALSE(PolygonContains(sq, {-75.15, 40.0001}));
  // Edges and corners count as inside, on every side.
  EXPECT_TRUE(PolygonContains(sq, {-75.20, 39.95}));  // west edge
  EXPECT_TRUE(PolygonContains(sq, {-75.10, 39.95}));  // east edge
  EXPECT_TRUE(PolygonContains(sq, {-75.15, 39.90}));  // south edge (horizontal)
  EXPECT_TRUE(PolygonContains(sq, {-75.15, 40.00}));  // north edge (horizontal)
  EXPECT_TRUE(PolygonContains(sq, {-75.10, 40.00}));  // corner
  EXPECT_FALSE(PolygonContains(sq, {-75.10 + 1e-7, 39.95}));
}

TEST(Areas, RingWithoutClosingPointAndClockwiseOrderWorkTheSame) {
  Polygon open{{{{-75.2, 39.9}, {-75.2, 40.0}, {-75.1, 40.0}, {-75.1, 39.9}}}};  // clockwise
  EXPECT_TRUE(PolygonContains(open, {-75.15, 39.95}));
  EXPECT_TRUE(PolygonContains(open, {-75.15, 39.90}));  // the implicit closing edge
  EXPECT_FALSE(PolygonContains(open, {-75.05, 39.95}));
}

TEST(Areas, ConcaveShape) {
  // A "U" opening north: two arms joined at the bottom; the notch between them is outside.
  Polygon u{{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}};
  EXPECT_TRUE(PolygonContains(u, {0.5, 2.5}));  // west arm
  EXPECT_TRUE(PolygonContains(u, {2.5, 2.5}));  // east arm
  EXPECT_TRUE(PolygonContains(u, {1.5, 0.5}));  // the base
  EXPECT_FALSE(PolygonContains(u, {1.5, 2}));   // in the notch
  EXPECT_TRUE(PolygonContains(u, {1.5, 1}));    // on the notch floor
  EXPECT_FALSE(PolygonContains(u, {-0.5, 1}));  // ray through the vertices (1,1) and (2,1)
  EXPECT_FALSE(PolygonContains(u, {-0.5, 3}));  // ray along the top vertices
  EXPECT_TRUE(PolygonContains(u, {0.5, 1}));    // same latitude as the notch floor, inside
  EXPECT_TRUE(PolygonContains(u, {2.5, 1}));
}

TEST(Areas, HolesAreOutsideButTheirEdgesAreInside) {
  Polygon donut{{Rect(0, 0, 10, 10), Rect(4, 4, 6, 6)}};
  EXPECT_TRUE(PolygonContains(donut, {2, 2}));
  EXPECT_FALSE(PolygonContains(donut, {5, 5}));  // in the hole
  EXPECT_TRUE(PolygonContains(donut, {4, 5}));   // on the hole's edge
  EXPECT_TRUE(PolygonContains(donut, {6, 6}));   // the hole's corner
  EXPECT_FALSE(PolygonContains(donut, {11, 5}));
  // Two holes, the ray from the test point crossing both.
  Polygon two_holes{{Rect(0, 0, 10, 10), Rect(2, 4, 3, 6), Rect(6, 4, 7, 6)}};
  EXPECT_TRUE(PolygonContains(two_holes, {1, 5}));
  EXPECT_FALSE(PolygonContains(two_holes, {2.5, 5}));
  EXPECT_TRUE(PolygonContains(two_holes, {4.5, 5}));
  EXPECT_FALSE(PolygonContains(two_holes, {6.5, 5}));
}

TEST(Areas, MultiPolygonIslands) {
  // A ward split by a river: two islands, the second with a pond.
  MultiPolygon ward{
      {Polygon{{Rect(-75.20, 39.90, -75.18, 39.92)}},
       Polygon{{Rect(-75.16, 39.90, -75.14, 39.92), Rect(-75.155, 39.905, -75.15, 39.91)}}}};
  EXPECT_TRUE(MultiPolygonContains(ward, {-75.19, 39.91}));
  EXPECT_TRUE(MultiPolygonContains(ward, {-75.145, 39.91}));
  EXPECT_FALSE(MultiPolygonContains(ward, {-75.17, 39.91}));      // the river
  EXPECT_FALSE(MultiPolygonContains(ward, {-75.1525, 39.9075}));  // the pond
  BoundingBox b = BoundsOf(ward);
  EXPECT_DOUBLE_EQ(b.min_lon, -75.20);
  EXPECT_DOUBLE_EQ(b.max_lon, -75.14);
  EXPECT_DOUBLE_EQ(b.min_lat, 39.90);
  EXPECT_DOUBLE_EQ(b.max_lat, 39.92);
  EXPECT_TRUE(b.Contains({-75.17, 39.91}));  // the box is only a quick test
  EXPECT_FALSE(b.Contains({-75.13, 39.91}));
}

TEST(Areas, ValidationRejectsBrokenShapes) {
  EXPECT_TRUE(ValidatePolygon(Polygon{{Rect(0, 0, 1, 1)}}).ok());
  EXPECT_FALSE(ValidatePolygon(Polygon{}).ok());
  EXPECT_FALSE(ValidatePolygon(Polygon{{{{0, 0}, {1, 1}, {0, 0}}}}).ok());  // 2 distinct points
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(ValidatePolygon(Polygon{{{{0, 0}, {1, 0}, {nan, 1}}}}).ok());
  auto s = ValidatePolygon(Polygon{{Rect(0, 0, 1, 1), {{0, 0}, {200, 0}, {0, 1}}}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(s.error().message.find("hole 1"), std::string::npos);
  EXPECT_FALSE(ValidateMultiPolygon(MultiPolygon{}).ok());
}

TEST(Areas, DistanceMeters) {
  EXPECT_NEAR(DistanceMeters({-75.0, 39.0}, {-75.0, 40.0}), 111195, 10);
  EXPECT_DOUBLE_EQ(DistanceMeters({-75.1, 39.9}, {-75.1, 39.9}), 0);
}

// Demo city: an L-shaped boundary (the north-east quadrant is another town), two wards and a
// downtown district with a park in the middle.
AreaIndex::Spec DemoSpec() {
  AreaIndex::Spec spec;
  spec.city_boundary = One(Polygon{{{{-75.20, 39.90},
                                     {-75.10, 39.90},
                                     {-75.10, 39.95},
                                     {-75.15, 39.95},
                                     {-75.15, 40.00},
                                     {-75.20, 40.00},
                                     {-75.20, 39.90}}}});
  spec.areas = {
      {"Ward 1", "ward", One(Polygon{{Rect(-75.20, 39.90, -75.15, 40.00)}})},
      {"Ward 2", "ward", One(Polygon{{Rect(-75.15, 39.90, -75.10, 39.95)}})},
      {"Central", "district",
       One(Polygon{{Rect(-75.16, 39.94, -75.14, 39.96), Rect(-75.155, 39.945, -75.145, 39.95)}})},
  };
  spec.rules = {
      {"POTHOLE", "Ward 1", "PWD-WEST"},
      {"POTHOLE", "Ward 2", "PWD-EAST"},
      {"*", "Central", "DOWNTOWN"},
      {"GRAFFITI", "*", "CLEAN"},
  };
  spec.fallback_department = "OPS";
  spec.known_departments = {"PWD-WEST", "PWD-EAST", "DOWNTOWN", "CLEAN", "OPS", "STREETS"};
  return spec;
}

TEST(AreaIndex, FindsAreasAndTheBoundary) {
  auto index = AreaIndex::Create(DemoSpec());
  ASSERT_TRUE(index.ok()) << index.error().message;
  EXPECT_TRUE(index->InCity({-75.18, 39.98}));
  EXPECT_FALSE(index->InCity({-75.12, 39.98}));  // in the box, but the other town
  EXPECT_TRUE(index->InCity({-75.12, 39.95}));   // on the boundary
  auto names = [&](LonLat p) {
    std::vector<std::string> out;
    for (const Area* a : index->AreasAt(p)) out.push_back(a->name);
    return out;
  };
  EXPECT_EQ(names({-75.18, 39.92}), std::vector<std::string>{"Ward 1"});
  EXPECT_EQ(names({-75.155, 39.941}), (std::vector<std::string>{"Ward 1", "Central"}));
  EXPECT_EQ(names({-75.15, 39.92}), (std::vector<std::string>{"Ward 1", "Ward 2"}));  // the line
  EXPECT_EQ(names({-75.152, 39.947}), std::vector<std::string>{"Ward 1"});  // the park (hole)
  EXPECT_TRUE(names({-75.30, 39.95}).empty());
}

TEST(AreaIndex, RoutesByTheFirstMatchingRule) {
  auto index = *AreaIndex::Create(DemoSpec());
  auto r = index.Route("POTHOLE", LonLat{-75.18, 39.92}, "STREETS");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->department, "PWD-WEST");
  EXPECT_EQ(r->rule, 1u);
  EXPECT_EQ(r->reason, "service POTHOLE in area 'Ward 1' → PWD-WEST (rule 1)");

  // In Ward 1 and Central: rule 1 comes first.
  EXPECT_EQ(index.Route("POTHOLE", LonLat{-75.155, 39.941}, "STREETS")->department, "PWD-WEST");
  // On the line between the wards: the first rule naming either ward.
  EXPECT_EQ(index.Route("POTHOLE", LonLat{-75.15, 39.92}, "STREETS")->department, "PWD-WEST");
  EXPECT_EQ(index.Route("POTHOLE", LonLat{-75.12, 39.92}, "STREETS")->department, "PWD-EAST");

  auto downtown = index.Route("STREETLIGHT", LonLat{-75.145, 39.941}, "STREETS");
  EXPECT_EQ(downtown->department, "DOWNTOWN");
  EXPECT_EQ(downtown->reason, "service STREETLIGHT in area 'Central' → DOWNTOWN (rule 3)");
  EXPECT_EQ(downtown->areas, (std::vector<std::string>{"Ward 2", "Central"}));

  auto graffiti = index.Route("GRAFFITI", LonLat{-75.12, 39.92}, "STREETS");
  EXPECT_EQ(graffiti->department, "CLEAN");
  EXPECT_EQ(graffiti->reason, "service GRAFFITI anywhere → CLEAN (rule 4)");
}

TEST(AreaIndex, FallsBackToTheServiceThenTheCity) {
  auto index = *AreaIndex::Create(DemoSpec());
  auto own = index.Route("STREETLIGHT", LonLat{-75.12, 39.92}, "STREETS");
  EXPECT_EQ(own->department, "STREETS");
  EXPECT_EQ(own->rule, std::nullopt);
  EXPECT_EQ(own->reason,
            "service STREETLIGHT: no area rule matched → STREETS (the service's department)");
  auto city = index.Route("STREETLIGHT", LonLat{-75.12, 39.92}, "");
  EXPECT_EQ(city->department, "OPS");
  EXPECT_EQ(city->reason,
            "service STREETLIGHT: no area rule matched → OPS (the city's fallback department)");

  // Without a location only "anywhere" rules apply.
  EXPECT_EQ(index.Route("POTHOLE", std::nullopt, "STREETS")->department, "STREETS");
  EXPECT_EQ(index.Route("POTHOLE", std::nullopt, "STREETS")->reason,
            "service POTHOLE without a location → STREETS (the service's department)");
  EXPECT_EQ(index.Route("GRAFFITI", std::nullopt, "STREETS")->department, "CLEAN");

  AreaIndex empty;
  EXPECT_EQ(empty.Route("X", LonLat{0, 0}, "PWD")->department, "PWD");
  auto none = empty.Route("X", LonLat{0, 0}, "");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kInternal);
}

TEST(AreaIndex, OutsideTheCityIsAClearError) {
  auto index = *AreaIndex::Create(DemoSpec());
  auto r = index.Route("POTHOLE", LonLat{-75.12, 39.98}, "STREETS");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message, "the location 39.980000, -75.120000 is outside the city boundary");
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "location");
}

TEST(AreaIndex, CreateRejectsBadConfiguration) {
  auto expect_error = [](AreaIndex::Spec spec, const std::string& fragment) {
    auto r = AreaIndex::Create(std::move(spec));
    ASSERT_FALSE(r.ok()) << fragment;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
  };
  auto spec = DemoSpec();
  spec.rules.push_back({"POTHOLE", "Ward 9", "OPS"});
  expect_error(spec, "area rule 5: unknown area 'Ward 9'");
  spec = DemoSpec();
  spec.rules.push_back({"POTHOLE", "Ward 1", "NOPE"});
  expect_error(spec, "unknown department 'NOPE'");
  spec = DemoSpec();
  spec.rules.push_back({"", "Ward 1", "OPS"});
  expect_error(spec, "all required");
  spec = DemoSpec();
  spec.areas.push_back(spec.areas[0]);
  expect_error(spec, "area 'Ward 1' is defined twice");
  spec = DemoSpec();
  spec.areas[1].shape.polygons[0].rings[0] = {{0, 0}, {1, 1}};
  expect_error(spec, "area 'Ward 2': polygon 1: the outer ring needs at least 3");
  spec = DemoSpec();
  spec.city_boundary = MultiPolygon{};
  expect_error(spec, "city boundary");
  spec = DemoSpec();
  spec.fallback_department = "NOPE";
  expect_error(spec, "fallback");
}

}  // namespace
}  // namespace civic311
