#include "domain/geo.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace civic311 {
namespace {

TEST(Geo, HaversineKnownDistances) {
  // One degree of latitude is about 111.2 km on the mean sphere.
  EXPECT_NEAR(HaversineMeters(40, -74, 41, -74), 111195, 10);
  // Paris (Notre-Dame) to London (Trafalgar Square): about 343 km.
  EXPECT_NEAR(HaversineMeters(48.8530, 2.3499, 51.5080, -0.1281), 343500, 1500);
  EXPECT_DOUBLE_EQ(HaversineMeters(10, 20, 10, 20), 0);
}

TEST(Geo, BoundingBoxCoversTheCircle) {
  GeoCircle c{40.7128, -74.0060, 500};
  auto b = CircleBoundingBox(c);
  EXPECT_LT(b.min_lat, c.lat);
  EXPECT_GT(b.max_lat, c.lat);
  // Points exactly on the circle at the four compass points lie inside (or on) the box.
  EXPECT_NEAR(HaversineMeters(c.lat, c.lon, b.max_lat, c.lon), 500, 0.01);
  EXPECT_NEAR(HaversineMeters(c.lat, c.lon, b.min_lat, c.lon), 500, 0.01);
  // The east edge is tangent to the circle: the nearest circle point to it is 500 m away.
  EXPECT_GT(HaversineMeters(c.lat, c.lon, c.lat, b.max_lon), 500);
  EXPECT_LT(HaversineMeters(c.lat, c.lon, c.lat, b.max_lon), 501);
  for (double bearing = 0; bearing < 360; bearing += 7.5) {
    // Walk 499 m in each direction (small-distance approximation) and check box membership.
    double rad = bearing * 3.14159265358979 / 180;
    double dlat = 499 * std::cos(rad) / 111195.0;
    double dlon = 499 * std::sin(rad) / (111195.0 * std::cos(c.lat * 3.14159265358979 / 180));
    double lat = c.lat + dlat, lon = c.lon + dlon;
    EXPECT_TRUE(CircleContains(c, lat, lon)) << bearing;
    EXPECT_TRUE(lat >= b.min_lat && lat <= b.max_lat && lon >= b.min_lon && lon <= b.max_lon)
        << bearing;
  }
}

TEST(Geo, BoundingBoxAtPolesAndAntimeridianSpansAllLongitudes) {
  auto polar = CircleBoundingBox({89.999, 10, 1000});
  EXPECT_EQ(polar.min_lon, -180);
  EXPECT_EQ(polar.max_lon, 180);
  EXPECT_EQ(polar.max_lat, 90);
  auto fiji = CircleBoundingBox({-17.7, 179.999, 1000});
  EXPECT_EQ(fiji.min_lon, -180);
  EXPECT_EQ(fiji.max_lon, 180);
}

TEST(Geo, IntersectBoxes) {
  RequestQuery::BBox a{0, 0, 10, 10}, b{5, 5, 20, 20}, c{11, 11, 12, 12};
  auto ab = IntersectBoxes(a, b);
  ASSERT_TRUE(ab);
  EXPECT_EQ(ab->min_lat, 5);
  EXPECT_EQ(ab->max_lon, 10);
  EXPECT_FALSE(IntersectBoxes(a, c));
}

}  // namespace
}  // namespace civic311
