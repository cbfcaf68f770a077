#include "adapters/config/city_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "adapters/config/config_test_support.hpp"
#include "base/time_format.hpp"

namespace civic311 {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using testing::Mistake;
using ::testing::SizeIs;
using ::testing::StartsWith;

// A small valid city; each rule test below breaks it in one place.
constexpr std::string_view kTestville = R"(
[city]
name = "Testville"
jurisdiction_id = "testville.example"
timezone = "America/New_York"
contact = "Call 311"

[city.bounds]
min_lat = 42.0
max_lat = 43.0
min_long = -72.0
max_long = -71.0

[[departments]]
code = "PWD"
name = "Public Works"
email = "pwd@example.org"

[[departments]]
code = "PD"
name = "Police Dispatch"
dispatch = true

[[services]]
code = "POTHOLE"
name = "Pothole"
department = "PWD"
sla = "2 business days"

  [[services.attributes]]
  code = "SIZE"
  datatype = "singlevaluelist"
  description = "How big?"
  values = [{ key = "S", name = "Small" }, { key = "L", name = "Large" }]
)";

// kTestville with `from` replaced by `to` (which must occur exactly once), plus `extra` appended.
std::string Testville(std::string_view from = {}, std::string_view to = {},
                      std::string_view extra = {}) {
  std::string text(kTestville);
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

Error LoadFails(const std::string& text) {
  auto r = LoadCityConfig(text, "t.toml");
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{} : r.error();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// --- the demo city -----------------------------------------------------------------------------

TEST(DemoCity, EmbeddedTomlIsTheFileInTheRepository) {
  EXPECT_EQ(DemoCityToml(), ReadFile(std::string(CIVIC311_SOURCE_DIR) + "/config/demo-city.toml"));
}

TEST(DemoCity, LoadsCleanly) {
  auto r = LoadCityConfig(DemoCityToml(), "demo-city.toml");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  const City& city = **r;
  EXPECT_EQ(city.name, "Demo City");
  EXPECT_EQ(city.dispatch_department, "DISPATCH");
  ASSERT_NE(city.calendar, nullptr);
  EXPECT_EQ(city.calendar->spec().timezone, "America/New_York");
  EXPECT_GE(city.services.size(), 25u);
  EXPECT_GE(city.departments.size(), 6u);
  std::set<std::string> groups, departments_used;
  std::set<AttributeDatatype> datatypes;
  bool informational = false, batch = false;
  for (const Service& s : city.services) {
    groups.insert(s.group);
    departments_used.insert(s.department_code);
    EXPECT_NE(city.FindDepartment(s.department_code), nullptr) << s.code;
    EXPECT_FALSE(s.keywords.empty()) << s.code;
    EXPECT_FALSE(s.description.empty()) << s.code;
    batch |= s.type == ServiceType::kBatch;
    for (const Attribute& a : s.attributes) {
      datatypes.insert(a.datatype);
      informational |= !a.variable;
    }
    if (s.emergency) {
      EXPECT_THAT(s.service_notice, HasSubstr("911")) << s.code;
    }
  }
  EXPECT_GE(groups.size(), 5u);
  EXPECT_GE(departments_used.size(), 6u);
  EXPECT_EQ(datatypes.size(), 6u);  // all six Open311 datatypes
  EXPECT_TRUE(informational);
  EXPECT_TRUE(batch);
  for (const char* code : {"POTHOLE",
                           "STREETLIGHT",
                           "GRAFFITI",
                           "ILLEGAL-DUMPING",
                           "MISSED-TRASH",
                           "MISSED-RECYCLING",
                           "SNOW-STREET",
                           "SNOW-SIDEWALK",
                           "NOISE",
                           "ODOR",
                           "DOG",
                           "ABANDONED-VEHICLE",
                           "TREE-DOWN",
                           "TRAFFIC-SIGNAL",
                           "SIDEWALK",
                           "WATER-LEAK",
                           "PARK-MAINTENANCE",
                           "INFO",
                           "KUDOS",
                           "ESPANOL",
                           "POWER-LINE",
                           "GAS-ODOR",
                           "BULK-PICKUP"}) {
    EXPECT_NE(city.FindService(code), nullptr) << code;
  }
  EXPECT_EQ(city.FindService("GAS-ODOR")->department_code, "DISPATCH");
  EXPECT_TRUE(city.FindService("POWER-LINE")->emergency);
  EXPECT_EQ(city.FindService("POTHOLE")->sla.ToString(), "2 business days");
  // A real Boston 2015 record (145-151 Ipswich St) lies inside the city.
  EXPECT_TRUE(city.bounds.Contains(42.3474, -71.0944));
  EXPECT_FALSE(city.bounds.Contains(40.7128, -74.0060));  // New York City
  // Thanksgiving is a holiday.
  EXPECT_FALSE(city.calendar->IsBusinessTime(*ParseW3cDatetime("2026-11-26T15:00:00Z")));
  EXPECT_TRUE(city.calendar->IsBusinessTime(*ParseW3cDatetime("2026-11-25T15:00:00Z")));
}

TEST(DocsExample, TheExampleInDocsConfigMdLoads) {
  const std::string doc = ReadFile(std::string(CIVIC311_SOURCE_DIR) + "/docs/config.md");
  const size_t begin = doc.find("```toml\n");
  ASSERT_NE(begin, std::string::npos);
  const size_t end = doc.find("```", begin + 8);
  ASSERT_NE(end, std::string::npos);
  auto city = LoadOk(doc.substr(begin + 8, end - begin - 8));
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->FindService("GAS-ODOR")->department_code, "DISPATCH");
}

// --- reporting --------------------------------------------------------------------------------

TEST(LoadCityConfig, ReportsEveryMistakeWithItsLocationInFileOrder) {
  const std::string broken = R"([city]
name = "Brokenville"
jurisdiction_id = "broken.example"
timezone = "Mars/Olympus_Mons"
contact = "311"
bounds = { min_lat = 43.0, max_lat = 42.0, min_long = -72.0, max_long = -71.0 }

[[departments]]
code = "PWD"
name = "Public Works"

[[services]]
code = "POTHOLE"
name = "Pothole"
department = "PWD"
sla = "2 bizness days"
emergency = true
groop = "Streets"
)";
  const Error e = LoadFails(broken);
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.message, "city config has 5 mistakes");
  ASSERT_THAT(e.fields, SizeIs(5));
  EXPECT_EQ(e.fields[0].field, "t.toml:4:12 city.timezone");
  EXPECT_THAT(e.fields[0].message, HasSubstr("Mars/Olympus_Mons"));
  EXPECT_THAT(e.fields[1].field, StartsWith("t.toml:6:"));
  EXPECT_THAT(e.fields[1].field, HasSubstr("city.bounds.max_lat"));
  EXPECT_EQ(e.fields[2].field, "t.toml:16:7 services[0].sla");
  EXPECT_THAT(e.fields[2].message, HasSubstr("2 bizness days"));
  EXPECT_EQ(e.fields[3].field, "t.toml:17:13 services[0].emergency");
  EXPECT_THAT(e.fields[3].message, HasSubstr("dispatch = true"));
  EXPECT_EQ(e.fields[4].field, "t.toml:18:1 services[0].groop");
  EXPECT_THAT(e.fields[4].message, HasSubstr("did you mean \"group\"?"));
  EXPECT_THAT(e.detail, HasSubstr("t.toml:16:7 services[0].sla: SLA \"2 bizness days\""));
}

TEST(LoadCityConfig, SyntaxErrorHasLineAndColumn) {
  const Error e = LoadFails("[city]\nname = \"Unterminated\n");
  EXPECT_EQ(e.message, "city config has 1 mistake");
  ASSERT_THAT(e.fields, SizeIs(1));
  EXPECT_THAT(e.fields[0].field, StartsWith("t.toml:2:"));
  EXPECT_THAT(e.fields[0].message, HasSubstr("TOML syntax error"));
}

TEST(LoadCityConfig, MissingRequiredSectionsAndKeys) {
  const Error e = LoadFails("");
  EXPECT_THAT(e.fields, Contains(Mistake("city", "is missing")));
  EXPECT_THAT(e.fields, Contains(Mistake("departments", "is missing")));
  EXPECT_THAT(e.fields, Contains(Mistake("services", "is missing")));
}

// --- one case per rule -------------------------------------------------------------------------

struct RuleCase {
  const char* name;
  const char* from;     // replaced in kTestville…
  const char* to;       // …by this
  const char* extra;    // appended
  const char* field;    // expected in the mistake's field
  const char* message;  // expected in its message
};

class Rule : public ::testing::TestWithParam<RuleCase> {};

TEST_P(Rule, IsReported) {
  const RuleCase& c = GetParam();
  const Error e = LoadFails(Testville(c.from, c.to, c.extra));
  EXPECT_THAT(e.fields, Contains(Mistake(c.field, c.message))) << e.detail;
}

constexpr const char* kPark = R"(
[[services]]
code = "PARK"
name = "Park"
department = "PWD"
)";

INSTANTIATE_TEST_SUITE_P(
    CityConfig, Rule,
    ::testing::Values(
        RuleCase{"UnknownKey", "sla =", "sal =", "", "services[0].sal", "did you mean \"sla\""},
        RuleCase{"UnknownSection", "", "", "[servics]\nx = 1\n", "servics", "unknown key"},
        RuleCase{"WrongType", "sla = \"2 business days\"", "emergency = \"yes\"", "",
                 "services[0].emergency", "should be a boolean"},
        RuleCase{"MissingKey", "name = \"Pothole\"", "", "", "services[0].name",
                 "is missing: add name"},
        RuleCase{"EmptyName", "name = \"Pothole\"", "name = \"  \"", "", "services[0].name",
                 "must not be empty"},
        RuleCase{"DuplicateDepartment", "", "", "[[departments]]\ncode = \"pwd\"\nname = \"X\"\n",
                 "departments[2].code", "duplicate department code \"pwd\""},
        RuleCase{"DuplicateService", "", "",
                 "[[services]]\ncode = \"Pothole\"\nname = \"P\"\n"
                 "department = \"PWD\"\n",
                 "services[1].code", "duplicate service code"},
        RuleCase{"DuplicateAttribute", "", "",
                 "  [[services.attributes]]\n  code = \"size\"\n  datatype = \"number\"\n"
                 "  description = \"d\"\n",
                 "services[0].attributes[1].code", "duplicate attribute code"},
        RuleCase{"UnknownDepartment", "department = \"PWD\"", "department = \"DPW\"", "",
                 "services[0].department", "unknown department \"DPW\": use the code of one of"},
        RuleCase{"ListWithoutValues",
                 "values = [{ key = \"S\", name = \"Small\" }, { key = \"L\", name = \"Large\" }]",
                 "", "", "services[0].attributes[0].datatype", "needs a list of choices"},
        RuleCase{"ListWithEmptyValues",
                 "values = [{ key = \"S\", name = \"Small\" }, { key = \"L\", name = \"Large\" }]",
                 "values = []", "", "services[0].attributes[0].values", "needs a list of choices"},
        RuleCase{"ValuesOnNonList", "\"singlevaluelist\"", "\"string\"", "",
                 "services[0].attributes[0].values", "only singlevaluelist and multivaluelist"},
        RuleCase{"DuplicateValueKey", "key = \"L\"", "key = \"s\"", "",
                 "services[0].attributes[0].values[1].key", "duplicate value key"},
        RuleCase{"ValueKeyCharset", "key = \"L\"", "key = \"L L\"", "",
                 "services[0].attributes[0].values[1].key", "not allowed"},
        RuleCase{"UnknownDatatype", "\"singlevaluelist\"", "\"list\"", "",
                 "services[0].attributes[0].datatype", "is not an Open311 datatype"},
        RuleCase{"BadSla", "\"2 business days\"", "\"2 fortnights\"", "", "services[0].sla",
                 "SLA \"2 fortnights\""},
        RuleCase{"UnknownServiceType", "sla =", "type = \"streaming\"\nsla =", "",
                 "services[0].type", "use \"realtime\", \"batch\" or \"blackbox\""},
        RuleCase{"UnknownTimezone", "America/New_York", "America/Gotham", "", "city.timezone",
                 "unknown time zone \"America/Gotham\""},
        RuleCase{"BoundsSwapped", "min_long = -72.0", "min_long = -70.0", "",
                 "city.bounds.max_long", "greater than min_long"},
        RuleCase{"LatitudeOutOfRange", "max_lat = 43.0", "max_lat = 143.0", "",
                 "city.bounds.max_lat", "between -90 and 90"},
        RuleCase{"MissingBounds", "[city.bounds]", "[city.limits]", "", "city.bounds",
                 "is missing"},
        RuleCase{"EmergencyNeedsDispatch", "dispatch = true", "",
                 "[[services]]\ncode = \"GAS\"\n"
                 "name = \"Gas\"\nemergency = true\n",
                 "services[1].emergency", "no department has dispatch = true"},
        RuleCase{"TwoDispatchDepartments", "", "",
                 "[[departments]]\ncode = \"FD\"\nname = \"Fire\"\ndispatch = true\n",
                 "departments[2].dispatch", "only one department can be the dispatch"},
        RuleCase{"ServiceCodeCharset", "code = \"POTHOLE\"", "code = \"POT/HOLE\"", "",
                 "services[0].code", "codes appear in URLs"},
        RuleCase{"AttributeCodeCharset", "code = \"SIZE\"", "code = \"SIZE?\"", "",
                 "services[0].attributes[0].code", "codes appear in URLs"},
        RuleCase{"DepartmentCodeCharset", "code = \"PD\"", "code = \"P D\"", "",
                 "departments[1].code", "codes appear in URLs"},
        RuleCase{"InformationalCannotBeRequired", "description = \"How big?\"",
                 "description = \"How big?\"\n  variable = false\n  required = true", "",
                 "services[0].attributes[0].required", "cannot be required"},
        RuleCase{"DuplicateOrder", "", "",
                 "  [[services.attributes]]\n  code = \"NOTE\"\n  datatype = \"text\"\n"
                 "  description = \"d\"\n  order = 1\n",
                 "services[0].attributes[1].order", "order 1 is already taken"},
        RuleCase{"BadEmail", "pwd@example.org", "pwd.example.org", "", "departments[0].email",
                 "is not an e-mail address"},
        RuleCase{"BadBaseUrl", "contact =", "base_url = \"311.example.org\"\ncontact =", "",
                 "city.base_url", "absolute http(s) URL"},
        RuleCase{"BadJurisdiction", "\"testville.example\"", "\"testville example\"", "",
                 "city.jurisdiction_id", "not allowed"},
        RuleCase{"BadHours", "", "", "[calendar]\nopens = \"17:00\"\ncloses = \"08:00\"\n",
                 "calendar.closes", "must close after they open"},
        RuleCase{"BadTimeOfDay", "", "", "[calendar]\nopens = \"8am\"\n", "calendar.opens",
                 "HH:MM"},
        RuleCase{"BadWorkday", "", "", "[calendar]\nworkdays = [\"mon\", \"funday\"]\n",
                 "calendar.workdays", "\"funday\" is not a day"},
        RuleCase{"BadHoliday", "", "", "[calendar]\nholidays = [2026-12-25, \"2026-02-30\"]\n",
                 "calendar.holidays[1]", "should be a date"},
        RuleCase{"BadRecurringHoliday", "", "",
                 "[calendar]\nrecurring_holidays = [\"12-25\", \"fourth thursday in november\"]\n",
                 "calendar.recurring_holidays[1]", "fourth thursday of november"},
        RuleCase{"UnknownCalendarKey", "", "", "[calendar]\nholiday = [2026-12-25]\n",
                 "calendar.holiday", "did you mean \"holidays\""},
        RuleCase{"KeywordsNotStrings", "sla =", "keywords = [\"hole\", 3]\nsla =", "",
                 "services[0].keywords[1]", "should be a string"},
        RuleCase{"MissingDepartmentOnNonEmergency", "department = \"PWD\"", "", "",
                 "services[0].department", "is missing"}),
    [](const ::testing::TestParamInfo<RuleCase>& rule) { return std::string(rule.param.name); });

TEST(LoadCityConfig, ServicesAsAPlainTableIsExplained) {
  const Error e = LoadFails(
      "[city]\nname=\"x\"\njurisdiction_id=\"x\"\ntimezone=\"UTC\"\ncontact=\"x\"\n"
      "bounds={min_lat=0,max_lat=1,min_long=0,max_long=1}\n"
      "[[departments]]\ncode=\"D\"\nname=\"D\"\n[services]\ncode=\"S\"\n");
  EXPECT_THAT(e.fields, Contains(Mistake("services", "double brackets")));
}

// --- what a valid config becomes -------------------------------------------------------------

TEST(LoadCityConfig, ValidAdditionsLoad) { EXPECT_NE(LoadOk(Testville("", "", kPark)), nullptr); }

TEST(LoadCityConfig, EmergencyWithoutNoticeGetsTheDefaultAndGoesToDispatch) {
  auto city = LoadOk(Testville("", "",
                               "[[services]]\ncode = \"GAS\"\nname = \"Gas\"\n"
                               "emergency = true\n"));
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->dispatch_department, "PD");
  const Service* gas = city->FindService("GAS");
  ASSERT_NE(gas, nullptr);
  EXPECT_EQ(gas->department_code, "PD");
  EXPECT_THAT(gas->service_notice, HasSubstr("Call 911 now"));
  EXPECT_TRUE(city->FindService("POTHOLE")->service_notice.empty());
}

TEST(LoadCityConfig, AttributesAreSortedByOrderThenFilePosition) {
  auto city =
      LoadOk(Testville("description = \"How big?\"", "description = \"How big?\"\n  order = 5",
                       "  [[services.attributes]]\n  code = \"FIRST\"\n"
                       "  datatype = \"text\"\n  description = \"d\"\n  order = 1\n"
                       "  [[services.attributes]]\n  code = \"THIRD\"\n"
                       "  datatype = \"number\"\n  description = \"d\"\n"));
  ASSERT_NE(city, nullptr);
  const auto& attributes = city->FindService("POTHOLE")->attributes;
  ASSERT_THAT(attributes, SizeIs(3));
  EXPECT_EQ(attributes[0].code, "FIRST");
  EXPECT_EQ(attributes[1].code, "THIRD");  // no order: its position, 3
  EXPECT_EQ(attributes[2].code, "SIZE");
  EXPECT_EQ(attributes[2].values[1].name, "Large");
}

TEST(LoadCityConfig, CalendarAcceptsTomlTimesDatesAndLongDayNames) {
  auto city = LoadOk(Testville(
      "", "",
      "[calendar]\nopens = 07:30:00\ncloses = \"24:00\"\nworkdays = [\"Tuesday\", \"sat\"]\n"
      "holidays = [2026-12-26, \"2027-01-02\"]\n"));
  ASSERT_NE(city, nullptr);
  const CalendarSpec& spec = city->calendar->spec();
  EXPECT_EQ(spec.open_minute, 7 * 60 + 30);
  EXPECT_EQ(spec.close_minute, 24 * 60);
  EXPECT_EQ(spec.workdays_mask, (1u << 2) | (1u << 6));
  EXPECT_THAT(spec.holidays, SizeIs(2));
  // Saturday 26 December 2026 is a holiday; Tuesday 29 December 07:30 EST is open.
  EXPECT_FALSE(city->calendar->IsBusinessTime(*ParseW3cDatetime("2026-12-26T15:00:00Z")));
  EXPECT_TRUE(city->calendar->IsBusinessTime(*ParseW3cDatetime("2026-12-29T12:30:00Z")));
}

TEST(LoadCityConfig, RecurringHolidaysComeBackEveryYear) {
  auto city = LoadOk(Testville(
      "", "", "[calendar]\nrecurring_holidays = [\"07-04\", \"fourth thursday of november\"]\n"));
  ASSERT_NE(city, nullptr);
  EXPECT_THAT(city->calendar->spec().recurring_holidays, SizeIs(2));
  // Thanksgiving 2031 (27 November) at noon in New York: closed; the Wednesday before: open.
  EXPECT_FALSE(city->calendar->IsBusinessTime(*ParseW3cDatetime("2031-11-27T17:00:00Z")));
  EXPECT_TRUE(city->calendar->IsBusinessTime(*ParseW3cDatetime("2031-11-26T17:00:00Z")));
  EXPECT_FALSE(city->calendar->IsBusinessTime(*ParseW3cDatetime("2030-07-04T16:00:00Z")));
}

TEST(LoadCityConfig, OptionalFieldsAndDefaults) {
  auto city =
      LoadOk(Testville("contact =", "base_url = \"https://311.testville.example/\"\ncontact ="));
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->base_url, "https://311.testville.example");
  const Service& s = *city->FindService("POTHOLE");
  EXPECT_EQ(s.type, ServiceType::kRealtime);
  EXPECT_FALSE(s.emergency);
  EXPECT_EQ(s.attributes[0].order, 1);
  EXPECT_TRUE(s.attributes[0].variable);
  EXPECT_FALSE(s.attributes[0].required);
  const CalendarSpec& spec = city->calendar->spec();  // no [calendar]: Mon–Fri 08:00–17:00
  EXPECT_EQ(spec.open_minute, 8 * 60);
  EXPECT_EQ(spec.close_minute, 17 * 60);
  EXPECT_EQ(spec.workdays_mask, 0b0111110u);
}

}  // namespace
}  // namespace civic311

// --- [branding] -------------------------------------------------------------------------------

namespace civic311 {
namespace {

TEST(Branding, OneSectionFeedsPagesAndMessages) {
  auto city =
      LoadOk(Testville({}, {},
                       "\n[branding]\nname = \"Testville 311\"\nlogo_url = \"/static/l.svg\"\n"
                       "primary_color = \"#112233\"\nreply_to = \"311@testville.example\"\n"
                       "[[branding.footer_links]]\nlabel = \"Privacy\"\nurl = \"/privacy\"\n"));
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->branding.name, "Testville 311");
  EXPECT_EQ(city->branding.logo_url, "/static/l.svg");
  EXPECT_EQ(city->branding.primary_color, "#112233");
  EXPECT_EQ(city->branding.accent_color, "#ffbf47");  // default
  EXPECT_EQ(city->branding.reply_to, "311@testville.example");
  ASSERT_EQ(city->branding.footer_links.size(), 1u);
  EXPECT_EQ(city->branding.footer_links[0].url, "/privacy");
}

TEST(Branding, DefaultsToTheCityNameAndReadsTheOlderPortalKeys) {
  auto city = LoadOk(Testville({}, {}, "\n[portal]\nprimary_color = \"#445566\"\n"));
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->branding.name, city->name);
  EXPECT_EQ(city->branding.primary_color, "#445566");
}

TEST(Branding, BadValuesAndAKeyInBothPlacesAreMistakes) {
  const Error e = LoadFails(Testville(
      {}, {},
      "\n[branding]\nprimary_color = \"red\"\nreply_to = \"Ann <a@b.example>\"\n"
      "logo_url = \"javascript:alert(1)\"\nname = \"two\\nlines\"\naccent_color = \"#000000\"\n"
      "[portal]\naccent_color = \"#ffffff\"\n"));
  EXPECT_THAT(e.fields, Contains(Mistake("branding.primary_color", "#rrggbb")));
  EXPECT_THAT(e.fields, Contains(Mistake("branding.reply_to", "one e-mail address")));
  EXPECT_THAT(e.fields, Contains(Mistake("branding.logo_url", "https URL")));
  EXPECT_THAT(e.fields, Contains(Mistake("branding.name", "one line")));
  EXPECT_THAT(e.fields, Contains(Mistake("portal.accent_color", "[branding] only")));
}

}  // namespace
}  // namespace civic311
