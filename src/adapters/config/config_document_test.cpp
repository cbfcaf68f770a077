#include "adapters/config/config_document.hpp"

#include <gtest/gtest.h>

#include "adapters/config/city_config.hpp"

namespace civic311::config {
namespace {

const std::string kNewService = R"(code = "BENCH"
name = "Broken bench"
department = "PRK"
sla = "5 business days"

[[attributes]]
code = "DAMAGE"
datatype = "singlevaluelist"
description = "What is broken?"
required = true
values = [{ key = "SEAT", name = "The seat" }, { key = "LEGS", name = "The legs" }]
)";

TEST(ConfigDocument, AppendingAServiceKeepsEveryCommentAndLoads) {
  const std::string demo(DemoCityToml());
  auto edited = PutEntry(demo, "services", std::nullopt, kNewService);
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_FALSE(edited->rewritten);
  // Everything the operator wrote is still there, byte for byte, before the new entry.
  EXPECT_EQ(edited->doc.find(demo.substr(0, demo.size() / 2)), 0u);
  auto city = LoadCityConfig(edited->doc, "edited");
  ASSERT_TRUE(city.ok()) << city.error().detail;
  const Service* bench = (*city)->FindService("BENCH");
  ASSERT_NE(bench, nullptr);
  ASSERT_EQ(bench->attributes.size(), 1u);
  EXPECT_TRUE(bench->attributes[0].required);
  EXPECT_EQ(bench->attributes[0].values[1].name, "The legs");
  EXPECT_EQ(edited->path, "services[" + std::to_string((*city)->services.size() - 1) + "]");
}

TEST(ConfigDocument, ReplacingAnEntryChangesOnlyItsLines) {
  const std::string demo(DemoCityToml());
  auto entries = ReadEntries(demo, "services");
  ASSERT_TRUE(entries.ok());
  ASSERT_GT(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].at("code"), "POTHOLE");
  auto edited = PutEntry(demo, "services", 0, kNewService);
  ASSERT_TRUE(edited.ok());
  EXPECT_FALSE(edited->rewritten);
  EXPECT_EQ(edited->path, "services[0]");
  auto after = ReadEntries(edited->doc, "services");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), entries->size());
  EXPECT_EQ((*after)[0].at("code"), "BENCH");
  EXPECT_EQ((*after)[0].at("attributes[0].values"), "SEAT = The seat\nLEGS = The legs\n");
  EXPECT_EQ((*after)[1], (*entries)[1]);
  // The demo file's first comment line survives.
  EXPECT_EQ(edited->doc.substr(0, 20), demo.substr(0, 20));
}

TEST(ConfigDocument, RemovingAnEntry) {
  const std::string demo(DemoCityToml());
  auto before = ReadEntries(demo, "routing.rules");
  ASSERT_TRUE(before.ok());
  ASSERT_FALSE(before->empty());
  auto edited = RemoveEntry(demo, "routing.rules", 0);
  ASSERT_TRUE(edited.ok());
  auto after = ReadEntries(edited->doc, "routing.rules");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), before->size() - 1);
  EXPECT_TRUE(LoadCityConfig(edited->doc, "edited").ok());
  EXPECT_FALSE(RemoveEntry(demo, "routing.rules", 999).ok());
}

TEST(ConfigDocument, ReplacingATableWithSubTables) {
  const std::string demo(DemoCityToml());
  auto edited = PutTable(demo, "calendar",
                         "opens = \"07:00\"\ncloses = \"16:00\"\n"
                         "recurring_holidays = [\"12-25\", \"fourth thursday of november\"]\n");
  ASSERT_TRUE(edited.ok());
  auto city = LoadCityConfig(edited->doc, "edited");
  ASSERT_TRUE(city.ok()) << city.error().detail;
  EXPECT_EQ((*city)->calendar->spec().open_minute, 7 * 60);
  EXPECT_EQ((*city)->calendar->spec().recurring_holidays.size(), 2u);
  auto table = ReadTable(edited->doc, "calendar");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->at("recurring_holidays"), "12-25, fourth thursday of november");
}

TEST(ConfigDocument, PuttingSomeKeysKeepsTheTablesOthers) {
  const std::string demo(DemoCityToml());
  // The branding form owns the look's keys; the footer links (sub-tables) and reply_to stay.
  auto edited = PutTableKeys(demo, "branding", "primary_color = \"#123456\"\n",
                             {"logo_url", "primary_color", "accent_color"});
  ASSERT_TRUE(edited.ok()) << edited.error().detail;
  auto city = LoadCityConfig(edited->doc, "edited");
  ASSERT_TRUE(city.ok()) << city.error().detail;
  EXPECT_EQ((*city)->branding.primary_color, "#123456");
  EXPECT_FALSE((*city)->branding.footer_links.empty());
  EXPECT_EQ(edited->doc.find("#ffbf47"), std::string::npos) << "an owned key left empty goes";
  EXPECT_NE(edited->doc.find("reply_to"), std::string::npos);
}

TEST(ConfigDocument, AnInlineArrayIsWrittenOutAnew) {
  const std::string doc = "services = [{ code = \"A\", name = \"A\" }]\n\n[city]\nname = \"x\"\n";
  auto edited = PutEntry(doc, "services", 0, "code = \"B\"\nname = \"B\"\n");
  ASSERT_TRUE(edited.ok());
  EXPECT_TRUE(edited->rewritten);
  auto after = ReadEntries(edited->doc, "services");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)[0].at("code"), "B");
}

TEST(ConfigDocument, QuotedTextRoundTrips) {
  const std::string tricky = "He said \"no\"\\ then\nleft\t";
  auto edited = PutTable("", "portal", "tile_attribution = " + Quote(tricky) + "\n");
  ASSERT_TRUE(edited.ok());
  auto t = ReadTable(edited->doc, "portal");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->at("tile_attribution"), tricky);
}

TEST(ConfigDocument, BadTomlIsRefused) {
  EXPECT_FALSE(PutEntry("[city", "services", std::nullopt, "code = \"A\"").ok());
  EXPECT_FALSE(PutEntry("", "services", std::nullopt, "code = ").ok());
}

TEST(ConfigDocument, CanonicalFormLoadsTheSameCity) {
  auto canonical = Canonical(DemoCityToml());
  ASSERT_TRUE(canonical.ok());
  auto a = LoadCityConfig(DemoCityToml(), "demo");
  auto b = LoadCityConfig(*canonical, "canonical");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok()) << b.error().detail;
  EXPECT_EQ((*a)->services.size(), (*b)->services.size());
}

}  // namespace
}  // namespace civic311::config
