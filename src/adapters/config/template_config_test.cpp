// [[response_templates]]: states, services, wording; every mistake located.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/config/city_config.hpp"
#include "adapters/config/config_test_support.hpp"

namespace civic311 {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Mistake;

constexpr std::string_view kSmallCity = R"(
[city]
name = "Templeton"
jurisdiction_id = "templeton.example"
timezone = "UTC"
contact = "Call 311"
bounds = { min_lat = 1.0, max_lat = 2.0, min_long = 1.0, max_long = 2.0 }

[[departments]]
code = "PWD"
name = "Public Works"

[[services]]
code = "POTHOLE"
name = "Pothole"
department = "PWD"

[[services]]
code = "GRAFFITI"
name = "Graffiti"
department = "PWD"
)";

Result<std::shared_ptr<const City>> Load(std::string_view templates) {
  return LoadCityConfig(std::string(kSmallCity) + std::string(templates), "tmpl.toml");
}

TEST(ResponseTemplateConfig, ReadsStatesServicesAndSpanish) {
  auto city = Load(R"(
[[response_templates]]
id = "pothole_fixed"
title = "Pothole filled"
state = "fixed"
services = ["POTHOLE"]
text = "Our crew filled this pothole. Thank you for reporting it."
text_es = "Nuestro equipo rellenó este bache. Gracias por informarnos."

[[response_templates]]
id = "thanks"
title = "Thank you"
state = "Note"
text = """
Thank you for your report.
"""

[[response_templates]]
id = "private-property"
title = "Private property"
state = "not_responsible"
services = ["*"]
text = "This is on private property."
)");
  ASSERT_TRUE(city.ok()) << city.error().detail;
  const auto& all = (*city)->response_templates;
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, "pothole_fixed");
  EXPECT_EQ(all[0].title, "Pothole filled");
  EXPECT_EQ(all[0].state, RequestState::kFixed);
  EXPECT_THAT(all[0].services, ElementsAre("POTHOLE"));
  EXPECT_TRUE(all[0].CoversService("POTHOLE"));
  EXPECT_FALSE(all[0].CoversService("GRAFFITI"));
  EXPECT_EQ(all[0].text_es, "Nuestro equipo rellenó este bache. Gracias por informarnos.");
  EXPECT_TRUE(all[1].IsNote());  // "note", in any letter case
  EXPECT_EQ(all[1].StateText(), "note");
  EXPECT_EQ(all[1].text, "Thank you for your report.");  // trimmed
  EXPECT_TRUE(all[1].text_es.empty());
  EXPECT_THAT(all[2].services, IsEmpty());  // "*": every service
  EXPECT_TRUE(all[2].CoversService("GRAFFITI"));
  EXPECT_EQ(FindResponseTemplate(all, "private-property"), &all[2]);
  EXPECT_EQ(FindResponseTemplate(all, "nope"), nullptr);
}

TEST(ResponseTemplateConfig, NoSectionMeansNoTemplates) {
  auto city = Load("");
  ASSERT_TRUE(city.ok()) << city.error().detail;
  EXPECT_THAT((*city)->response_templates, IsEmpty());
}

TEST(ResponseTemplateConfig, EveryMistakeIsReportedWithItsLocation) {
  auto city =
      Load(R"(
[[response_templates]]
id = "fixed"
title = "Fixed"
state = "fixd"
services = ["POTHOLE", "POTHOL", "POTHOLE", 7]
text = "Fixed."

[[response_templates]]
id = "fixed"
title = "Fixed again"
state = "submitted"
text = "   "

[[response_templates]]
id = "Bad Id"
title = "A title far too long to fit on any button in the staff screens, however wide it is"
state = "fixed"
services = []
txt = "Typo."

[[response_templates]]
id = "mixed"
state = "note"
services = ["*", "GRAFFITI"]
text = "Hello."
text_es = ""
)" +
           std::string("[[response_templates]]\nid = \"long\"\ntitle = \"Long\"\nstate = \"note\"\n"
                       "text = \"") +
           std::string(4001, 'x') + "\"\n");
  ASSERT_FALSE(city.ok());
  const auto& f = city.error().fields;
  SCOPED_TRACE(city.error().detail);
  EXPECT_THAT(f, Contains(Mistake("tmpl.toml:26:9 response_templates[0].state",
                                  "\"fixd\" is not a state; use one of: note, acknowledged")));
  EXPECT_THAT(f,
              Contains(Mistake("response_templates[0].services[1]", "unknown service \"POTHOL\"")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[0].services[2]", "listed twice")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[0].services[3]", "should be a string")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[1].id",
                                  "duplicate template id \"fixed\" "
                                  "(first used on line 24)")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[1].state", "no action moves a request")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[1].text", "must not be empty")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[2].id", "lower-case letters")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[2].title", "button label")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[2].services", "empty list")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[2].txt", "did you mean \"text\"")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[2].text", "is missing")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[3].title", "is missing")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[3].services", "\"*\" already means")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[3].text_es", "must not be empty")));
  EXPECT_THAT(f, Contains(Mistake("response_templates[4].text", "at most 4000")));
}

TEST(ResponseTemplateConfig, DemoCityHasTheCommonAnswers) {
  auto city = LoadCityConfig(DemoCityToml(), "demo-city.toml");
  ASSERT_TRUE(city.ok()) << city.error().detail;
  const auto& all = (*city)->response_templates;
  EXPECT_GE(all.size(), 6u);
  EXPECT_LE(all.size(), 10u);
  bool note = false;
  for (const ResponseTemplate& t : all) {
    note |= t.IsNote();
    EXPECT_FALSE(t.title.empty()) << t.id;
    EXPECT_FALSE(t.text.empty()) << t.id;
  }
  EXPECT_TRUE(note);
  for (const char* id : {"pothole_fixed", "graffiti_removed", "private_property",
                         "referred_to_utility", "need_more_info", "duplicate", "scheduled"}) {
    EXPECT_NE(FindResponseTemplate(all, id), nullptr) << id;
  }
}

}  // namespace
}  // namespace civic311
