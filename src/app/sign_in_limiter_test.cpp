#include "app/sign_in_limiter.hpp"

#include <gtest/gtest.h>

namespace civic311 {
namespace {

Timestamp T(int seconds) { return Timestamp(std::chrono::seconds(1795000000 + seconds)); }
std::string User(int i) { return std::string("user-").append(std::to_string(i)); }

TEST(SignInLimiter, PerAccountFailuresAreCountedBeforeTheCheckAndExpire) {
  SignInLimiter limiter(SignInLimits{3, 100, 1000, std::chrono::minutes(15), 1000});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Begin("ann", "a", T(i)).ok());
  auto refused = limiter.Begin("ann", "b", T(10));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(refused.error().retry_after_seconds, 15 * 60 - 10);
  // Refused attempts are not counted: the lock ends with the window of the failures.
  EXPECT_TRUE(limiter.Begin("ann", "b", T(15 * 60)).ok());
}

TEST(SignInLimiter, SuccessClearsTheAccountAndCancelGivesTheTicketBack) {
  SignInLimiter limiter(SignInLimits{2, 100, 1000, std::chrono::minutes(15), 1000});
  auto a = limiter.Begin("ann", "x", T(0));
  auto b = limiter.Begin("ann", "x", T(1));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(limiter.Begin("ann", "x", T(2)).ok());
  limiter.Cancel(*b);
  auto c = limiter.Begin("ann", "x", T(3));
  ASSERT_TRUE(c.ok());
  limiter.Succeeded(*c);
  EXPECT_TRUE(limiter.Begin("ann", "x", T(4)).ok());
  EXPECT_TRUE(limiter.Begin("ann", "x", T(5)).ok());
  EXPECT_FALSE(limiter.Begin("ann", "x", T(6)).ok());
  limiter.ClearAccount("ann");
  EXPECT_TRUE(limiter.Begin("ann", "x", T(7)).ok());
}

TEST(SignInLimiter, PerAddressAndGlobalLimits) {
  SignInLimiter limiter(SignInLimits{5, 3, 5, std::chrono::minutes(15), 1000});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Begin(User(i), "ip1", T(i)).ok());
  EXPECT_FALSE(limiter.Begin("u9", "ip1", T(5)).ok());  // spraying from one address
  ASSERT_TRUE(limiter.Begin("u10", "ip2", T(6)).ok());
  ASSERT_TRUE(limiter.Begin("u11", "", T(7)).ok());  // no address: no per-address limit
  auto global = limiter.Begin("u12", "ip3", T(8));
  ASSERT_FALSE(global.ok());
  EXPECT_NE(global.error().message.find("site"), std::string::npos);
}

TEST(SignInLimiter, MemoryIsBounded) {
  SignInLimiter limiter(SignInLimits{5, 100, 100000, std::chrono::minutes(15), 10});
  // 9 accounts and 1 address: 10 keys.
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(limiter.Begin(User(i), "ip", T(i)).ok());
  auto full = limiter.Begin("new", "ip", T(10));
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(limiter.Begin("later", "ip", T(20 * 60)).ok());  // expired keys were dropped
}

}  // namespace
}  // namespace civic311
