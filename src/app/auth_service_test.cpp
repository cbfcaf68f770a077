#include "app/auth_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

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

TEST_F(AuthServiceTest, PasswordResetQueuesTheEmailWithTheToken) {
  User u = MakeStaff();
  auto token = auth.StartPasswordReset("ANN@testville.example");
  ASSERT_TRUE(token.ok() && token->has_value());
  ASSERT_EQ(wf.outbox.size(), 1u);
  EXPECT_EQ(wf.outbox[0].kind, "email");
  EXPECT_EQ(wf.outbox[0].Text("token"), **token);
  EXPECT_EQ(wf.outbox[0].recipient, "ann@testville.example");
  EXPECT_EQ(wf.outbox[0].event, "password_reset");
  EXPECT_TRUE(wf.outbox[0].secret);  // blanked once delivered or parked
  // Unknown address: no e-mail, and the same answer.
  EXPECT_FALSE(auth.StartPasswordReset("nobody@x.example")->has_value());
  EXPECT_EQ(wf.outbox.size(), 1u);
}

TEST_F(AuthServiceTest, ATooWeakNewPasswordDoesNotUseTheResetTokenUp) {
  User u = MakeStaff();
  auto token = auth.StartPasswordReset(u.email);
  ASSERT_TRUE(token.ok() && token->has_value());
  auto weak = auth.ResetPassword(**token, "short");
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().code, ErrorCode::kInvalidArgument);
  auto signed_in = auth.Login(u.email, "correct horse battery", "");
  ASSERT_TRUE(signed_in.ok());
  EXPECT_TRUE(auth.ResetPassword(**token, "a brand new password").ok());
  // Whoever knew the old password is signed out.
  EXPECT_FALSE(auth.Authenticate(signed_in->token).ok());
}

TEST_F(AuthServiceTest, OwnTotpEnrolmentNeedsThePassword) {
  User u = MakeStaff();
  Actor me = u.ToActor();
  auto wrong = auth.EnrolOwnTotp(me, "not my password", "Testville");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(auth.Login(u.email, "correct horse battery", "").ok());  // still no second factor
  auto uri = auth.EnrolOwnTotp(me, "correct horse battery", "Testville");
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  EXPECT_EQ(uri->rfind("otpauth://totp/", 0), 0u);
  EXPECT_FALSE(auth.Login(u.email, "correct horse battery", "").ok());  // now a code is needed
  EXPECT_EQ(auth.EnrolOwnTotp(Actor::Anonymous(), "x", "T").error().code,
            ErrorCode::kUnauthenticated);
  auto self = auth.Me(me);
  ASSERT_TRUE(self.ok());
  EXPECT_TRUE(self->password_hash.empty());
  EXPECT_TRUE(self->totp_secret.empty());
  EXPECT_EQ(self->email, "ann@testville.example");
}

TEST_F(AuthServiceTest, ArgonRunsAreLimitedSoSignInStormsDoNotMultiplyMemory) {
  AuthOptions o = Options();
  o.max_concurrent_hashes = 1;
  o.max_failures = 100;
  AuthService limited(wf, wf, clock, o);
  User u = MakeStaff();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      if (limited.Login(u.email, "correct horse battery", "").ok()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 6);
  EXPECT_EQ(limited.peak_concurrent_hashes(), 1);
}

}  // namespace
}  // namespace civic311::testing
