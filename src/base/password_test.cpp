#include "base/password.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>

#include "base/crypto.hpp"

namespace civic311 {
namespace {

class Password : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(CryptoInit()); }
};

std::string FieldOf(const Status& s) {
  return s.ok() || s.error().fields.empty() ? "" : s.error().fields[0].field;
}

TEST_F(Password, PolicyAcceptsLongEnoughPasswords) {
  EXPECT_TRUE(CheckPasswordPolicy("correct horse battery staple").ok());
  EXPECT_TRUE(CheckPasswordPolicy("0123456789").ok());
  EXPECT_TRUE(CheckPasswordPolicy("pässwörter").ok());  // 10 characters, 12 bytes
  EXPECT_TRUE(CheckPasswordPolicy(std::string(255, 'a') + "b").ok());
}

TEST_F(Password, PolicyRejectsWeakPasswords) {
  auto short_pw = CheckPasswordPolicy("123456789");
  ASSERT_FALSE(short_pw.ok());
  EXPECT_EQ(short_pw.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(short_pw), "password");
  EXPECT_EQ(short_pw.error().message, "the password must have at least 10 characters");
  // Characters, not bytes: 9 characters in 13 bytes is still too short.
  EXPECT_FALSE(CheckPasswordPolicy("äöüäöüäöx").ok());
  EXPECT_FALSE(CheckPasswordPolicy(std::string(257, 'a')).ok());
  EXPECT_FALSE(CheckPasswordPolicy(std::string(200, 'x') + std::string(57, 'y')).ok());
  EXPECT_FALSE(CheckPasswordPolicy("aaaaaaaaaaaa").ok());
  EXPECT_FALSE(CheckPasswordPolicy("éééééééééééé").ok());    // one (two-byte) character repeated
  EXPECT_FALSE(CheckPasswordPolicy("abcdefghij\xff").ok());  // not UTF-8
  EXPECT_FALSE(CheckPasswordPolicy("abcdefghij\xc3").ok());  // truncated sequence
  EXPECT_FALSE(CheckPasswordPolicy("abcdefghij\xc0\xaf").ok());      // overlong '/'
  EXPECT_FALSE(CheckPasswordPolicy("abcdefghij\xed\xa0\x80").ok());  // a UTF-16 surrogate
  auto same_as_email = CheckPasswordPolicy("Ann@City.example", {"", "ann@city.example"});
  ASSERT_FALSE(same_as_email.ok());
  EXPECT_EQ(FieldOf(same_as_email), "password");
}

TEST_F(Password, AlsoTheMostCommonPasswordsAreRefused) {
  // Issue 7 ("Also"): NIST SP 800-63B asks to refuse commonly used passwords.
  for (const char* pw : {"qwertyuiop", "QWERTYUIOP", "1234567890", "password123", "1q2w3e4r5t"}) {
    auto s = CheckPasswordPolicy(pw);
    ASSERT_FALSE(s.ok()) << pw;
    EXPECT_EQ(FieldOf(s), "password");
  }
  EXPECT_TRUE(IsCommonPassword("123456"));
  EXPECT_FALSE(IsCommonPassword("correct horse battery"));
  EXPECT_TRUE(CheckPasswordPolicy("correct horse battery").ok());
  // The embedded list is the whole file: 10,000 lines, most common first.
  std::string_view list = CommonPasswordList();
  EXPECT_EQ(std::count(list.begin(), list.end(), '\n'), 10000);
  EXPECT_EQ(list.substr(0, 7), "123456\n");
}

TEST_F(Password, HashThenVerify) {
  auto hash = HashPassword("correct horse battery staple", PasswordHashCost::Minimum());
  ASSERT_TRUE(hash.ok()) << hash.error().detail;
  EXPECT_EQ(hash->rfind("$argon2id$v=19$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  // A fresh salt each time.
  auto again = HashPassword("correct horse battery staple", PasswordHashCost::Minimum());
  EXPECT_NE(*hash, *again);
  EXPECT_TRUE(VerifyPassword(*again, "correct horse battery staple"));
}

TEST_F(Password, VerifyRejectsGarbageWithoutCrashing) {
  EXPECT_FALSE(VerifyPassword("", "whatever-password"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$m=8,t=1,p=1$bad", "whatever-password"));
  EXPECT_FALSE(VerifyPassword(std::string(500, '$'), "whatever-password"));
  EXPECT_FALSE(VerifyPassword(std::string("$argon2id\0$", 11), "whatever-password"));
  auto hash = HashPassword(std::string(2000, 'p'), PasswordHashCost::Minimum());
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(VerifyPassword(*hash, std::string(2000, 'p')));  // longer than anyone can set
}

TEST_F(Password, RehashWhenTheCostOrAlgorithmChanges) {
  auto weak = *HashPassword("correct horse battery staple", PasswordHashCost::Minimum());
  EXPECT_FALSE(PasswordNeedsRehash(weak, PasswordHashCost::Minimum()));
  EXPECT_TRUE(PasswordNeedsRehash(weak, PasswordHashCost::Interactive()));
  EXPECT_TRUE(PasswordNeedsRehash("not a hash"));
  EXPECT_TRUE(PasswordNeedsRehash(""));

  char argon2i[crypto_pwhash_STRBYTES];
  const std::string pw = "correct horse battery staple";
  ASSERT_EQ(crypto_pwhash_str_alg(argon2i, pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_MIN + 2,
                                  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2I13),
            0);
  EXPECT_TRUE(VerifyPassword(argon2i, pw));  // old hashes still log in…
  EXPECT_TRUE(PasswordNeedsRehash(
      argon2i, {crypto_pwhash_OPSLIMIT_MIN + 2, crypto_pwhash_MEMLIMIT_MIN}));  // …and get upgraded
}

// Once with the production cost, so the default parameters are known to work here.
TEST_F(Password, DefaultCostRoundTrips) {
  auto hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash.ok()) << hash.error().detail;
  EXPECT_NE(hash->find("m=65536,t=2,p=1"), std::string::npos) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery staple"));
  EXPECT_FALSE(PasswordNeedsRehash(*hash));
}

}  // namespace
}  // namespace civic311
