#include "adapters/web/session/web_session.hpp"

#include "base/crypto.hpp"

namespace civic311::web {
namespace {

// 20 random bytes: 160 bits, base32 (cookie-safe).
constexpr std::size_t kCsrfBytes = 20;

std::string_view PresentedToken(const http::Request& req) {
  std::string_view presented = req.Header("x-csrf-token");
  if (presented.empty()) presented = req.Param(kCsrfField);
  return presented;
}

}  // namespace

bool IsSafeMethod(http::Method m) {
  return m == http::Method::kGet || m == http::Method::kHead || m == http::Method::kOptions;
}

std::string SessionCookie(const http::Request& req, std::string_view token, std::int64_t max_age) {
  std::string c = std::string(kSessionCookie) + "=" + std::string(token) +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (req.secure) c += "; Secure";
  return c;
}

std::string_view SessionToken(const http::Request& req) { return req.Cookie(kSessionCookie); }

Status CheckCsrf(const http::Request& req) {
  if (IsSafeMethod(req.method)) return OkStatus();
  const std::string_view presented = PresentedToken(req);
  bool ok = false;
  if (std::string_view session = SessionToken(req); !session.empty()) {
    ok = AuthService::CsrfMatches(session, presented);
  } else {
    std::string_view cookie = req.Cookie(kCsrfCookie);
    ok = !cookie.empty() && ConstantTimeEqual(cookie, presented);
  }
  if (ok) return OkStatus();
  return Error::PermissionDenied(
      "the CSRF token is missing or wrong: send the csrf_token of your session in the "
      "X-CSRF-Token header (or reload the page and send the form again)");
}

Result<Actor> SessionActor(AuthService& auth, const http::Request& req) {
  std::string_view session = SessionToken(req);
  if (session.empty()) {
    return Error::Unauthenticated("sign in: Authorization: Bearer TOKEN (or a session cookie)");
  }
  C311_TRY(CheckCsrf(req));
  return auth.Authenticate(session);
}

FormCsrf CsrfForForms(const http::Request& req) {
  if (std::string_view session = SessionToken(req); !session.empty()) {
    return FormCsrf{AuthService::CsrfToken(session), std::nullopt};
  }
  if (std::string_view cookie = req.Cookie(kCsrfCookie); !cookie.empty() && cookie.size() <= 64) {
    return FormCsrf{std::string(cookie), std::nullopt};
  }
  FormCsrf f;
  f.token = RandomToken(kCsrfBytes);
  f.set_cookie = std::string(kCsrfCookie) + "=" + f.token + "; Path=/; HttpOnly; SameSite=Lax";
  if (req.secure) *f.set_cookie += "; Secure";
  return f;
}

}  // namespace civic311::web
