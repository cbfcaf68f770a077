// Which language the catalogue answers speak: locale, then Accept-Language against the city's
// translations (docs/open311.md, "Languages").
#include "adapters/open311/catalogue_language.hpp"

#include <gtest/gtest.h>

namespace civic311::open311 {
namespace {

City SpanishCity() {
  City city;
  Service pothole;
  pothole.code = "POTHOLE";
  pothole.name = "Pothole";
  pothole.i18n["es"].name = "Bache";
  city.services.push_back(pothole);
  return city;
}

http::Request Req(std::string locale, std::string accept) {
  http::Request r;
  if (!locale.empty()) r.query.push_back({"locale", locale});
  if (!accept.empty()) r.headers.push_back({"accept-language", accept});
  return r;
}

TEST(LanguageRanges, OrderedByQualityKeepingTiesAndDroppingZeroAndStar) {
  EXPECT_EQ(LanguageRanges("fr;q=0.5, ES-mx , *, de;q=0, en;q=0.5"),
            (std::vector<std::string>{"es-mx", "fr", "en"}));
  EXPECT_TRUE(LanguageRanges("").empty());
}

TEST(PrimaryLanguage, KeepsTwoOrThreeLetters) {
  EXPECT_EQ(PrimaryLanguage("es-MX"), "es");
  EXPECT_EQ(PrimaryLanguage("ES_mx"), "es");
  EXPECT_EQ(PrimaryLanguage("haw"), "haw");
  EXPECT_EQ(PrimaryLanguage("e"), "");
  EXPECT_EQ(PrimaryLanguage("e1"), "");
  EXPECT_EQ(PrimaryLanguage("<script>"), "");
}

TEST(CatalogueLanguage, LocaleFirstThenAcceptLanguage) {
  const City city = SpanishCity();
  EXPECT_EQ(CatalogueLanguage(Req("es-MX", ""), city), "es");
  EXPECT_EQ(CatalogueLanguage(Req("de", "es"), city), "") << "an explicit locale wins";
  EXPECT_EQ(CatalogueLanguage(Req("", "fr, es;q=0.8"), city), "es");
  EXPECT_EQ(CatalogueLanguage(Req("", "en, es;q=0.8"), city), "") << "English is its own words";
  EXPECT_EQ(CatalogueLanguage(Req("", "fr"), city), "");
  EXPECT_EQ(CatalogueLanguage(Req("", ""), city), "");
  EXPECT_EQ(CatalogueLanguage(Req("es", ""), City{}), "") << "a city without translations";
}

}  // namespace
}  // namespace civic311::open311
