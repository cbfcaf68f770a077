#include "domain/city.hpp"

#include <gtest/gtest.h>

namespace civic311 {
namespace {

City TwoServiceCity() {
  City city;
  city.departments = {{"PWD", "Public Works", "pwd@example.org", false},
                      {"DISPATCH", "Police Dispatch", "dispatch@example.org", true}};
  city.dispatch_department = "DISPATCH";
  Service pothole;
  pothole.code = "POTHOLE";
  pothole.department_code = "PWD";
  Attribute size;
  size.code = "SIZE";
  pothole.attributes.push_back(size);
  Service gas;
  gas.code = "GAS-ODOR";
  gas.emergency = true;
  gas.department_code = "DISPATCH";
  city.services = {pothole, gas};
  return city;
}

TEST(City, FindsServicesAndDepartmentsByExactCode) {
  const City city = TwoServiceCity();
  ASSERT_NE(city.FindService("POTHOLE"), nullptr);
  EXPECT_EQ(city.FindService("GAS-ODOR")->department_code, "DISPATCH");
  EXPECT_EQ(city.FindService("pothole"), nullptr);  // codes are case-sensitive on the wire
  EXPECT_EQ(city.FindService(""), nullptr);
  ASSERT_NE(city.FindDepartment("PWD"), nullptr);
  EXPECT_EQ(city.FindDepartment("PWD")->name, "Public Works");
  EXPECT_TRUE(city.FindDepartment(*city.dispatch_department)->dispatch);
  EXPECT_EQ(city.FindDepartment("NOPE"), nullptr);
}

TEST(City, ServiceMetadataMeansItHasAttributes) {
  const City city = TwoServiceCity();
  EXPECT_TRUE(city.FindService("POTHOLE")->metadata());
  EXPECT_NE(city.FindService("POTHOLE")->FindAttribute("SIZE"), nullptr);
  EXPECT_EQ(city.FindService("POTHOLE")->FindAttribute("COLOUR"), nullptr);
  EXPECT_FALSE(city.FindService("GAS-ODOR")->metadata());
}

TEST(CityBounds, ContainsIsInclusiveOnEveryEdge) {
  City::Bounds b{42.22, -71.20, 42.40, -70.98};
  EXPECT_TRUE(b.Contains(42.3603, -71.0580));  // Boston City Hall
  EXPECT_TRUE(b.Contains(42.22, -71.20));
  EXPECT_TRUE(b.Contains(42.40, -70.98));
  EXPECT_FALSE(b.Contains(42.41, -71.0));
  EXPECT_FALSE(b.Contains(42.3, -70.97));
  EXPECT_FALSE(b.Contains(40.7128, -74.0060));  // New York
}

TEST(CityBounds, DefaultIsTheWholeWorld) {
  const City::Bounds b;
  EXPECT_TRUE(b.Contains(-90, -180));
  EXPECT_TRUE(b.Contains(90, 180));
  EXPECT_TRUE(b.Contains(0, 0));
}

TEST(City, LocalizedFooterLinksUseTheLanguagesLabelElseTheDefault) {
  City city = TwoServiceCity();
  city.branding.footer_links = {{"City website", "https://www.example.org/", {{"es", "Sitio web"}}},
                                {"Open311 API", "/open311/discovery.json", {}}};
  const City es = Localized(city, "es");
  ASSERT_EQ(es.branding.footer_links.size(), 2u);
  EXPECT_EQ(es.branding.footer_links[0].label, "Sitio web");
  EXPECT_EQ(es.branding.footer_links[0].url, "https://www.example.org/");
  EXPECT_EQ(es.branding.footer_links[1].label, "Open311 API");  // none in Spanish: the default
  EXPECT_EQ(Localized(city, "fr").branding.footer_links[0].label, "City website");
  EXPECT_EQ(Localized(city, "en").branding.footer_links[0].label, "City website");
}

}  // namespace
}  // namespace civic311
