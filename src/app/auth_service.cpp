#include "app/auth_service.hpp"

#include <algorithm>
#include <cctype>
#include <future>
#include <memory>

#include "base/crypto.hpp"
#include "base/log.hpp"
#include "base/time_format.hpp"
#include "base/totp.hpp"

namespace civic311 {
namespace {

constexpr std::size_t kBearerBytes = 32;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Error WrongCredentials() { return Error::Unauthenticated("wrong e-mail or password"); }

bool LooksLikeEmail(std::string_view e) {
  auto at = e.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < e.size() && e.size() <= 254 &&
         e.find_first_of(" \t\r\n") == std::string_view::npos;
}

AuthOptions Sanitized(AuthOptions o) {
  o.max_concurrent_hashes = std::max(1, o.max_concurrent_hashes);
  o.max_queued_hashes = std::max(0, o.max_queued_hashes);
  return o;
}

// Waits for an *Async method's answer (tests and the command line; never on a hashing thread).
template <typename T, typename Start>
T Await(Start&& start) {
  auto answer = std::make_shared<std::promise<T>>();
  std::future<T> got = answer->get_future();
  start([answer](T value) { answer->set_value(std::move(value)); });
  return got.get();
}

Error Busy() {
  return Error::Unavailable("the server is busy checking passwords; try again in a moment",
                            "password hashing queue full", 1);
}

}  // namespace

AuthService::AuthService(UserStore& users, AuditStore& audit, const Clock& clock,
                         AuthOptions options)
    : users_(users),
      audit_(audit),
      clock_(clock),
      options_(Sanitized(options)),
      limiter_(SignInLimits{options_.max_failures, options_.max_failures_per_address,
                            options_.max_failures_global, options_.failure_window}),
      hashing_(options_.max_concurrent_hashes,
               static_cast<std::size_t>(options_.max_queued_hashes)) {}

bool AuthService::Queue(std::function<void()> job) { return hashing_.TryPost(job); }

int AuthService::peak_concurrent_hashes() { return hashing_.peak_running(); }

const std::string& AuthService::DummyHash() {
  // Unknown e-mails still cost one verification, so response time does not reveal accounts.
  std::call_once(dummy_once_, [this] {
    auto h = HashPassword("not-a-real-password-civic311", options_.cost);
    dummy_hash_ = h.ok() ? *h : std::string();
  });
  return dummy_hash_;
}

Result<User> AuthService::CreateUser(const Actor& actor, const NewUser& in) {
  Decision d = Authorize(actor, Operation::kManageUsers, Target{});
  if (!d) return ToStatus(d, actor).error();
  const std::string email = Lower(in.email);
  if (!LooksLikeEmail(email)) return Error::InvalidField("email", "is not an e-mail address");
  C311_TRY(CheckPasswordPolicy(in.password, {email, in.display_name, "civic311"}));
  auto hash = Await<Result<std::string>>([&](auto done) {
    hashing_.Post([this, &in, done] { done(HashPassword(in.password, options_.cost)); });
  });
  if (!hash.ok()) return std::move(hash).error();
  User u;
  u.email = email;
  u.display_name = in.display_name.empty() ? email : in.display_name;
  u.role = in.role;
  u.departments = in.departments;
  u.password_hash = std::move(*hash);
  u.created_at = clock_.Now();
  auto created = users_.CreateUser(std::move(u));
  if (!created.ok()) return created;
  C311_TRY(audit_.AppendAudit(AuditEntry{
      0, created->created_at, actor.user_id, "user_create", "", std::nullopt,
      "user " + std::to_string(created->id) + " role " + std::string(RoleName(created->role))}));
  return created;
}

Result<SignInLimiter::Ticket> AuthService::BeginCheck(const std::string& email,
                                                      std::string_view client_ip, Timestamp now) {
  auto failures = users_.CountFailedLogins(email, now - options_.failure_window);
  if (!failures.ok()) return std::move(failures).error();
  if (*failures >= options_.max_failures) {
    return Error::ResourceExhausted(
        "too many failed sign-ins for this account; try again later or reset the password",
        static_cast<int>(options_.failure_window.count()));
  }
  return limiter_.Begin(email, client_ip, now);
}

void AuthService::LoginAsync(Credentials in, Done<Result<IssuedToken>> done) {
  std::string email = Lower(in.email);
  const Timestamp now = clock_.Now();
  auto ticket = BeginCheck(email, in.client_ip, now);
  if (!ticket.ok()) return done(std::move(ticket).error());
  auto found = users_.FindUserByEmail(email);
  if (!found.ok()) {
    limiter_.Cancel(*ticket);
    return done(std::move(found).error());
  }
  std::optional<User> user;
  if (found->has_value() && !(*found)->disabled) user = std::move(**found);
  SignInLimiter::Ticket t = *ticket;
  bool queued = Queue([this, in = std::move(in), email, now, user = std::move(user), t, done] {
    done(FinishLogin(in, email, now, user, t));
  });
  if (!queued) {
    limiter_.Cancel(t);
    done(Busy());
  }
}

// On a hashing thread.
Result<IssuedToken> AuthService::FinishLogin(const Credentials& in, const std::string& email,
                                             Timestamp now, const std::optional<User>& found,
                                             const SignInLimiter::Ticket& ticket) {
  auto fail = [&]() -> Error {  // the ticket stays counted as a failure
    (void)users_.RecordLoginAttempt(email, now, false);
    return WrongCredentials();
  };
  if (!found) {
    (void)VerifyPassword(DummyHash(), in.password);
    return fail();
  }
  User user = *found;
  if (!VerifyPassword(user.password_hash, in.password)) return fail();
  if (!user.totp_secret.empty()) {
    if (in.totp_code.empty()) {
      limiter_.Cancel(ticket);  // the password was right: not a failed guess
      Error e = Error::Unauthenticated("a code from your authenticator app is required");
      e.fields.push_back({"totp", "is required"});
      return e;
    }
    auto key = Base32Decode(user.totp_secret);
    if (!key) return Error::Internal("user " + std::to_string(user.id) + ": bad TOTP secret");
    auto step = VerifyTotp(*key, in.totp_code, now, user.totp_last_step);
    if (!step.ok()) return fail();
    Status recorded = users_.RecordTotpStep(user.id, *step);
    if (!recorded.ok()) return fail();  // the same code raced us: each code works once
  }
  limiter_.Succeeded(ticket);
  (void)users_.RecordLoginAttempt(email, now, true);
  if (PasswordNeedsRehash(user.password_hash, options_.cost)) {
    if (auto h = HashPassword(in.password, options_.cost); h.ok()) {
      (void)users_.SetPasswordHash(user.id, *h);
    }
  }
  IssuedToken out;
  out.token = RandomToken(kBearerBytes);
  out.expires_at = now + options_.session_ttl;
  C311_TRY(users_.CreateSession(Session{Sha256Hex(out.token), user.id, now, out.expires_at}));
  user.password_hash.clear();
  user.totp_secret.clear();
  out.user = std::move(user);
  return out;
}

Result<IssuedToken> AuthService::Login(std::string_view email, std::string_view password,
                                       std::string_view totp_code, std::string_view client_ip) {
  Credentials in{std::string(email), std::string(password), std::string(totp_code),
                 std::string(client_ip)};
  return Await<Result<IssuedToken>>([&](auto done) { LoginAsync(std::move(in), std::move(done)); });
}

Result<Actor> AuthService::Authenticate(std::string_view bearer_token) {
  if (bearer_token.empty() || bearer_token.size() > 200) {
    return Error::Unauthenticated("sign in first");
  }
  auto session = users_.FindSession(Sha256Hex(bearer_token), clock_.Now());
  if (!session.ok()) return std::move(session).error();
  if (!session->has_value()) return Error::Unauthenticated("the token is unknown or expired");
  auto user = users_.GetUser((*session)->user_id);
  if (!user.ok()) return std::move(user).error();
  if (!user->has_value() || (*user)->disabled) {
    return Error::Unauthenticated("the token is unknown or expired");
  }
  return (*user)->ToActor();
}

Status AuthService::Logout(std::string_view bearer_token) {
  return users_.DeleteSession(Sha256Hex(bearer_token));
}

Result<std::optional<std::string>> AuthService::StartPasswordReset(std::string_view email) {
  return StartPasswordReset(email, options_.reset_ttl);
}

Result<User> AuthService::InviteUser(const Actor& actor, const NewUser& in) {
  NewUser invited = in;
  invited.password = RandomToken(kBearerBytes);  // nobody knows it: the e-mailed link sets one
  auto created = CreateUser(actor, invited);
  if (!created.ok()) return created;
  auto started = StartPasswordReset(created->email, options_.invite_ttl);
  if (!started.ok()) return std::move(started).error();
  return created;
}

Status AuthService::ChangeAccess(const Actor& actor, UserId id, Role role,
                                 const std::vector<std::string>& departments) {
  Decision d = Authorize(actor, Operation::kManageUsers, Target{});
  if (!d) return ToStatus(d, actor);
  if (id == actor.user_id)
    return Error::InvalidField("role", "you cannot change your own role or departments");
  auto user = users_.GetUser(id);
  if (!user.ok()) return std::move(user).error();
  if (!user->has_value()) return Error::NotFound("no such user");
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
  };
  C311_TRY(users_.SetUserAccess(id, role, departments));
  return audit_.AppendAudit(
      AuditEntry{0, clock_.Now(), actor.user_id, "user_access", "", std::nullopt,
                 "user " + std::to_string(id) + " role " + std::string(RoleName((*user)->role)) +
                     " -> " + std::string(RoleName(role)) + " departments " +
                     join((*user)->departments) + " -> " + join(departments)});
}

Result<std::optional<std::string>> AuthService::StartPasswordReset(std::string_view email,
                                                                   std::chrono::seconds ttl) {
  auto found = users_.FindUserByEmail(Lower(email));
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value() || (*found)->disabled) return std::optional<std::string>();
  std::string token = RandomToken(kBearerBytes);
  const Timestamp expires = clock_.Now() + ttl;
  // The e-mail for the notifications worker, written with the token in one transaction.
  OutboxMessage mail;
  mail.kind = "email";
  mail.event = "password_reset";
  mail.recipient = (*found)->email;
  mail.secret = true;  // blanked once delivered or parked
  mail.Set("user_id", std::int64_t{(*found)->id})
      .Set("display_name", (*found)->display_name)
      .Set("token", token)
      .Set("expires_at", FormatUtc(expires));
  C311_TRY(users_.CreatePasswordReset(Sha256Hex(token), (*found)->id, expires, &mail));
  return std::optional<std::string>(std::move(token));
}

void AuthService::ResetPasswordAsync(std::string reset_token, std::string new_password,
                                     Done<Status> done) {
  // The rules that need no account first, then those that do: all before the token is used up,
  // so a refused password leaves the link working.
  if (Status s = CheckPasswordPolicy(new_password, {}); !s.ok()) return done(s);
  std::string token_hash = Sha256Hex(reset_token);
  const Timestamp now = clock_.Now();
  auto user_id = users_.FindPasswordReset(token_hash, now);
  if (!user_id.ok()) return done(std::move(user_id).error());
  auto unknown = [] {
    return Error::InvalidField("token", "the reset link is unknown, used or expired");
  };
  if (!user_id->has_value()) return done(unknown());
  auto user = users_.GetUser(**user_id);
  if (!user.ok()) return done(std::move(user).error());
  if (!user->has_value()) return done(unknown());
  User u = std::move(**user);
  if (Status s = CheckPasswordPolicy(new_password, {u.email, u.display_name}); !s.ok()) {
    return done(s);
  }
  bool queued =
      Queue([this, token_hash = std::move(token_hash), new_password = std::move(new_password),
             u = std::move(u), now, unknown, done]() -> void {
        auto hash = HashPassword(new_password, options_.cost);
        if (!hash.ok()) return done(std::move(hash).error());
        // Used up now (with every other link of the account); a concurrent reset may have won.
        auto consumed = users_.ConsumePasswordReset(token_hash, now);
        if (!consumed.ok()) return done(std::move(consumed).error());
        if (!consumed->has_value() || **consumed != u.id) return done(unknown());
        if (Status s = users_.SetPasswordHash(u.id, *hash); !s.ok()) return done(s);
        // The owner is back in control: the throttle on the account is lifted (a reset is how
        // someone locked out by a guesser gets back in)...
        (void)users_.RecordLoginAttempt(u.email, now, true);
        limiter_.ClearAccount(u.email);
        // ...and whoever knew the old password is signed out everywhere.
        done(users_.DeleteSessionsOfUser(u.id));
      });
  if (!queued) done(Busy());
}

Status AuthService::ResetPassword(std::string_view reset_token, std::string_view new_password) {
  return Await<Status>([&](auto done) {
    ResetPasswordAsync(std::string(reset_token), std::string(new_password), std::move(done));
  });
}

void AuthService::RegisterAsync(Registration in, Done<Status> done) {
  if (registrations_ == nullptr) return done(Error::Unavailable("registration is not available"));
  const std::string email = Lower(in.email);
  std::string name = in.display_name;
  while (!name.empty() && name.back() == ' ') name.pop_back();
  while (!name.empty() && name.front() == ' ') name.erase(0, 1);
  Error invalid = Error::InvalidArgument("please correct the registration");
  if (!LooksLikeEmail(email)) invalid.fields.push_back({"email", "is not an e-mail address"});
  if (name.size() > 100 || std::any_of(name.begin(), name.end(),
                                       [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    invalid.fields.push_back({"display_name", "must be at most 100 characters, on one line"});
  }
  if (Status s = CheckPasswordPolicy(in.password, {email, name, "civic311"}); !s.ok()) {
    for (const FieldError& f : s.error().fields) invalid.fields.push_back(f);
    if (s.error().fields.empty()) invalid.fields.push_back({"password", s.error().message});
  }
  if (!invalid.fields.empty()) return done(invalid);
  const Timestamp now = clock_.Now();
  bool queued = Queue([this, in = std::move(in), email, name, now, done]() -> void {
    // Hashed whether or not the address has an account: the answer's timing tells nothing.
    auto hash = HashPassword(in.password, options_.cost);
    if (!hash.ok()) return done(std::move(hash).error());
    auto existing = users_.FindUserByEmail(email);
    if (!existing.ok()) return done(std::move(existing).error());
    if (existing->has_value()) return done(OkStatus());
    auto recent = registrations_->CountRegistrations(email, now - std::chrono::hours(24));
    if (!recent.ok()) return done(std::move(recent).error());
    if (*recent >= options_.max_registrations_per_day) return done(OkStatus());
    PendingAccount a;
    a.email = email;
    a.display_name = name.empty() ? email.substr(0, email.find('@')) : name;
    a.password_hash = std::move(*hash);
    a.lang = in.lang.empty() ? "en" : in.lang;
    a.created_at = now;
    a.expires_at = now + options_.registration_ttl;
    const std::string token = RandomToken(kBearerBytes);
    OutboxMessage mail;
    mail.kind = "email";
    mail.event = "confirm_account";
    mail.recipient = email;
    mail.lang = a.lang;
    mail.secret = true;  // the token is blanked once delivered or parked
    mail.Set("display_name", a.display_name)
        .Set("token", token)
        .Set("expires_at", FormatUtc(a.expires_at));
    done(registrations_->CreateRegistration(Sha256Hex(token), a, mail));
  });
  if (!queued) done(Busy());
}

Status AuthService::Register(Registration in) {
  return Await<Status>([&](auto done) { RegisterAsync(std::move(in), std::move(done)); });
}

Result<IssuedToken> AuthService::ConfirmRegistration(std::string_view token) {
  if (registrations_ == nullptr) return Error::Unavailable("registration is not available");
  auto unknown = [] {
    return Error::InvalidField("token", "the confirmation link is unknown, used or expired");
  };
  if (token.empty() || token.size() > 200) return unknown();
  const Timestamp now = clock_.Now();
  auto user = registrations_->ConfirmRegistration(Sha256Hex(token), now);
  if (!user.ok()) return std::move(user).error();
  if (!user->has_value()) return unknown();
  IssuedToken out;
  out.token = RandomToken(kBearerBytes);
  out.expires_at = now + options_.session_ttl;
  C311_TRY(users_.CreateSession(Session{Sha256Hex(out.token), (*user)->id, now, out.expires_at}));
  C311_TRY(audit_.AppendAudit(AuditEntry{0, now, (*user)->id, "user_register", "", std::nullopt,
                                         "user " + std::to_string((*user)->id) + " confirmed"}));
  out.user = std::move(**user);
  return out;
}

Result<std::string> AuthService::EnrolTotp(UserId id, std::string_view issuer) {
  auto user = users_.GetUser(id);
  if (!user.ok()) return std::move(user).error();
  if (!user->has_value()) return Error::NotFound("no such user");
  std::vector<std::uint8_t> secret = GenerateTotpSecret();
  C311_TRY(users_.SetTotpSecret(id, Base32Encode(secret)));
  return OtpauthUri(issuer, (*user)->email, secret);
}

void AuthService::EnrolOwnTotpAsync(const Actor& actor, std::string password, std::string issuer,
                                    std::string client_ip, Done<Result<std::string>> done) {
  if (actor.anonymous) return done(Error::Unauthenticated("sign in first"));
  auto user = users_.GetUser(actor.user_id);
  if (!user.ok()) return done(std::move(user).error());
  if (!user->has_value() || (*user)->disabled) {
    return done(Error::Unauthenticated("sign in first"));
  }
  User u = std::move(**user);
  const std::string email = Lower(u.email);
  const Timestamp now = clock_.Now();
  auto ticket = BeginCheck(email, client_ip, now);
  if (!ticket.ok()) return done(std::move(ticket).error());
  SignInLimiter::Ticket t = *ticket;
  bool queued = Queue([this, password = std::move(password), issuer = std::move(issuer),
                       u = std::move(u), email, now, t, done]() -> void {
    if (!VerifyPassword(u.password_hash, password)) {
      (void)users_.RecordLoginAttempt(email, now, false);
      return done(Error::Unauthenticated("the password is wrong"));
    }
    limiter_.Succeeded(t);
    auto uri = EnrolTotp(u.id, issuer);
    if (!uri.ok()) return done(std::move(uri));
    Status audited =
        audit_.AppendAudit(AuditEntry{0, clock_.Now(), u.id, "totp_enrol", "", std::nullopt, ""});
    if (!audited.ok()) return done(std::move(audited).error());
    done(std::move(uri));
  });
  if (!queued) {
    limiter_.Cancel(t);
    done(Busy());
  }
}

Result<std::string> AuthService::EnrolOwnTotp(const Actor& actor, std::string_view password,
                                              std::string_view issuer, std::string_view client_ip) {
  return Await<Result<std::string>>([&](auto done) {
    EnrolOwnTotpAsync(actor, std::string(password), std::string(issuer), std::string(client_ip),
                      std::move(done));
  });
}

std::string AuthService::CsrfToken(std::string_view session_token) {
  return Sha256Hex(std::string("civic311-csrf:") + std::string(session_token));
}

bool AuthService::CsrfMatches(std::string_view session_token, std::string_view presented) {
  if (session_token.empty()) return false;
  return ConstantTimeEqual(CsrfToken(session_token), presented);
}

Result<User> AuthService::Me(const Actor& actor) {
  if (actor.anonymous) return Error::Unauthenticated("sign in first");
  auto user = users_.GetUser(actor.user_id);
  if (!user.ok()) return std::move(user).error();
  if (!user->has_value()) return Error::Unauthenticated("sign in first");
  User u = std::move(**user);
  u.password_hash.clear();
  u.totp_secret.clear();
  return u;
}

Result<User> AuthService::UpdateProfile(const Actor& actor, std::optional<std::string> display_name,
                                        std::optional<bool> hide_name) {
  auto me = Me(actor);
  if (!me.ok()) return me;
  std::string name = display_name.value_or(me->display_name);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
  std::size_t start = 0;
  while (start < name.size() && (name[start] == ' ' || name[start] == '\t')) ++start;
  name.erase(0, start);
  if (name.size() > 100) return Error::InvalidField("display_name", "must be at most 100 bytes");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) {
      return Error::InvalidField("display_name", "must not contain control characters");
    }
  }
  const bool hide = hide_name.value_or(me->hide_name);
  C311_TRY(users_.SetProfile(actor.user_id, name, hide));
  me->display_name = std::move(name);
  me->hide_name = hide;
  return me;
}

}  // namespace civic311
