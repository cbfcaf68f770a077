// AuthService: staff and resident accounts, sign-in with e-mail + password (+ TOTP), bearer
// tokens, password reset tokens.
//
// Secrets: passwords are kept as Argon2id strings; bearer and reset tokens are random
// (RandomToken), handed out once and stored only as SHA-256 hex, with an expiry.
// Throttling: after options.max_failures failed sign-ins for one e-mail within
// options.failure_window, Login answers kUnavailable ("too many attempts") without checking the
// password, until the window has passed.
// Errors never say whether an e-mail has an account: unknown e-mail, wrong password and disabled
// account are all kUnauthenticated "wrong e-mail or password".
//
// COST: Login and CreateUser run Argon2id (~50–100 ms, 64 MiB): call them on worker threads.
// At most options.max_concurrent_hashes run at once (the rest wait), bounding the memory.
// Thread-safety: safe from many threads (the stores are; options are immutable).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "app/workflow_ports.hpp"
#include "base/clock.hpp"
#include "base/password.hpp"

namespace civic311 {

struct AuthOptions {
  std::chrono::seconds session_ttl = std::chrono::hours(12);
  std::chrono::seconds reset_ttl = std::chrono::hours(1);
  int max_failures = 5;
  std::chrono::seconds failure_window = std::chrono::minutes(15);
  PasswordHashCost cost = PasswordHashCost::Interactive();
  // Argon2id runs at once, at most (each holds the cost's memory; 1 or more).
  int max_concurrent_hashes = 2;
};

struct NewUser {
  std::string email;
  std::string display_name;
  Role role = Role::kStaff;
  std::vector<std::string> departments;
  std::string password;
};

struct IssuedToken {
  std::string token;  // give to the client once; only its hash is stored
  Timestamp expires_at{};
  User user;
};

class AuthService {
 public:
  AuthService(UserStore& users, AuditStore& audit, const Clock& clock, AuthOptions options = {});

  // Admins only (kManageUsers). Checks the password policy and that the e-mail looks like one.
  Result<User> CreateUser(const Actor& actor, const NewUser& in);

  // A bearer token for email + password (+ the current TOTP code when the account has a secret).
  Result<IssuedToken> Login(std::string_view email, std::string_view password,
                            std::string_view totp_code);

  // The actor a bearer token stands for: kUnauthenticated if unknown, expired or the account is
  // disabled.
  Result<Actor> Authenticate(std::string_view bearer_token);
  Status Logout(std::string_view bearer_token);

  // A one-use reset token for the account (to be e-mailed; delivery is not this service's job).
  // nullopt for an unknown or disabled e-mail: callers answer the same either way.
  Result<std::optional<std::string>> StartPasswordReset(std::string_view email);
  Status ResetPassword(std::string_view reset_token, std::string_view new_password);

  // Enrols a new TOTP secret for the user; returns the otpauth:// URI to show as a QR code.
  Result<std::string> EnrolTotp(UserId id, std::string_view issuer);
  // The signed-in actor's own enrolment, only after re-entering the password (a stolen bearer
  // token alone cannot lock the owner out): kUnauthenticated when the password is wrong.
  Result<std::string> EnrolOwnTotp(const Actor& actor, std::string_view password,
                                   std::string_view issuer);

  // The CSRF token of a cookie session: forms and cookie-authenticated API calls that change
  // anything must present it (header X-CSRF-Token or form field csrf_token). Derived from the
  // session token, which only its browser can read (HttpOnly cookie), so a forged cross-site
  // request cannot know it. Hex, 64 characters.
  static std::string CsrfToken(std::string_view session_token);
  // Constant-time comparison of `presented` with CsrfToken(session_token).
  static bool CsrfMatches(std::string_view session_token, std::string_view presented);

  // The signed-in actor's own account, without password hash or TOTP secret.
  Result<User> Me(const Actor& actor);
  // Changes the actor's own display name (trimmed, at most 100 bytes, no control characters)
  // and/or "don't show my name"; returns the account as Me() does.
  Result<User> UpdateProfile(const Actor& actor, std::optional<std::string> display_name,
                             std::optional<bool> hide_name);

  // The most Argon2id runs seen at once (for tests and metrics).
  int peak_concurrent_hashes();

 private:
  class HashSlot;
  Result<std::string> Hash(std::string_view password);
  bool Verify(std::string_view stored, std::string_view password);
  const std::string& DummyHash();

  UserStore& users_;
  AuditStore& audit_;
  const Clock& clock_;
  const AuthOptions options_;
  std::mutex hash_mu_;
  std::condition_variable hash_cv_;
  int hashing_ = 0;
  int hashing_peak_ = 0;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace civic311
