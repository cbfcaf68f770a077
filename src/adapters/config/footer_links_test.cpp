// The footer links' labels per language ([[branding.footer_links]] i18n.<lang>.label,
// docs/portal.md "Branding"): read, checked, and kept by every way the document is edited.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/config/city_config.hpp"
#include "adapters/config/config_document.hpp"
#include "adapters/config/config_test_support.hpp"

namespace civic311 {
namespace {

using ::testing::Contains;
using testing::LoadSmallCity;
using testing::Mistake;
using ::testing::SizeIs;

constexpr std::string_view kLinks = R"(
[[branding.footer_links]]
label = "City website"
url = "https://www.example.org/"
i18n.es.label = "Sitio web de la ciudad"
i18n.fr = { label = "Site de la ville" }

[[branding.footer_links]]
label = "Privacy"
url = "/privacy"
)";

TEST(FooterLinks, LabelsPerLanguageAreReadAndLocalized) {
  auto city = LoadSmallCity(kLinks, "links.toml");
  ASSERT_TRUE(city.ok()) << city.error().detail;
  const auto& links = (*city)->branding.footer_links;
  ASSERT_THAT(links, SizeIs(2));
  EXPECT_EQ(links[0].label, "City website");
  EXPECT_EQ(links[0].label_i18n.at("es"), "Sitio web de la ciudad");
  EXPECT_EQ(links[0].label_i18n.at("fr"), "Site de la ville");
  EXPECT_TRUE(links[1].label_i18n.empty());
  const City es = Localized(**city, "es");
  EXPECT_EQ(es.branding.footer_links[0].label, "Sitio web de la ciudad");
  EXPECT_EQ(es.branding.footer_links[1].label, "Privacy");  // none in Spanish: the default
}

TEST(FooterLinks, EveryMistakeInATranslationIsReported) {
  auto city = LoadSmallCity(R"(
[[branding.footer_links]]
label = "City website"
url = "https://www.example.org/"
i18n.es.label = "  "
i18n.ES.label = "Sitio"
i18n.fr.labl = "Site"
i18n.de = "Webseite"
)",
                            "links.toml");
  ASSERT_FALSE(city.ok());
  const auto& f = city.error().fields;
  EXPECT_THAT(f, Contains(Mistake("branding.footer_links[0].i18n.es.label", "")));
  EXPECT_THAT(f, Contains(Mistake("branding.footer_links[0].i18n.ES", "not a language code")));
  EXPECT_THAT(f, Contains(Mistake("branding.footer_links[0].i18n.fr.labl", "")));
  EXPECT_THAT(f, Contains(Mistake("branding.footer_links[0].i18n.fr.label", "")));  // missing
  EXPECT_THAT(f, Contains(Mistake("branding.footer_links[0].i18n.de", "table")));
  EXPECT_THAT(f, SizeIs(5));
}

TEST(FooterLinks, TheDemoCityHasThemInSpanish) {
  auto city = LoadCityConfig(DemoCityToml(), "demo-city.toml");
  ASSERT_TRUE(city.ok()) << city.error().detail;
  ASSERT_FALSE((*city)->branding.footer_links.empty());
  for (const Branding::Link& l : (*city)->branding.footer_links) {
    ASSERT_TRUE(l.label_i18n.contains("es")) << l.label;
    EXPECT_NE(l.label_i18n.at("es"), l.label);
  }
}

// The admin's form edits replace their own table only, and the canonical rewrite (used when the
// text is too unusual to edit in place) keeps the nested i18n tables: the labels survive both.
TEST(FooterLinks, FormEditsAndTheCanonicalRewriteKeepTheLabels) {
  const std::string demo(DemoCityToml());
  auto edited = config::PutTable(demo, "portal", "featured_services = [\"POTHOLE\"]\n");
  ASSERT_TRUE(edited.ok());
  auto canonical = config::Canonical(edited->doc);
  ASSERT_TRUE(canonical.ok());
  for (const std::string* doc : {&edited->doc, &*canonical}) {
    auto city = LoadCityConfig(*doc, "edited");
    ASSERT_TRUE(city.ok()) << city.error().detail;
    const City es = Localized(**city, "es");
    ASSERT_FALSE(es.branding.footer_links.empty());
    EXPECT_EQ(es.branding.footer_links[0].label, "Sitio web de la ciudad");
  }
  auto entries = config::ReadEntries(demo, "branding.footer_links");
  ASSERT_TRUE(entries.ok());
  ASSERT_FALSE(entries->empty());
  EXPECT_EQ((*entries)[0].at("i18n.es.label"), "Sitio web de la ciudad");
}

}  // namespace
}  // namespace civic311
