#include "domain/address_text.hpp"

#include <gtest/gtest.h>

namespace civic311 {
namespace {

using Words = std::vector<std::string>;

TEST(AddressWords, FoldsCaseAccentsPunctuationAndAbbreviations) {
  EXPECT_EQ(AddressWords("145-151 Ipswich Street, Boston MA"),
            (Words{"145-151", "ipswich", "st", "boston", "ma"}));
  EXPECT_EQ(AddressWords("  12 Avenue Louis-Pasteur. "), (Words{"12", "ave", "louis", "pasteur"}));
  EXPECT_EQ(AddressWords("Calle Peñalosa & O'Brien Hwy"),
            (Words{"calle", "penalosa", "&", "obrien", "hwy"}));
  EXPECT_EQ(AddressWords("CAFÉ ÉCOLE"), (Words{"cafe", "ecole"}));
  EXPECT_EQ(AddressWords("733 East Seventh St"), (Words{"733", "e", "7th", "st"}));
  EXPECT_EQ(NormalizedAddress("Ipswich  Street"), NormalizedAddress("IPSWICH ST."));
}

TEST(AddressWords, MalformedUtf8SeparatesWords) {
  EXPECT_EQ(AddressWords("main\xff st"), (Words{"main", "st"}));
  EXPECT_TRUE(AddressWords("").empty());
  EXPECT_TRUE(AddressWords(" ,.;").empty());
}

TEST(HouseNumber, SinglesRangesAndLetters) {
  auto h = ParseHouseNumber("145-151");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->from, 145);
  EXPECT_EQ(h->to, 151);
  EXPECT_EQ(ParseHouseNumber("28a")->to, 28);
  EXPECT_EQ(ParseHouseNumber("30-28")->to, 30);  // a reversed range is read as its start
  EXPECT_FALSE(ParseHouseNumber("a28"));
  EXPECT_FALSE(ParseHouseNumber(""));
}

TEST(EditDistance, SmallDistancesAndEarlyExit) {
  EXPECT_EQ(EditDistanceAtMost("ipswitch", "ipswich", 2), 1u);
  EXPECT_EQ(EditDistanceAtMost("ipswich", "ipswich", 1), 0u);
  EXPECT_EQ(EditDistanceAtMost("bostno", "boston", 1), 1u);  // a transposition counts once
  EXPECT_EQ(EditDistanceAtMost("washington", "wash", 2), 3u);
  EXPECT_EQ(EditDistanceAtMost("abcd", "wxyz", 1), 2u);
  EXPECT_EQ(EditDistanceAtMost("", "ab", 2), 2u);
}

}  // namespace
}  // namespace civic311
