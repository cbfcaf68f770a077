#include "base/time_format.hpp"

#include <gtest/gtest.h>

namespace civic311 {
namespace {

TEST(TimeFormat, FormatsUtc) {
  auto t = ParseW3cDatetime("2026-11-23T17:35:53Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatUtc(*t), "2026-11-23T17:35:53Z");
}

TEST(TimeFormat, ParsesProfilesAndOffsets) {
  EXPECT_EQ(FormatUtc(*ParseW3cDatetime("2026-11-23")), "2026-11-23T00:00:00Z");
  EXPECT_EQ(FormatUtc(*ParseW3cDatetime("2026-11-23T10:00")), "2026-11-23T10:00:00Z");
  EXPECT_EQ(FormatUtc(*ParseW3cDatetime("2026-11-23T10:00:00-05:00")), "2026-11-23T15:00:00Z");
  EXPECT_EQ(FormatUtc(*ParseW3cDatetime("2026-11-23T10:00:00+0130")), "2026-11-23T08:30:00Z");
  EXPECT_EQ(FormatUtc(*ParseW3cDatetime("2012-05-22 23:57:23.97")), "2012-05-22T23:57:23Z");
}

TEST(TimeFormat, RejectsGarbage) {
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-02-30", "2026-11-23T25:00",
                          "2026-11-23X", "2026-11-23T10:00Z1", "2026-11-23T10:00:00+5"}) {
    EXPECT_FALSE(ParseW3cDatetime(bad)) << bad;
  }
}

}  // namespace
}  // namespace civic311
