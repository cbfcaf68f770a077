#include "app/auth_service.hpp"

#include <gtest/gtest.h>

#include "app/testing/in_memory_workflow.hpp"
#include "base/crypto.hpp"
#include "base/totp.hpp"

namespace civic311::testing {
namespace {

Timestamp T0() { return Timestamp(std::chrono::seconds(1795000000)); }

class AuthServiceTest : public ::testing::Test {
 protected:
  AuthServiceTest() : clock(T0()), wf(requests), auth(wf, wf, clock, Options()) { CryptoInit(); }
  static AuthOptions Options() {
    AuthOptions o;
    o.cost = PasswordHashCost::Minimum();
    return o;
  }
  static Actor Admin() { return Actor{1000, Role::kAdmin, {}, false}; }
  User MakeStaff() {
    return auth
        .CreateUser(
            Admin(),
            {"Ann@Testville.example", "Ann", Role::kStaff, {"PWD"}, "correct horse battery"})
        .value();
  }

  FakeClock clock;
  InMemoryRequestStore requests;
  InMemoryWorkflow wf;
  AuthService auth;
};

TEST_F(AuthServiceTest, OnlyAdminsCreateUsersAndPasswordsFollowThePolicy) {
  Actor staff{5, Role::kStaff, {"PWD"}, false};
  EXPECT_EQ(
      auth.CreateUser(staff, {"x@y.example", "", Role::kStaff, {}, "long enough pw"}).error().code,
      ErrorCode::kPermissionDenied);
  EXPECT_EQ(auth.CreateUser(Admin(), {"x@y.example", "", Role::kStaff, {}, "short"}).error().code,
            ErrorCode::kInvalidArgument);
  User u = MakeStaff();
  EXPECT_EQ(u.email, "ann@testville.example");
  EXPECT_NE(u.password_hash, "correct horse battery");
  EXPECT_EQ(wf.ListAudit("", 10)->size(), 1u);
}

TEST_F(AuthServiceTest, LoginIssuesATokenThatAuthenticates) {
  User u = MakeStaff();
  auto token = auth.Login("ANN@testville.example", "correct horse battery", "");
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_TRUE(token->user.password_hash.empty());
  auto actor = auth.Authenticate(token->token);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->user_id, u.id);
  EXPECT_EQ(actor->departments, std::vector<std::string>{"PWD"});
  clock.Advance(std::chrono::hours(13));
  EXPECT_EQ(auth.Authenticate(token->token).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, WrongPasswordUnknownUserAndDisabledLookAlike) {
  MakeStaff();
  auto wrong = auth.Login("ann@testville.example", "nope", "");
  auto unknown = auth.Login("bob@testville.example", "correct horse battery", "");
  ASSERT_TRUE(wf.SetUserDisabled("ann@testville.example", true).ok());
  auto disabled = auth.Login("ann@testville.example", "correct horse battery", "");
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_EQ(wrong.error().message, disabled.error().message);
  EXPECT_EQ(disabled.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, FiveFailuresThrottleForFifteenMinutes) {
  MakeStaff();
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(auth.Login("ann@testville.example", "bad", "").ok());
  auto throttled = auth.Login("ann@testville.example", "correct horse battery", "");
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.error().code, ErrorCode::kResourceExhausted);
  clock.Advance(std::chrono::minutes(16));
  EXPECT_TRUE(auth.Login("ann@testville.example", "correct horse battery", "").ok());
}

TEST_F(AuthServiceTest, TotpIsRequiredOnceEnrolledAndEachCodeWorksOnce) {
  User u = MakeStaff();
  auto uri = auth.EnrolTotp(u.id, "Testville");
  ASSERT_TRUE(uri.ok());
  auto secret = Base32Decode((*wf.GetUser(u.id))->totp_secret);
  ASSERT_TRUE(secret.has_value());
  auto missing = auth.Login(u.email, "correct horse battery", "");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().fields.at(0).field, "totp");
  std::string code = TotpCode(*secret, clock.Now());
  EXPECT_TRUE(auth.Login(u.email, "correct horse battery", code).ok());
  EXPECT_FALSE(auth.Login(u.email, "correct horse battery", code).ok());  // replay
}

TEST_F(AuthServiceTest, PasswordResetTokenWorksOnceAndExpires) {
  User u = MakeStaff();
  auto token = auth.StartPasswordReset(u.email);
  ASSERT_TRUE(token.ok() && token->has_value());
  EXPECT_FALSE(auth.StartPasswordReset("nobody@x.example")->has_value());
  ASSERT_TRUE(auth.ResetPassword(**token, "a brand new password").ok());
  EXPECT_FALSE(auth.ResetPassword(**token, "another new password").ok());
  EXPECT_TRUE(auth.Login(u.email, "a brand new password", "").ok());
  auto late = auth.StartPasswordReset(u.email);
  clock.Advance(std::chrono::hours(2));
  EXPECT_FALSE(auth.ResetPassword(**late, "yet another password").ok());
}

}  // namespace
}  // namespace civic311::testing
