#include "app/auth_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <optional>
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

// ---- regression tests for issue 7 (security hardening), named after its findings ----

TEST_F(AuthServiceTest, Finding1_AFullHashingQueueAnswersUnavailableAtOnceWithRetryAfter) {
  AuthOptions o = Options();
  o.max_concurrent_hashes = 1;
  o.max_queued_hashes = 0;
  AuthService one(wf, wf, clock, o);
  MakeStaff();
  // The first check holds the only hashing thread (its callback runs there) until released.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> running;
  one.LoginAsync({"ann@testville.example", "correct horse battery", "", "10.0.0.1"},
                 [&, released](Result<IssuedToken>) {
                   running.set_value();
                   released.wait();
                 });
  running.get_future().wait();
  // No thread free, no room to wait: refused on the caller's thread, without blocking it.
  std::optional<Error> refused;
  one.LoginAsync({"ann@testville.example", "correct horse battery", "", "10.0.0.2"},
                 [&](Result<IssuedToken> r) { refused = r.error(); });
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->code, ErrorCode::kUnavailable);
  EXPECT_EQ(refused->retry_after_seconds, 1);
  release.set_value();
  // A refusal is not a failed guess: the account may still sign in (once the thread is free:
  // until it is back waiting for work, a capacity of 0 still refuses).
  Result<IssuedToken> later = Error::Unavailable("not tried");
  for (int i = 0; i < 100000 && !later.ok() && later.error().code == ErrorCode::kUnavailable; ++i) {
    later = one.Login("ann@testville.example", "correct horse battery", "");
  }
  EXPECT_TRUE(later.ok()) << later.error().message;
}

TEST_F(AuthServiceTest, Finding2_ParallelGuessesCannotPassTheLimit) {
  AuthOptions o = Options();
  o.max_queued_hashes = 100;
  AuthService svc(wf, wf, clock, o);
  MakeStaff();
  std::vector<std::thread> threads;
  std::atomic<int> checked{0}, throttled{0}, signed_in{0};
  for (int i = 0; i < 60; ++i) {
    threads.emplace_back([&, i] {
      auto r = svc.Login("ann@testville.example", i == 59 ? "correct horse battery" : "wrong one",
                         "", "10.0.0.9");
      if (r.ok()) ++signed_in;
      if (!r.ok() && r.error().code == ErrorCode::kResourceExhausted) {
        ++throttled;
        EXPECT_GT(r.error().retry_after_seconds, 0);
      } else {
        ++checked;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(checked.load(), o.max_failures) << signed_in.load() << " signed in";
  EXPECT_GE(throttled.load(), 60 - o.max_failures);
}

TEST_F(AuthServiceTest, Finding2_SprayingFromOneAddressIsLimited) {
  MakeStaff();
  AuthOptions o = Options();
  const int limit = o.max_failures_per_address;
  for (int i = 0; i < limit; ++i) {
    auto r = auth.Login("user" + std::to_string(i) + "@testville.example", "Password1!", "",
                        "192.0.2.7");
    ASSERT_EQ(r.error().code, ErrorCode::kUnauthenticated) << i;
  }
  auto sprayed = auth.Login("ann@testville.example", "correct horse battery", "", "192.0.2.7");
  EXPECT_EQ(sprayed.error().code, ErrorCode::kResourceExhausted);
  // Another address is not affected, and the window passes.
  EXPECT_TRUE(auth.Login("ann@testville.example", "correct horse battery", "", "192.0.2.8").ok());
  clock.Advance(std::chrono::minutes(16));
  EXPECT_TRUE(auth.Login("ann@testville.example", "correct horse battery", "", "192.0.2.7").ok());
}

TEST_F(AuthServiceTest, Finding2_NoOneLocksAPersonOutForGood) {
  User u = MakeStaff();
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(auth.Login(u.email, "guess", "", "203.0.113.1").ok());
  EXPECT_EQ(auth.Login(u.email, "correct horse battery", "").error().code,
            ErrorCode::kResourceExhausted);
  // The owner resets the password by e-mail: the lock is lifted at once.
  auto token = auth.StartPasswordReset(u.email);
  ASSERT_TRUE(auth.ResetPassword(**token, "a brand new password").ok());
  EXPECT_TRUE(auth.Login(u.email, "a brand new password", "").ok());
}

TEST_F(AuthServiceTest, Finding5_TotpPasswordCheckIsThrottledLikeSignIn) {
  User u = MakeStaff();
  Actor me = u.ToActor();
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(auth.EnrolOwnTotp(me, "a guess " + std::to_string(i), "T").error().code,
              ErrorCode::kUnauthenticated);
  }
  auto throttled = auth.EnrolOwnTotp(me, "correct horse battery", "T");
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.error().code, ErrorCode::kResourceExhausted);
  // The same account's sign-in shares the count.
  EXPECT_EQ(auth.Login(u.email, "correct horse battery", "").error().code,
            ErrorCode::kResourceExhausted);
}

TEST_F(AuthServiceTest, Finding8_AResetVoidsEveryOtherResetToken) {
  User u = MakeStaff();
  auto first = auth.StartPasswordReset(u.email);
  auto second = auth.StartPasswordReset(u.email);
  ASSERT_TRUE(auth.ResetPassword(**second, "a brand new password").ok());
  auto old = auth.ResetPassword(**first, "an attacker's password");
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().fields.at(0).field, "token");
  EXPECT_TRUE(auth.Login(u.email, "a brand new password", "").ok());
}

TEST_F(AuthServiceTest, Finding9_ARefusedPasswordLeavesTheTokenWorking) {
  User u = MakeStaff();
  auto token = auth.StartPasswordReset(u.email);
  // Refused for reasons that need the account (its e-mail) and for a common password.
  EXPECT_EQ(auth.ResetPassword(**token, "ann@testville.example").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(auth.ResetPassword(**token, "qwertyuiop").error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(auth.ResetPassword(**token, "a brand new password").ok());
}

TEST_F(AuthServiceTest, AnInvitedPersonGetsAResetLinkByMailAndNoKnownPassword) {
  Actor staff{5, Role::kStaff, {"PWD"}, false};
  EXPECT_EQ(auth.InviteUser(staff, {"x@y.example", "X", Role::kStaff, {}, ""}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_TRUE(wf.outbox.empty());
  auto u = auth.InviteUser(Admin(), {"Bo@Testville.example", "Bo", Role::kAgent, {"CC311"}, ""});
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->role, Role::kAgent);
  EXPECT_EQ(u->departments, std::vector<std::string>{"CC311"});
  ASSERT_EQ(wf.outbox.size(), 1u);
  const OutboxMessage& mail = wf.outbox.front();
  EXPECT_EQ(mail.event, "password_reset");
  EXPECT_EQ(mail.recipient, "bo@testville.example");
  EXPECT_TRUE(mail.secret);
  // The link in the mail sets the password; the invitation's link outlives a reset's hour.
  clock.Advance(std::chrono::hours(48));
  const std::string token = mail.Text("token");
  ASSERT_TRUE(auth.ResetPassword(token, "a new long password").ok());
  EXPECT_TRUE(auth.Login("bo@testville.example", "a new long password", "").ok());
  // The same address twice: refused, no second mail.
  EXPECT_FALSE(auth.InviteUser(Admin(), {"bo@testville.example", "", Role::kStaff, {}, ""}).ok());
  EXPECT_EQ(wf.outbox.size(), 1u);
}

TEST_F(AuthServiceTest, AdminsChangeRoleAndDepartmentsOfOthersAudited) {
  User ann = MakeStaff();
  Actor staff{5, Role::kStaff, {"PWD"}, false};
  EXPECT_EQ(auth.ChangeAccess(staff, ann.id, Role::kAdmin, {}).error().code,
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(auth.ChangeAccess(Admin(), ann.id, Role::kManager, {"PWD", "PRK"}).ok());
  auto after = *wf.GetUser(ann.id);
  EXPECT_EQ(after->role, Role::kManager);
  EXPECT_EQ(after->departments, (std::vector<std::string>{"PWD", "PRK"}));
  auto audit = wf.ListAudit("", 1);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].action, "user_access");
  EXPECT_NE((*audit)[0].detail.find("staff -> manager"), std::string::npos);
  EXPECT_EQ(auth.ChangeAccess(Admin(), 9999, Role::kStaff, {}).error().code, ErrorCode::kNotFound);
  Actor self{ann.id, Role::kAdmin, {}, false};
  EXPECT_EQ(auth.ChangeAccess(self, ann.id, Role::kStaff, {}).error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace civic311::testing
