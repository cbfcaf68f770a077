#include "adapters/storage/sqlite/attributes_json.hpp"

#include <gtest/gtest.h>

namespace civic311::sqlite {
namespace {

TEST(AttributesJson, RoundTripsAwkwardText) {
  Attributes a = {{"SIZE", {"large"}},
                  {"MANY", {"a", "b", ""}},
                  {"NONE", {}},
                  {"quote\"back\\slash", {"tab\t nl\n cr\r ctl\x01 ünï 🚧"}}};
  std::string json = EncodeAttributes(a);
  EXPECT_EQ(DecodeAttributes(json), a) << json;
  EXPECT_EQ(EncodeAttributes({}), "{}");
  EXPECT_EQ(DecodeAttributes("{}"), Attributes{});
}

TEST(AttributesJson, AcceptsOtherValidSpellings) {
  auto a = DecodeAttributes(" { \"K\" : [ \"\\u00e9\\/\\ud83d\\ude80\" , \"x\" ] } ");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ((*a)["K"], (std::vector<std::string>{"é/🚀", "x"}));
}

TEST(AttributesJson, RejectsAnythingElse) {
  for (const char* bad :
       {"", "[]", "{", "{\"a\":\"b\"}", "{\"a\":[1]}", "{\"a\":[\"b\"]} x", "{\"a\":[\"b\",]}",
        "{\"a\":[\"\\ud83d\"]}", "{\"a\":[\"\\q\"]}", "{\"a\":[\"unterminated]}", "{a:[]}"}) {
    EXPECT_FALSE(DecodeAttributes(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace civic311::sqlite
