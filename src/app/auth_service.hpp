// AuthService: staff and resident accounts, sign-in with e-mail + password (+ TOTP), bearer
// tokens, password reset tokens.
//
// Secrets: passwords are kept as Argon2id strings; bearer and reset tokens are random
// (RandomToken), handed out once and stored only as SHA-256 hex, with an expiry.
// Throttling (every password check: sign-in and the password re-entered for TOTP enrolment): a
// SignInLimiter ticket is taken *before* Argon2id runs (per account, per client address,
// global; see app/sign_in_limiter.hpp), and the stored failures since the account's last success
// are checked too (they survive restarts and are shared by instances). Over a limit:
// kResourceExhausted with retry_after_seconds, and no password check.
// Errors never say whether an e-mail has an account: unknown e-mail, wrong password and disabled
// account are all kUnauthenticated "wrong e-mail or password".
//
// COST and threads: Argon2id (~50–100 ms, 64 MiB) runs only on this service's own BoundedPool:
// options.max_concurrent_hashes threads (the memory bound) and a queue of at most
// options.max_queued_hashes waiting checks. The *Async methods do their quick store reads on the
// calling thread, queue the hashing, and return at once: `done` is called later on a hashing
// thread (which also does the few store writes that follow), or at once on the calling thread
// for an early answer. When the queue is full they answer kUnavailable with
// retry_after_seconds = 1 without queueing, so a sign-in storm costs each caller a refusal,
// never a blocked request worker. The plain methods wait for the same work (tests, the CLI).
// Thread-safety: safe from many threads (the stores are; options are immutable). Destruction
// runs the queued checks first; `done` callbacks must not outlive what they capture.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "app/portal_ports.hpp"
#include "app/sign_in_limiter.hpp"
#include "app/workflow_ports.hpp"
#include "base/bounded_pool.hpp"
#include "base/clock.hpp"
#include "base/password.hpp"

namespace civic311 {

struct AuthOptions {
  std::chrono::seconds session_ttl = std::chrono::hours(12);
  std::chrono::seconds reset_ttl = std::chrono::hours(1);
  int max_failures = 5;
  std::chrono::seconds failure_window = std::chrono::minutes(15);
  PasswordHashCost cost = PasswordHashCost::Interactive();
  // Argon2id runs at once, at most (each holds the cost's memory; 1 or more): the threads of
  // the hashing pool.
  int max_concurrent_hashes = 2;
  // Password checks waiting for a hashing thread, at most; more are refused (kUnavailable,
  // retry after 1 s). 32 waiting behind 2 threads is about 1–2 s of wait at most.
  int max_queued_hashes = 32;
  // Per address and global limits on failed password checks (the per-account limit is
  // max_failures within failure_window, above).
  int max_failures_per_address = 30;
  int max_failures_global = 10'000;
  // Residents registering from the portal: how long the e-mail link works, and how many
  // confirmation e-mails one address may be sent per day (a limit on mail bombing).
  std::chrono::seconds registration_ttl = std::chrono::hours(48);
  int max_registrations_per_day = 3;
  // How long the link of an invitation (InviteUser) works: a new colleague may not read their
  // mail within the hour a "forgot password" link lasts.
  std::chrono::seconds invite_ttl = std::chrono::hours(72);
};

// What a resident fills in to register (docs/portal.md, "Accounts").
struct Registration {
  std::string email;
  std::string display_name;
  std::string password;
  std::string lang = "en";  // of the confirmation e-mail
};

// What a sign-in carries besides the e-mail and password.
struct Credentials {
  std::string email;
  std::string password;
  std::string totp_code;
  std::string client_ip;  // for the per-address limit; empty: none
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
  template <typename T>
  using Done = std::function<void(T)>;

  AuthService(UserStore& users, AuditStore& audit, const Clock& clock, AuthOptions options = {});

  // Admins only (kManageUsers). Checks the password policy and that the e-mail looks like one.
  // Waits for a hashing thread (it is for the command line and admins, never refused).
  Result<User> CreateUser(const Actor& actor, const NewUser& in);
  // The admin screens' "new person": CreateUser with a random password nobody ever sees
  // (in.password is ignored), then a password-reset e-mail through the outbox (StartPasswordReset,
  // its link valid for options.invite_ttl) with which the person sets their own. Same errors as
  // CreateUser.
  Result<User> InviteUser(const Actor& actor, const NewUser& in);
  // Admins only (kManageUsers): replaces the role and departments of account `id` (kNotFound if
  // none) and writes a "user_access" audit entry (before → after). An admin cannot change their
  // own access (kInvalidArgument, field "role"): the last admin could otherwise lock everyone out.
  // The caller checks department codes against the city. The person's open sessions keep working
  // and carry the new role from their next request (the session reads the account each time).
  Status ChangeAccess(const Actor& actor, UserId id, Role role,
                      const std::vector<std::string>& departments);

  // A bearer token for email + password (+ the current TOTP code when the account has a secret).
  void LoginAsync(Credentials in, Done<Result<IssuedToken>> done);
  Result<IssuedToken> Login(std::string_view email, std::string_view password,
                            std::string_view totp_code, std::string_view client_ip = {});

  // The actor a bearer token stands for: kUnauthenticated if unknown, expired or the account is
  // disabled.
  Result<Actor> Authenticate(std::string_view bearer_token);
  Status Logout(std::string_view bearer_token);

  // A one-use reset token for the account (to be e-mailed; delivery is not this service's job).
  // nullopt for an unknown or disabled e-mail: callers answer the same either way (and should
  // answer before calling this, so that the answer's timing cannot tell the two apart).
  Result<std::optional<std::string>> StartPasswordReset(std::string_view email);
  Result<std::optional<std::string>> StartPasswordReset(std::string_view email,
                                                        std::chrono::seconds ttl);
  // Sets a new password with a reset token. The whole password policy is checked before the
  // token is used up (a refused password leaves the link working); success voids every other
  // reset token of the account, ends its sessions and lifts its sign-in throttle.
  void ResetPasswordAsync(std::string reset_token, std::string new_password, Done<Status> done);
  Status ResetPassword(std::string_view reset_token, std::string_view new_password);

  // Residents registering themselves (needs set_registrations). The details are checked (e-mail
  // shape, display name, password policy: kInvalidArgument with field errors), the password is
  // hashed on the hashing pool, then the registration is stored with its "confirm_account"
  // e-mail (event "confirm_account": fields display_name, token, expires_at) in one transaction.
  // The account itself only exists once the link is used (ConfirmRegistration): an address
  // nobody confirmed can never sign in. The answer is the same whether or not the address already
  // has an account (no e-mail is sent then), so registering cannot tell who has one; over
  // max_registrations_per_day for the address nothing is sent either.
  void set_registrations(RegistrationStore* store) { registrations_ = store; }
  void RegisterAsync(Registration in, Done<Status> done);
  Status Register(Registration in);
  // Uses a registration link's token: creates the resident's account and signs it in. kInvalid
  // Argument (field "token") when the link is unknown, used or expired; kConflict when the
  // address has an account already.
  Result<IssuedToken> ConfirmRegistration(std::string_view token);

  // Enrols a new TOTP secret for the user; returns the otpauth:// URI to show as a QR code.
  Result<std::string> EnrolTotp(UserId id, std::string_view issuer);
  // The signed-in actor's own enrolment, only after re-entering the password (a stolen bearer
  // token alone cannot lock the owner out): kUnauthenticated when the password is wrong. The
  // password check is throttled like a sign-in of the account.
  void EnrolOwnTotpAsync(const Actor& actor, std::string password, std::string issuer,
                         std::string client_ip, Done<Result<std::string>> done);
  Result<std::string> EnrolOwnTotp(const Actor& actor, std::string_view password,
                                   std::string_view issuer, std::string_view client_ip = {});

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
  // Takes the throttle ticket for a password check of `email` (stored failures, then limiter).
  Result<SignInLimiter::Ticket> BeginCheck(const std::string& email, std::string_view client_ip,
                                           Timestamp now);
  // Queues `job` on the hashing pool; false when the queue is full.
  bool Queue(std::function<void()> job);
  Result<IssuedToken> FinishLogin(const Credentials& in, const std::string& email, Timestamp now,
                                  const std::optional<User>& found,
                                  const SignInLimiter::Ticket& ticket);
  const std::string& DummyHash();  // on hashing threads only

  UserStore& users_;
  AuditStore& audit_;
  RegistrationStore* registrations_ = nullptr;
  const Clock& clock_;
  const AuthOptions options_;
  SignInLimiter limiter_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
  BoundedPool hashing_;  // last: destroyed (and drained) first, while the rest still exists
};

}  // namespace civic311
