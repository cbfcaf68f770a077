#include "base/totp.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "base/crypto.hpp"

namespace civic311 {
namespace {

using namespace std::chrono_literals;

class Totp : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(CryptoInit()); }
};

std::vector<std::uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

template <std::size_t N>
std::string Hex(const std::array<std::uint8_t, N>& a) {
  std::string out;
  char buf[3];
  for (auto b : a) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

Timestamp At(long long s) { return Timestamp(std::chrono::seconds(s)); }

TEST_F(Totp, Sha1MatchesFips180Vectors) {
  using totp_internal::Sha1;
  EXPECT_EQ(Hex(Sha1(Bytes(""))), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Hex(Sha1(Bytes("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(Hex(Sha1(Bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");  // 56 bytes: padding needs 2 blocks
  EXPECT_EQ(Hex(Sha1(std::vector<std::uint8_t>(1'000'000, 'a'))),
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST_F(Totp, HmacSha1MatchesRfc2202Vectors) {
  using totp_internal::HmacSha1;
  EXPECT_EQ(Hex(HmacSha1(std::vector<std::uint8_t>(20, 0x0b), Bytes("Hi There"))),
            "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(Hex(HmacSha1(Bytes("Jefe"), Bytes("what do ya want for nothing?"))),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(Hex(HmacSha1(std::vector<std::uint8_t>(80, 0xaa),
                         Bytes("Test Using Larger Than Block-Size Key - Hash Key First"))),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST_F(Totp, HotpMatchesRfc4226AppendixD) {
  const auto key = Bytes("12345678901234567890");
  const char* const want[] = {"755224", "287082", "359152", "969429", "338314",
                              "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t i = 0; i < 10; ++i) EXPECT_EQ(Hotp(key, i, 6), want[i]) << i;
}

TEST_F(Totp, TotpMatchesRfc6238AppendixB) {
  struct Vector {
    long long time;
    const char* sha1;
    const char* sha256;
    const char* sha512;
  };
  const Vector vectors[] = {
      {59, "94287082", "46119246", "90693936"},
      {1111111109, "07081804", "68084774", "25091201"},
      {1111111111, "14050471", "67062674", "99943326"},
      {1234567890, "89005924", "91819424", "93441116"},
      {2000000000, "69279037", "90698825", "38618901"},
      {20000000000, "65353130", "77737706", "47863826"},
  };
  // The RFC's seeds: the ASCII digits repeated to the hash's output length.
  const auto key1 = Bytes("12345678901234567890");
  const auto key256 = Bytes("12345678901234567890123456789012");
  const auto key512 = Bytes("1234567890123456789012345678901234567890123456789012345678901234");
  for (const auto& v : vectors) {
    TotpParams p;
    p.digits = 8;
    p.algorithm = TotpAlgorithm::kSha1;
    EXPECT_EQ(TotpCode(key1, At(v.time), p), v.sha1) << v.time;
    p.algorithm = TotpAlgorithm::kSha256;
    EXPECT_EQ(TotpCode(key256, At(v.time), p), v.sha256) << v.time;
    p.algorithm = TotpAlgorithm::kSha512;
    EXPECT_EQ(TotpCode(key512, At(v.time), p), v.sha512) << v.time;
  }
  EXPECT_EQ(TotpStep(At(1111111109)), 0x00000000023523ECLL);  // T as listed in the RFC
}

TEST_F(Totp, Base32MatchesRfc4648AndForgivesTyping) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "MY"},
      {"fo", "MZXQ"},
      {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI"},
  };
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(Base32Encode(Bytes(plain)), encoded);
    EXPECT_EQ(Base32Decode(encoded), Bytes(plain)) << encoded;
  }
  EXPECT_EQ(Base32Decode("mzxw 6ytb-oi======"), Bytes("foobar"));
  EXPECT_EQ(Base32Decode("MZXW1"), std::nullopt);  // '1' is not in the alphabet
  EXPECT_EQ(Base32Decode("MZX"), std::nullopt);    // 3 symbols cannot be whole bytes
  EXPECT_EQ(Base32Decode("M"), std::nullopt);
  auto secret = GenerateTotpSecret();
  EXPECT_EQ(secret.size(), 20u);
  EXPECT_EQ(Base32Decode(Base32Encode(secret)), secret);
  EXPECT_NE(GenerateTotpSecret(), secret);
}

TEST_F(Totp, VerifyAcceptsOneStepOfDriftEitherSide) {
  const auto key = Bytes("12345678901234567890");
  const Timestamp now = At(1'700'000'000);
  const std::int64_t step = TotpStep(now);
  for (int d : {-1, 0, 1}) {
    auto r = VerifyTotp(key, TotpCode(key, now + d * 30s), now, std::nullopt);
    ASSERT_TRUE(r.ok()) << d;
    EXPECT_EQ(*r, step + d);
  }
  for (int d : {-2, 2}) {
    auto r = VerifyTotp(key, TotpCode(key, now + d * 30s), now, std::nullopt);
    ASSERT_FALSE(r.ok()) << d;
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(r.error().message, "invalid code");
  }
  // Spaces are fine ("123 456"), anything else is not.
  std::string code = TotpCode(key, now);
  EXPECT_TRUE(VerifyTotp(key, code.substr(0, 3) + " " + code.substr(3), now, std::nullopt).ok());
  EXPECT_FALSE(VerifyTotp(key, code + "0", now, std::nullopt).ok());
  EXPECT_FALSE(VerifyTotp(key, "12345a", now, std::nullopt).ok());
  EXPECT_FALSE(VerifyTotp(key, "", now, std::nullopt).ok());
  EXPECT_FALSE(VerifyTotp({}, code, now, std::nullopt).ok());
}

TEST_F(Totp, EachCodeWorksOnce) {
  const auto key = Bytes("12345678901234567890");
  const Timestamp now = At(1'700'000'000);
  const std::string code = TotpCode(key, now);
  auto first = VerifyTotp(key, code, now, std::nullopt);
  ASSERT_TRUE(first.ok());
  auto again = VerifyTotp(key, code, now + 5s, *first);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, "invalid code");
  EXPECT_EQ(again.error().detail, "code already used");
  // An older code, still inside the window, is refused too once a newer one was used.
  EXPECT_FALSE(VerifyTotp(key, TotpCode(key, now - 30s), now, *first).ok());
  // The next step's code is fine.
  EXPECT_TRUE(VerifyTotp(key, TotpCode(key, now + 30s), now + 30s, *first).ok());
}

TEST_F(Totp, OtpauthUri) {
  const auto secret = Bytes("12345678901234567890");
  EXPECT_EQ(OtpauthUri("Demo City 311", "ann@city.example", secret),
            "otpauth://totp/Demo%20City%20311:ann%40city.example"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Demo%20City%20311"
            "&algorithm=SHA1&digits=6&period=30");
  TotpParams p;
  p.algorithm = TotpAlgorithm::kSha256;
  p.digits = 8;
  EXPECT_EQ(OtpauthUri("", "a:b", secret, p),
            "otpauth://totp/a%3Ab?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&algorithm=SHA256&digits=8&period=30");
}

}  // namespace
}  // namespace civic311
