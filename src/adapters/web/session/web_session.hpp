// The browser session and CSRF check shared by every HTML/cookie front door (the resident portal,
// the staff API's cookie sessions, later the staff console): one cookie format, one CSRF rule.
//
// Session: cookie `c311_session` holds the bearer token AuthService issued (HttpOnly,
// SameSite=Strict, Path=/, Secure when the request came over TLS). Scripts never read it.
// CSRF, for every method but GET/HEAD/OPTIONS:
//   - signed in (session cookie present): the presented token (header X-CSRF-Token or form field
//     csrf_token) must equal AuthService::CsrfToken(session) — derived from a secret only that
//     browser holds;
//   - anonymous (a resident reporting without an account): double-submit — the presented token
//     must equal the `c311_csrf` cookie (random, HttpOnly, SameSite=Lax). A forged cross-site
//     form can neither read nor set that cookie, so it cannot present its value.
// Comparisons are constant-time. Thread-safety: free functions without state; safe anywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/auth_service.hpp"
#include "base/result.hpp"
#include "http/api/message.hpp"

namespace civic311::web {

inline constexpr std::string_view kSessionCookie = "c311_session";
inline constexpr std::string_view kCsrfCookie = "c311_csrf";
inline constexpr std::string_view kCsrfField = "csrf_token";

// GET, HEAD and OPTIONS change nothing: no CSRF token is needed.
bool IsSafeMethod(http::Method m);

// Set-Cookie value for the session cookie; max_age 0 (and an empty token) clears it.
std::string SessionCookie(const http::Request& req, std::string_view token, std::int64_t max_age);

// The session token from the cookie, or empty.
std::string_view SessionToken(const http::Request& req);

// OK when `req` may change state (safe method, or the right CSRF token, see above);
// kPermissionDenied otherwise.
Status CheckCsrf(const http::Request& req);

// The actor of the session cookie: kUnauthenticated without a cookie or for an expired/unknown
// session; kPermissionDenied when a state-changing request lacks the CSRF token.
Result<Actor> SessionActor(AuthService& auth, const http::Request& req);

// The token a page puts in its forms' csrf_token field. Signed in: derived from the session. Else
// the c311_csrf cookie's value; when the visitor has none yet, a new one is made and
// `set_cookie` holds the Set-Cookie header the page must send along.
struct FormCsrf {
  std::string token;
  std::optional<std::string> set_cookie;
};
FormCsrf CsrfForForms(const http::Request& req);

}  // namespace civic311::web
