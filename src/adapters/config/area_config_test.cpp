// The boundary, [[areas]], [routing], [workflow] and [[escalations]] of the city config, and the
// demo city's wards and routing rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/config/city_config.hpp"
#include "adapters/config/config_test_support.hpp"
#include "adapters/config/geojson.hpp"
#include "domain/routing.hpp"

namespace civic311 {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using testing::Mistake;

// A valid city with two wards split at longitude -71.5, a boundary and routing; each case below
// breaks it in one place. A [city] key (boundary) comes first so that cases can replace it.
constexpr std::string_view kTown = R"(
[city]
boundary = '{"type": "Polygon", "coordinates": [[[-72, 42], [-71, 42], [-71, 43], [-72, 42.5]]]}'
name = "Testville"
jurisdiction_id = "testville.example"
timezone = "America/New_York"
contact = "Call 311"
bounds = { min_lat = 42.0, max_lat = 43.0, min_long = -72.0, max_long = -71.0 }

[[departments]]
code = "PWD"
name = "Public Works"

[[departments]]
code = "PWD-WEST"
name = "Public Works West"

[[departments]]
code = "PD"
name = "Police Dispatch"
dispatch = true

[[services]]
code = "POTHOLE"
name = "Pothole"
department = "PWD"

[[services]]
code = "GAS"
name = "Gas"
emergency = true

[[areas]]
name = "West"
kind = "ward"
geometry = '{"type": "Polygon", "coordinates": [[[-72, 42], [-71.5, 42], [-71.5, 43], [-72, 43]]]}'

[[areas]]
name = "East"
kind = "District"
geometry = '''{"type": "Feature", "properties": {"name": "East"}, "geometry":
  {"type": "MultiPolygon", "coordinates": [[[[-71.5, 42, 10], [-71, 42, 10], [-71, 43, 10],
  [-71.5, 43, 10], [-71.5, 42, 10]]]]}}'''

[routing]
fallback_department = "PWD"

[[routing.rules]]
service = "POTHOLE"
area = "West"
department = "PWD-WEST"

[workflow]
reopen_window = "14 days"
clock_stopping_states = ["waiting_resident"]
transfer_restarts_clock = true
due_soon = "4 business hours"

[[escalations]]
name = "late"
when = "overdue"
notify = "PWD"

[[escalations]]
name = "at risk"
when = "due_soon"
service = "POTHOLE"
notify = "boss@example.org"
)";

std::string Town(std::string_view from = {}, std::string_view to = {},
                 std::string_view extra = {}) {
  std::string text(kTown);
  if (!from.empty()) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  return text + std::string(extra);
}

std::shared_ptr<const City> LoadOk(const std::string& text) {
  auto r = LoadCityConfig(text, "t.toml");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
  return r.ok() ? *r : nullptr;
}

Result<Routing> Route(const City& city, const std::string& service, double lat, double lon) {
  return RouteRequest(city, *city.FindService(service), LonLat{lon, lat});
}

TEST(AreaConfig, LoadsAreasRulesAndWorkflow) {
  auto city = LoadOk(Town());
  ASSERT_NE(city, nullptr);
  ASSERT_NE(city->areas, nullptr);
  EXPECT_TRUE(city->areas->has_boundary());
  ASSERT_EQ(city->areas->areas().size(), 2u);
  EXPECT_EQ(city->areas->areas()[1].kind, "district");  // lower-cased
  ASSERT_EQ(city->areas->rules().size(), 1u);
  EXPECT_EQ(city->areas->rules()[0].department, "PWD-WEST");

  EXPECT_EQ(city->lifecycle.reopen_window, std::chrono::days(14));
  EXPECT_EQ(city->lifecycle.clock_stopping, std::set{RequestState::kWaitingResident});
  EXPECT_TRUE(city->transfer_restarts_clock);
  EXPECT_EQ(city->due_soon.ToString(), "4 business hours");
  ASSERT_EQ(city->escalations.size(), 2u);
  EXPECT_EQ(city->escalations[0].when, EscalationTrigger::kOverdue);
  EXPECT_EQ(city->escalations[0].notify_department, "PWD");
  EXPECT_EQ(city->escalations[0].service_code, "*");
  EXPECT_EQ(city->escalations[1].when, EscalationTrigger::kDueSoon);
  EXPECT_EQ(city->escalations[1].notify_email, "boss@example.org");
  EXPECT_TRUE(city->escalations[1].AppliesTo("POTHOLE"));
  EXPECT_FALSE(city->escalations[1].AppliesTo("GAS"));
}

TEST(AreaConfig, RoutesByArea) {
  auto city = LoadOk(Town());
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(Route(*city, "POTHOLE", 42.5, -71.75)->department_code, "PWD-WEST");
  EXPECT_EQ(Route(*city, "POTHOLE", 42.5, -71.25)->department_code, "PWD");
  EXPECT_EQ(Route(*city, "GAS", 42.5, -71.75)->department_code, "PD");
  // (42.9, -71.9) is inside the bounds but outside the boundary's sloping north-west edge.
  auto outside = Route(*city, "POTHOLE", 42.9, -71.9);
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().message, "the location 42.9, -71.9 is outside Testville");
}

TEST(AreaConfig, DefaultsWhenTheSectionsAreLeftOut) {
  std::string text(kTown);
  text = text.substr(0, text.find("[[areas]]"));
  text.erase(text.find("boundary = "),
             text.find("name = \"Testville\"") - text.find("boundary = "));
  auto city = LoadOk(text);
  ASSERT_NE(city, nullptr);
  ASSERT_NE(city->areas, nullptr);
  EXPECT_TRUE(city->areas->areas().empty());
  // The bounds rectangle is the boundary, edges included.
  EXPECT_TRUE(city->areas->InCity({-72.0, 43.0}));
  EXPECT_FALSE(city->areas->InCity({-72.01, 42.5}));
  EXPECT_EQ(Route(*city, "POTHOLE", 42.9, -71.9)->department_code, "PWD");
  const LifecycleConfig defaults;
  EXPECT_EQ(city->lifecycle.reopen_window, defaults.reopen_window);
  EXPECT_EQ(city->lifecycle.clock_stopping, defaults.clock_stopping);
  EXPECT_FALSE(city->transfer_restarts_clock);
  EXPECT_TRUE(city->due_soon.empty());
  EXPECT_TRUE(city->escalations.empty());
}

TEST(AreaConfig, ReopenWindowNoneMeansNever) {
  auto city = LoadOk(Town("reopen_window = \"14 days\"", "reopen_window = \"none\""));
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->lifecycle.reopen_window.count(), 0);
  city = LoadOk(Town("reopen_window = \"14 days\"", "reopen_window = \"72 hours\""));
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->lifecycle.reopen_window, std::chrono::hours(72));
}

TEST(AreaConfig, FeatureCollectionsMerge) {
  auto shape = config::ParseGeoJsonShape(R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[0,1]]]}},
      {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[5,5],[6,5],[5,6]]]}}
    ]})");
  ASSERT_TRUE(shape.ok()) << shape.error().message;
  EXPECT_EQ(shape->polygons.size(), 2u);
  EXPECT_TRUE(MultiPolygonContains(*shape, {5.2, 5.2}));
}

struct BadCase {
  const char* name;
  const char* from;  // replaced in kTown…
  const char* to;    // …by this
  const char* field;
  const char* message;
};

class Bad : public ::testing::TestWithParam<BadCase> {};

TEST_P(Bad, IsReported) {
  const BadCase& c = GetParam();
  auto r = LoadCityConfig(Town(c.from, c.to), "t.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().fields, Contains(Mistake(c.field, c.message))) << r.error().detail;
}

TEST(AreaConfig, MistakesPointAtTheSetting) {
  auto r = LoadCityConfig(Town(R"(kind = "District")", R"(kind = "borough")"), "t.toml");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().fields.size(), 1u) << r.error().detail;
  EXPECT_EQ(r.error().fields[0].field, "t.toml:40:8 areas[1].kind");
}

constexpr const char* kWest =
    R"('{"type": "Polygon", "coordinates": [[[-72, 42], [-71.5, 42], [-71.5, 43], [-72, 43]]]}')";

INSTANTIATE_TEST_SUITE_P(
    AreaConfig, Bad,
    ::testing::Values(
        BadCase{"NotJson", kWest, "'{\"type\": \"Polygon\", '", "areas[0].geometry",
                "not valid JSON"},
        BadCase{"PointIsNotAnArea", kWest, R"('{"type": "Point", "coordinates": [-71.7, 42.5]}')",
                "areas[0].geometry", "\"Point\" is not an area"},
        BadCase{"TwoPositions", kWest,
                R"('{"type": "Polygon", "coordinates": [[[-72, 42], [-71.5, 42]]]}')",
                "areas[0].geometry", "at least 3 distinct positions"},
        BadCase{"LatitudeOutOfRange", kWest,
                R"('{"type": "Polygon", "coordinates": [[[-72, 42], [-71.5, 42], [-71.5, 93]]]}')",
                "areas[0].geometry", "outside longitude -180..180"},
        BadCase{"PositionNotNumbers", kWest,
                R"('{"type": "Polygon", "coordinates": [[[-72, 42], ["a", 42], [-71.5, 43]]]}')",
                "areas[0].geometry", "coordinates[0][1]: a position is [longitude, latitude]"},
        BadCase{"GeometryMissing", "geometry = '{\"type\": \"Polygon\", \"coordinates\": [[[-72,",
                "geo = '{\"type\": \"Polygon\", \"coordinates\": [[[-72,", "areas[0].geometry",
                "is missing"},
        BadCase{"UnknownKind", "kind = \"ward\"", "kind = \"borough\"", "areas[0].kind",
                "use \"district\", \"ward\" or \"zone\""},
        BadCase{"DuplicateArea", "name = \"East\"", "name = \"west\"", "areas[1].name",
                "duplicate area name"},
        BadCase{"StarArea", "name = \"West\"", "name = \"*\"", "areas[0].name", "real name"},
        BadCase{"BoundaryOutsideBounds", "[-71, 43], [-72, 42.5]", "[-70, 43], [-72, 42.5]",
                "city.boundary", "reaches outside city.bounds"},
        BadCase{"RuleUnknownArea", "area = \"West\"", "area = \"Ward 9\"", "routing.rules[0].area",
                "unknown area \"Ward 9\""},
        BadCase{"RuleUnknownDepartment", "department = \"PWD-WEST\"", "department = \"PWD-W\"",
                "routing.rules[0].department", "unknown department \"PWD-W\""},
        BadCase{"RuleUnknownService", "service = \"POTHOLE\"\narea", "service = \"HOLE\"\narea",
                "routing.rules[0].service", "unknown service \"HOLE\""},
        BadCase{"RuleForAnEmergency", "service = \"POTHOLE\"\narea", "service = \"GAS\"\narea",
                "routing.rules[0].service", "would never apply"},
        BadCase{"RuleEmptyField", "area = \"West\"", "area = \" \"", "routing.rules[0].area",
                "must not be empty"},
        BadCase{"RuleUnknownKey", "department = \"PWD-WEST\"", "departmnt = \"PWD-WEST\"",
                "routing.rules[0].departmnt", "did you mean \"department\""},
        BadCase{"FallbackUnknown", "fallback_department = \"PWD\"",
                "fallback_department = \"NOPE\"", "routing.fallback_department",
                "unknown department"},
        BadCase{"ReopenInBusinessDays", "reopen_window = \"14 days\"",
                "reopen_window = \"14 business days\"", "workflow.reopen_window",
                "use minutes, hours or days"},
        BadCase{"ReopenGarbage", "reopen_window = \"14 days\"", "reopen_window = \"a fortnight\"",
                "workflow.reopen_window", "a fortnight"},
        BadCase{"UnknownState", "[\"waiting_resident\"]", "[\"waiting_for_godot\"]",
                "workflow.clock_stopping_states", "is not a state; open states: acknowledged"},
        BadCase{"ClosedState", "[\"waiting_resident\"]", "[\"fixed\"]",
                "workflow.clock_stopping_states", "is a closed state"},
        BadCase{"DueSoonBad", "due_soon = \"4 business hours\"", "due_soon = \"soonish\"",
                "workflow.due_soon", "soonish"},
        BadCase{"TransferNotBool", "transfer_restarts_clock = true",
                "transfer_restarts_clock = \"yes\"", "workflow.transfer_restarts_clock",
                "should be a boolean"},
        BadCase{"DueSoonEscalationWithoutThreshold", "due_soon = \"4 business hours\"", "",
                "escalations[1].when", "needs a threshold"},
        BadCase{"EscalationBadWhen", "when = \"overdue\"", "when = \"late\"", "escalations[0].when",
                "use \"overdue\" or \"due_soon\""},
        BadCase{"EscalationUnknownDepartment", "notify = \"PWD\"", "notify = \"PARKS\"",
                "escalations[0].notify", "neither a department code nor an e-mail"},
        BadCase{"EscalationBadEmail", "notify = \"boss@example.org\"", "notify = \"boss@\"",
                "escalations[1].notify", "not an e-mail address"},
        BadCase{"EscalationUnknownService", "service = \"POTHOLE\"\nnotify",
                "service = \"HOLE\"\nnotify", "escalations[1].service", "unknown service"},
        BadCase{"EscalationDuplicateName", "name = \"at risk\"", "name = \"Late\"",
                "escalations[1].name", "duplicate escalation name"}),
    [](const auto& p) { return std::string(p.param.name); });

// --- the demo city ------------------------------------------------------------------------------

class DemoCityRouting : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = LoadCityConfig(DemoCityToml(), "demo-city.toml");
    ASSERT_TRUE(r.ok()) << r.error().detail;
    city_ = *r;
  }
  std::shared_ptr<const City> city_;
};

TEST_F(DemoCityRouting, HasFourWardsABoundaryAndWorkflowSettings) {
  ASSERT_NE(city_->areas, nullptr);
  EXPECT_TRUE(city_->areas->has_boundary());
  std::vector<std::string> names;
  for (const Area& a : city_->areas->areas()) names.push_back(a.name);
  EXPECT_THAT(names, ElementsAre("Ward 1", "Ward 2", "Ward 3", "Ward 4"));
  EXPECT_NE(city_->FindDepartment("PWD-NORTH"), nullptr);
  EXPECT_EQ(city_->lifecycle.reopen_window, std::chrono::days(28));
  EXPECT_EQ(city_->due_soon.ToString(), "4 business hours");
  EXPECT_FALSE(city_->escalations.empty());
}

struct WardCase {
  const char* name;
  double lat, lon;
  const char* ward;
  const char* pothole_department;
};

class DemoWards : public DemoCityRouting, public ::testing::WithParamInterface<WardCase> {};

TEST_P(DemoWards, PotholesGoToTheYardOfTheirWard) {
  const WardCase& c = GetParam();
  auto r = Route(*city_, "POTHOLE", c.lat, c.lon);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_THAT(r->areas, ElementsAre(c.ward));
  EXPECT_EQ(r->department_code, c.pothole_department) << r->reason;
  EXPECT_EQ(Route(*city_, "GRAFFITI", c.lat, c.lon)->department_code, "PWD");
  EXPECT_EQ(Route(*city_, "GAS-ODOR", c.lat, c.lon)->department_code, "DISPATCH");
}

INSTANTIATE_TEST_SUITE_P(
    DemoCity, DemoWards,
    ::testing::Values(WardCase{"Ward1Charlestown", 42.3782, -71.0602, "Ward 1", "PWD-NORTH"},
                      WardCase{"Ward2Brighton", 42.3464, -71.1627, "Ward 2", "PWD"},
                      WardCase{"Ward3CityHall", 42.3601, -71.0589, "Ward 3", "PWD"},
                      WardCase{"Ward3OpenFixture", 42.35123, -71.06789, "Ward 3", "PWD"},
                      WardCase{"Ward4Mattapan", 42.2679, -71.0929, "Ward 4", "PWD"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST_F(DemoCityRouting, SidewalksInWardOneGoToTheNorthYard) {
  auto r = Route(*city_, "SIDEWALK", 42.385, -71.10);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->department_code, "PWD-NORTH");
  EXPECT_EQ(r->reason, "service SIDEWALK in area 'Ward 1' → PWD-NORTH (rule 2)");
}

TEST_F(DemoCityRouting, OnTheEdgeBetweenWardsOneAndThreeBothContainThePoint) {
  // (42.37, -71.09) is the vertex Wards 1, 2 and 3 share; (42.375, -71.035) is on the 1|3 edge.
  auto vertex = Route(*city_, "POTHOLE", 42.37, -71.09);
  ASSERT_TRUE(vertex.ok());
  EXPECT_THAT(vertex->areas, ElementsAre("Ward 1", "Ward 2", "Ward 3"));
  EXPECT_EQ(vertex->department_code, "PWD-NORTH");
  auto edge = Route(*city_, "POTHOLE", 42.375, -71.035);
  ASSERT_TRUE(edge.ok());
  EXPECT_THAT(edge->areas, ElementsAre("Ward 1", "Ward 3"));
  EXPECT_EQ(edge->department_code, "PWD-NORTH");
}

TEST_F(DemoCityRouting, OutsideTheCityIsRefused) {
  // Inside the bounds rectangle but beyond the boundary's cut north-east corner.
  auto corner = Route(*city_, "POTHOLE", 42.399, -70.981);
  ASSERT_FALSE(corner.ok());
  EXPECT_EQ(corner.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(corner.error().fields[0].field, "lat");
  EXPECT_EQ(corner.error().message, "the location 42.399, -70.981 is outside Demo City");
  auto new_york = Route(*city_, "POTHOLE", 40.7128, -74.0060);
  ASSERT_FALSE(new_york.ok());
  EXPECT_THAT(new_york.error().message, HasSubstr("is outside Demo City"));
}

}  // namespace
}  // namespace civic311
