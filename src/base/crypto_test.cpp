// HmacSha256Hex against the RFC 4231 test vectors (section 4), including a key longer than the
// SHA-256 block size.
#include "base/crypto.hpp"

#include <gtest/gtest.h>

#include <string>

namespace civic311 {
namespace {

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(CryptoInit()); }
};

TEST_F(CryptoTest, HmacSha256Rfc4231Case1) {
  EXPECT_EQ(HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST_F(CryptoTest, HmacSha256Rfc4231Case2ShortKey) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_F(CryptoTest, HmacSha256Rfc4231Case6KeyLongerThanBlock) {
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_F(CryptoTest, HmacDependsOnKeyAndMessage) {
  EXPECT_NE(HmacSha256Hex("k1", "m"), HmacSha256Hex("k2", "m"));
  EXPECT_NE(HmacSha256Hex("k", "m1"), HmacSha256Hex("k", "m2"));
}

}  // namespace
}  // namespace civic311
