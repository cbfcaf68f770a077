// RouteRequest: emergencies first, then area rules, the service's department and the fallback;
// points outside the city are refused. The demo city's wards are tested in
// adapters/config/area_config_test.cpp.
#include "domain/routing.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civic311 {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A 2×1 degree city split into West and East at longitude 1, with a triangular boundary.
class Town {
 public:
  Town() {
    city.name = "Testtown";
    city.bounds = {0.0, 0.0, 1.0, 2.0};  // min_lat, min_lon, max_lat, max_lon
    Department("PWD");
    Department("PWD-WEST");
    Department("CC311");
    Department("PD").dispatch = true;
    city.dispatch_department = "PD";
    Service("POTHOLE", "PWD");
    Service("GRAFFITI", "PWD");
    Service("GAS", "PD").emergency = true;
  }

  // Builds city.areas from the West/East areas, `rules` and an optional boundary.
  void Index(std::vector<AreaRule> rules, bool triangle_boundary = false,
             std::string fallback = "") {
    AreaIndex::Spec spec;
    spec.areas.push_back({"West", "ward", Box(0, 0, 1, 1)});
    spec.areas.push_back({"East", "ward", Box(1, 0, 2, 1)});
    spec.rules = std::move(rules);
    spec.fallback_department = std::move(fallback);
    if (triangle_boundary) {
      spec.city_boundary = MultiPolygon{{Polygon{{Ring{{0, 0}, {2, 0}, {0, 1}}}}}};
    }
    auto index = AreaIndex::Create(std::move(spec));
    ASSERT_TRUE(index.ok()) << index.error().message;
    city.areas = std::make_shared<const AreaIndex>(std::move(index).value());
  }

  Result<Routing> Route(const std::string& service, std::optional<LonLat> at) const {
    return RouteRequest(city, *city.FindService(service), at);
  }

  City city;

 private:
  static MultiPolygon Box(double lon0, double lat0, double lon1, double lat1) {
    return MultiPolygon{{Polygon{{Ring{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}}}}}};
  }
  civic311::Department& Department(std::string code) {
    city.departments.push_back({code, code + " name", "", false});
    return city.departments.back();
  }
  civic311::Service& Service(std::string code, std::string department) {
    civic311::Service s;
    s.code = std::move(code);
    s.department_code = std::move(department);
    city.services.push_back(std::move(s));
    return city.services.back();
  }
};

TEST(RouteRequest, WithoutAreasGoesToTheServiceDepartment) {
  Town t;
  auto r = t.Route("POTHOLE", LonLat{0.5, 0.5});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->department_code, "PWD");
  EXPECT_FALSE(r->emergency);
  EXPECT_THAT(r->reason, HasSubstr("the service's department"));
  EXPECT_TRUE(r->areas.empty());
}

TEST(RouteRequest, AreaRuleWinsInsideItsArea) {
  Town t;
  t.Index({{"POTHOLE", "West", "PWD-WEST"}});
  auto west = t.Route("POTHOLE", LonLat{0.5, 0.5});
  ASSERT_TRUE(west.ok());
  EXPECT_EQ(west->department_code, "PWD-WEST");
  EXPECT_EQ(west->reason, "service POTHOLE in area 'West' → PWD-WEST (rule 1)");
  EXPECT_THAT(west->areas, ElementsAre("West"));

  auto east = t.Route("POTHOLE", LonLat{1.5, 0.5});
  ASSERT_TRUE(east.ok());
  EXPECT_EQ(east->department_code, "PWD");
  EXPECT_THAT(east->areas, ElementsAre("East"));

  auto other = t.Route("GRAFFITI", LonLat{0.5, 0.5});  // the rule is for potholes only
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->department_code, "PWD");
}

TEST(RouteRequest, OnTheSharedEdgeTheFirstMatchingRuleDecides) {
  Town t;
  t.Index({{"POTHOLE", "West", "PWD-WEST"}});
  auto r = t.Route("POTHOLE", LonLat{1.0, 0.5});
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->areas, ElementsAre("West", "East"));
  EXPECT_EQ(r->department_code, "PWD-WEST");
}

TEST(RouteRequest, WildcardsAndRuleOrder) {
  Town t;
  t.Index({{"*", "East", "CC311"}, {"POTHOLE", "*", "PWD-WEST"}});
  EXPECT_EQ(t.Route("POTHOLE", LonLat{1.5, 0.5})->department_code, "CC311");
  EXPECT_EQ(t.Route("POTHOLE", LonLat{0.5, 0.5})->department_code, "PWD-WEST");
  // Without a location only rules for "*" areas can match.
  EXPECT_EQ(t.Route("POTHOLE", std::nullopt)->department_code, "PWD-WEST");
  EXPECT_EQ(t.Route("GRAFFITI", std::nullopt)->department_code, "PWD");
}

TEST(RouteRequest, EmergenciesGoToDispatchBeforeAnyRule) {
  Town t;
  t.Index({{"*", "*", "CC311"}});
  auto r = t.Route("GAS", LonLat{0.5, 0.5});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->department_code, "PD");
  EXPECT_TRUE(r->emergency);
  EXPECT_THAT(r->reason, HasSubstr("dispatch"));
  t.city.dispatch_department.reset();  // the department marked dispatch still wins
  EXPECT_EQ(t.Route("GAS", LonLat{0.5, 0.5})->department_code, "PD");
}

TEST(RouteRequest, EmergencyWithoutDispatchIsRoutedLikeAnyOtherButStaysFlagged) {
  Town t;
  t.city.dispatch_department.reset();
  t.city.departments.back().dispatch = false;
  t.Index({{"GAS", "West", "PWD-WEST"}});
  auto r = t.Route("GAS", LonLat{0.5, 0.5});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->department_code, "PWD-WEST");
  EXPECT_TRUE(r->emergency);
}

TEST(RouteRequest, OutsideTheBoundsIsRefusedOnLat) {
  Town t;
  auto r = t.Route("POTHOLE", LonLat{2.5, 0.5});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "lat");
  EXPECT_EQ(r.error().message, "the location 0.5, 2.5 is outside Testtown");
}

TEST(RouteRequest, InsideTheBoundsButOutsideTheBoundaryIsRefused) {
  Town t;
  t.Index({}, /*triangle_boundary=*/true);
  EXPECT_TRUE(t.Route("POTHOLE", LonLat{0.5, 0.25}).ok());
  EXPECT_TRUE(t.Route("POTHOLE", LonLat{1.0, 0.5}).ok());  // on the hypotenuse: inside
  auto r = t.Route("POTHOLE", LonLat{1.5, 0.9});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields[0].field, "lat");
  EXPECT_THAT(r.error().message, HasSubstr("is outside Testtown"));
  EXPECT_FALSE(t.Route("GAS", LonLat{1.5, 0.9}).ok());  // emergencies too: call 911 instead
}

TEST(RouteRequest, FallbackWhenTheServiceHasNoDepartment) {
  Town t;
  t.city.services[1].department_code.clear();  // GRAFFITI
  t.Index({}, false, "CC311");
  auto r = t.Route("GRAFFITI", LonLat{0.5, 0.5});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->department_code, "CC311");
  EXPECT_THAT(r->reason, HasSubstr("fallback"));
}

TEST(RouteRequest, WithoutLocationOverloadNeverFails) {
  Town t;
  t.city.services[1].department_code.clear();
  t.Index({});
  const Routing r = RouteRequest(t.city, *t.city.FindService("GRAFFITI"));
  EXPECT_EQ(r.department_code, "");
  EXPECT_FALSE(r.reason.empty());
}

}  // namespace
}  // namespace civic311
