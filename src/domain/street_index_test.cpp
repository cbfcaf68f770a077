#include "domain/street_index.hpp"

#include <gtest/gtest.h>

#include "domain/address_text.hpp"

namespace civic311 {
namespace {

class StreetIndexTest : public ::testing::Test {
 protected:
  StreetIndex index_{{
      {1, NormalizedAddress("Ipswich St"), 10},
      {2, NormalizedAddress("Ipswich St Ext"), 1},
      {3, NormalizedAddress("Washington St"), 500},
      {4, NormalizedAddress("Washington Ave"), 20},
      {5, NormalizedAddress("Massachusetts Ave"), 300},
      {6, NormalizedAddress("E Seventh St"), 30},
      {7, NormalizedAddress("Main St"), 40},
  }};

  std::int64_t Best(std::string_view query, bool prefix = false) {
    auto m = index_.Find(AddressWords(query), prefix, 3);
    return m.empty() ? 0 : m.front().id;
  }
};

TEST_F(StreetIndexTest, ExactBeatsLongerStreet) { EXPECT_EQ(Best("ipswich st"), 1); }

TEST_F(StreetIndexTest, ForgivesTypos) {
  EXPECT_EQ(Best("ipswitch st"), 1);
  EXPECT_EQ(Best("washingotn st"), 3);
  EXPECT_EQ(Best("massachusets avenue"), 5);
}

TEST_F(StreetIndexTest, PrefixWhileTyping) {
  EXPECT_EQ(Best("ipsw", true), 1);
  EXPECT_EQ(Best("mass ave"), 5);  // a shortened first word
  EXPECT_EQ(Best("washington a", true), 4);
}

TEST_F(StreetIndexTest, SpellingsOfTypesAndOrdinals) {
  EXPECT_EQ(Best("east seventh street"), 6);
  EXPECT_EQ(Best("E 7th St"), 6);
}

TEST_F(StreetIndexTest, ShortWordsAloneMatchNothing) {
  EXPECT_TRUE(index_.Find(AddressWords("st"), true, 5).empty());
  EXPECT_TRUE(index_.Find(AddressWords("zzzzzz"), true, 5).empty());
  EXPECT_TRUE(index_.Find({}, true, 5).empty());
}

TEST_F(StreetIndexTest, ExtraWordsCostButStillFind) {
  auto m = index_.Find(AddressWords("main st boston"), false, 3);
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m.front().id, 7);
  EXPECT_GT(m.front().cost, 0.9);
}

TEST_F(StreetIndexTest, TiesGoToTheBusierStreet) {
  auto m = index_.Find(AddressWords("washington"), false, 2);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].id, 3);
  EXPECT_EQ(m[1].id, 4);
}

}  // namespace
}  // namespace civic311
