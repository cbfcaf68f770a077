#include "app/auth_service.hpp"

#include <algorithm>
#include <cctype>

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

}  // namespace

AuthService::AuthService(UserStore& users, AuditStore& audit, const Clock& clock,
                         AuthOptions options)
    : users_(users), audit_(audit), clock_(clock), options_([&] {
        AuthOptions o = options;
        o.max_concurrent_hashes = std::max(1, o.max_concurrent_hashes);
        return o;
      }()) {}

// At most options_.max_concurrent_hashes Argon2id runs at once: each takes the cost's memory
// (64 MiB interactive), so a shift signing in at 8:00 queues for a few hundred milliseconds
// instead of multiplying the server's memory.
class AuthService::HashSlot {
 public:
  explicit HashSlot(AuthService& a) : a_(a) {
    std::unique_lock lock(a_.hash_mu_);
    a_.hash_cv_.wait(lock, [&] { return a_.hashing_ < a_.options_.max_concurrent_hashes; });
    ++a_.hashing_;
    a_.hashing_peak_ = std::max(a_.hashing_peak_, a_.hashing_);
  }
  ~HashSlot() {
    {
      std::lock_guard lock(a_.hash_mu_);
      --a_.hashing_;
    }
    a_.hash_cv_.notify_one();
  }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;

 private:
  AuthService& a_;
};

Result<std::string> AuthService::Hash(std::string_view password) {
  HashSlot slot(*this);
  return HashPassword(password, options_.cost);
}

bool AuthService::Verify(std::string_view stored, std::string_view password) {
  HashSlot slot(*this);
  return VerifyPassword(stored, password);
}

int AuthService::peak_concurrent_hashes() {
  std::lock_guard lock(hash_mu_);
  return hashing_peak_;
}

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
  auto hash = Hash(in.password);
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

Result<IssuedToken> AuthService::Login(std::string_view email_in, std::string_view password,
                                       std::string_view totp_code) {
  const std::string email = Lower(email_in);
  const Timestamp now = clock_.Now();
  auto failures = users_.CountFailedLogins(email, now - options_.failure_window);
  if (!failures.ok()) return std::move(failures).error();
  if (*failures >= options_.max_failures) {
    return Error::ResourceExhausted("too many failed sign-ins; try again in 15 minutes");
  }
  auto found = users_.FindUserByEmail(email);
  if (!found.ok()) return std::move(found).error();
  auto fail = [&]() -> Error {
    (void)users_.RecordLoginAttempt(email, now, false);
    return WrongCredentials();
  };
  if (!found->has_value() || (*found)->disabled) {
    (void)Verify(DummyHash(), password);
    return fail();
  }
  User user = std::move(**found);
  if (!Verify(user.password_hash, password)) return fail();
  if (!user.totp_secret.empty()) {
    if (totp_code.empty()) {
      Error e = Error::Unauthenticated("a code from your authenticator app is required");
      e.fields.push_back({"totp", "is required"});
      return e;
    }
    auto key = Base32Decode(user.totp_secret);
    if (!key) return Error::Internal("user " + std::to_string(user.id) + ": bad TOTP secret");
    auto step = VerifyTotp(*key, totp_code, now, user.totp_last_step);
    if (!step.ok()) return fail();
    Status recorded = users_.RecordTotpStep(user.id, *step);
    if (!recorded.ok()) return fail();  // the same code raced us: each code works once
  }
  (void)users_.RecordLoginAttempt(email, now, true);
  if (PasswordNeedsRehash(user.password_hash, options_.cost)) {
    if (auto h = Hash(password); h.ok()) {
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
  auto found = users_.FindUserByEmail(Lower(email));
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value() || (*found)->disabled) return std::optional<std::string>();
  std::string token = RandomToken(kBearerBytes);
  const Timestamp expires = clock_.Now() + options_.reset_ttl;
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

Status AuthService::ResetPassword(std::string_view reset_token, std::string_view new_password) {
  // The rules that need no account first, so a too-short password does not use the token up.
  C311_TRY(CheckPasswordPolicy(new_password, {}));
  auto user_id = users_.ConsumePasswordReset(Sha256Hex(reset_token), clock_.Now());
  if (!user_id.ok()) return std::move(user_id).error();
  if (!user_id->has_value()) {
    return Error::InvalidField("token", "the reset link is unknown, used or expired");
  }
  auto user = users_.GetUser(**user_id);
  if (!user.ok()) return std::move(user).error();
  if (!user->has_value()) return Error::NotFound("no such user");
  C311_TRY(CheckPasswordPolicy(new_password, {(*user)->email, (*user)->display_name}));
  auto hash = Hash(new_password);
  if (!hash.ok()) return std::move(hash).error();
  C311_TRY(users_.SetPasswordHash(**user_id, *hash));
  // Whoever knew the old password is signed out everywhere.
  return users_.DeleteSessionsOfUser(**user_id);
}

Result<std::string> AuthService::EnrolTotp(UserId id, std::string_view issuer) {
  auto user = users_.GetUser(id);
  if (!user.ok()) return std::move(user).error();
  if (!user->has_value()) return Error::NotFound("no such user");
  std::vector<std::uint8_t> secret = GenerateTotpSecret();
  C311_TRY(users_.SetTotpSecret(id, Base32Encode(secret)));
  return OtpauthUri(issuer, (*user)->email, secret);
}

Result<std::string> AuthService::EnrolOwnTotp(const Actor& actor, std::string_view password,
                                              std::string_view issuer) {
  if (actor.anonymous) return Error::Unauthenticated("sign in first");
  auto user = users_.GetUser(actor.user_id);
  if (!user.ok()) return std::move(user).error();
  if (!user->has_value() || (*user)->disabled) return Error::Unauthenticated("sign in first");
  if (!Verify((*user)->password_hash, password)) {
    return Error::Unauthenticated("the password is wrong");
  }
  auto uri = EnrolTotp(actor.user_id, issuer);
  if (!uri.ok()) return uri;
  C311_TRY(audit_.AppendAudit(
      AuditEntry{0, clock_.Now(), actor.user_id, "totp_enrol", "", std::nullopt, ""}));
  return uri;
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
