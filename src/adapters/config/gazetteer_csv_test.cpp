#include "adapters/config/gazetteer_csv.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "adapters/demo/demo_data.hpp"

namespace civic311 {
namespace {

TEST(GazetteerCsv, ParsesColumnsInAnyOrderWithQuotes) {
  auto r = ParseGazetteerCsv(
      "lat,lon,kind,number,street,cross_street,postcode,area\r\n"
      "42.3474,-71.0944,address,145-151,Ipswich St,,02215,\"Fenway / Kenmore, \"\"Audubon\"\"\"\r\n"
      "\n"
      "42.3452,-71.0954,intersection,,Boylston St,Ipswich St,,\r\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].number, "145-151");
  EXPECT_EQ((*r)[0].area, "Fenway / Kenmore, \"Audubon\"");
  EXPECT_DOUBLE_EQ((*r)[0].lon, -71.0944);
  EXPECT_EQ((*r)[1].kind, PlaceKind::kIntersection);
  EXPECT_EQ((*r)[1].cross_street, "Ipswich St");
}

TEST(GazetteerCsv, ErrorsNameTheLine) {
  auto expect_error = [](std::string_view text, std::string_view want) {
    auto r = ParseGazetteerCsv(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.error().message.find(want), std::string::npos) << r.error().message;
  };
  expect_error("kind,street,lat\n", "no 'lon' column");
  expect_error("kind,street,lat,lon,colour\n", "unknown column 'colour'");
  expect_error("kind,street,lat,lon\naddress,Main St,1,2\n", "line 2: an address needs a number");
  expect_error("kind,street,lat,lon\nstreet,Main St,north,2\n", "line 2: lat is not a number");
  expect_error("kind,street,lat,lon\nstreet,Main St,1\n", "line 2: 3 fields");
  expect_error("kind,street,lat,lon\nhouse,Main St,1,2\n", "line 2: kind must be");
  expect_error("kind,street,lat,lon\nstreet,\"Main St,1,2\n", "not closed");
  expect_error("kind,street,lat,lon\nstreet,Main \xff,1,2\n", "not UTF-8");
}

TEST(GazetteerCsv, GzipIsRecognisedByItsBytes) {
  EXPECT_EQ(*MaybeGunzip("plain"), "plain");
  EXPECT_FALSE(MaybeGunzip(std::string("\x1f\x8b garbage", 10)).ok());
}

// The demo city's gazetteer, as built into the binary, is a valid file of real size.
TEST(GazetteerCsv, DemoGazetteerParses) {
  auto text = MaybeGunzip(DemoGazetteerCsvGz());
  ASSERT_TRUE(text.ok());
  auto r = ParseGazetteerCsv(*text);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_GT(r->size(), 40'000u);
}

}  // namespace
}  // namespace civic311
