// Area alerts: the place is checked and boxed, and a new request matches by service and by the
// exact circle or area (the box is only the store's first cut).
#include "domain/alert.hpp"

#include <gtest/gtest.h>

namespace civic311 {
namespace {

Ring Rect(double west, double south, double east, double north) {
  return {{west, south}, {east, south}, {east, north}, {west, north}, {west, south}};
}

// Two wards side by side inside the city boundary (-75.2..-75.0, 39.9..40.0).
AreaIndex TwoWards() {
  AreaIndex::Spec spec;
  spec.city_boundary = MultiPolygon{{Polygon{{Rect(-75.2, 39.9, -75.0, 40.0)}}}};
  spec.areas.push_back(
      {"Ward 1", "ward", MultiPolygon{{Polygon{{Rect(-75.2, 39.9, -75.1, 40.0)}}}}});
  spec.areas.push_back(
      {"Ward 2", "ward", MultiPolygon{{Polygon{{Rect(-75.1, 39.9, -75.0, 40.0)}}}}});
  return AreaIndex::Create(spec).value();
}

ServiceRequest At(double lat, double lon, std::string service = "POTHOLE") {
  ServiceRequest r;
  r.service_code = std::move(service);
  r.lat = lat;
  r.lon = lon;
  return r;
}

TEST(AreaAlerts, ACircleMatchesInsideItsRadiusNotInItsBoxCorner) {
  const AreaIndex areas = TwoWards();
  AreaAlert a;
  a.lat = 39.95;
  a.lon = -75.15;
  a.radius_m = 500;
  ASSERT_TRUE(MakeAlertShape(a, areas).ok());
  EXPECT_LT(a.box.min_lat, 39.95);
  EXPECT_GT(a.box.max_lon, -75.15);
  EXPECT_TRUE(AlertMatches(a, At(39.953, -75.15), areas));  // ~333 m north
  // The box's corner: inside the box, ~630 m away, outside the circle.
  EXPECT_FALSE(AlertMatches(a, At(a.box.max_lat - 1e-5, a.box.max_lon - 1e-5), areas));
  ServiceRequest internal = At(39.95, -75.15);
  internal.internal = true;
  EXPECT_FALSE(AlertMatches(a, internal, areas));
  ServiceRequest nowhere;
  nowhere.service_code = "POTHOLE";
  EXPECT_FALSE(AlertMatches(a, nowhere, areas));
}

TEST(AreaAlerts, AnAreaMatchesItsOwnPointsAndServicesFilter) {
  const AreaIndex areas = TwoWards();
  AreaAlert a;
  a.area = "ward-2";  // the slug finds "Ward 2"
  a.services = {"GRAFFITI"};
  ASSERT_TRUE(MakeAlertShape(a, areas).ok());
  EXPECT_EQ(a.area, "Ward 2");
  EXPECT_TRUE(AlertMatches(a, At(39.95, -75.05, "GRAFFITI"), areas));
  EXPECT_FALSE(AlertMatches(a, At(39.95, -75.05, "POTHOLE"), areas));   // another service
  EXPECT_FALSE(AlertMatches(a, At(39.95, -75.15, "GRAFFITI"), areas));  // Ward 1
}

TEST(AreaAlerts, BadPlacesAreRefusedWithTheirField) {
  const AreaIndex areas = TwoWards();
  AreaAlert unknown;
  unknown.area = "Ward 9";
  auto s = MakeAlertShape(unknown, areas);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().fields.at(0).field, "area");
  AreaAlert outside;
  outside.lat = 41.0;
  outside.lon = -75.1;
  outside.radius_m = 500;
  s = MakeAlertShape(outside, areas);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().fields.at(0).field, "place");
  AreaAlert huge;
  huge.lat = 39.95;
  huge.lon = -75.15;
  huge.radius_m = 50000;
  s = MakeAlertShape(huge, areas);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().fields.at(0).field, "radius");
  AreaAlert none;
  EXPECT_FALSE(MakeAlertShape(none, areas).ok());
}

TEST(AreaAlerts, SlugsAndDigestTimes) {
  EXPECT_EQ(AreaSlug("Ward 1"), "ward-1");
  EXPECT_EQ(AreaSlug("  Back Bay / South End "), "back-bay-south-end");
  EXPECT_EQ(AreaSlug("<script>"), "script");
  const Timestamp t = Timestamp(std::chrono::seconds(1767225600));  // 2026-01-01T00:00:00Z
  using std::chrono::hours;
  // Without a calendar: 07:00 UTC, strictly after.
  EXPECT_EQ(NextDigestAt(t, nullptr), t + hours(7));
  EXPECT_EQ(NextDigestAt(t + hours(7), nullptr), t + hours(31));
  // A city in New York: 07:00 there is 12:00 UTC in winter, 11:00 UTC in summer.
  CalendarSpec spec;
  spec.timezone = "America/New_York";
  auto ny = CityCalendar::Create(spec).value();
  EXPECT_EQ(NextDigestAt(t, ny.get()), t + hours(12));                 // 2026-01-01 07:00 EST
  EXPECT_EQ(NextDigestAt(t + hours(12), ny.get()), t + hours(36));     // the next morning
  EXPECT_EQ(NextDigestAt(t + hours(11), ny.get()), t + hours(12));     // 06:00 there
  const Timestamp july = Timestamp(std::chrono::seconds(1782864000));  // 2026-07-01T00:00:00Z
  EXPECT_EQ(NextDigestAt(july, ny.get()), july + hours(11));           // 07:00 EDT
  // Tokyo (UTC+9): 07:00 there on 2026-01-01 is 22:00 UTC the day before; the next is 22:00 UTC.
  spec.timezone = "Asia/Tokyo";
  auto tokyo = CityCalendar::Create(spec).value();
  EXPECT_EQ(NextDigestAt(t, tokyo.get()), t + hours(22));
  EXPECT_EQ(ParseAlertMode("digest"), AlertMode::kDigest);
  EXPECT_FALSE(ParseAlertMode("hourly").has_value());
}

}  // namespace
}  // namespace civic311
