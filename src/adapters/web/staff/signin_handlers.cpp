// Sign-in and sign-out of the console: AuthService::Login (password, then the authenticator
// code when the account has one; throttled there), the session cookie of adapters/web/session.
#include <algorithm>
#include <chrono>

#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/handlers.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

// Only console paths: a sign-in link can never send a person elsewhere.
std::string ConsoleNext(std::string_view next) {
  if (!next.starts_with("/staff/") || next.size() > 300 || next.starts_with("/staff/signin")) {
    return "/staff/queue";
  }
  return std::string(next);
}

http::Response SignInForm(const D& d, const http::Request& req, const portal::Visit& v,
                          const std::string& error, bool ask_code, int status) {
  const PortalDeps& w = *d.web;
  json::object view = portal::BaseView(w, v, req, w.messages->Get(v.lang, "staff_signin_title"));
  view["next"] = ConsoleNext(req.Param("next"));
  view["email_value"] = std::string(req.Param("email"));
  view["ask_code"] = ask_code;
  view["reset_done"] = req.Param("reset") == "1";
  if (!error.empty()) {
    view["errors"] =
        json::array{json::object{{"href", ask_code ? "#totp" : "#email"}, {"message", error}}};
    view["error"] = error;
  }
  return portal::Render(w, v, req, "staff/signin", std::move(view), status);
}

}  // namespace

http::Response GetSignIn(const D& d, const http::Request& req) {
  portal::Visit v = portal::Begin(*d.web, req);
  if (v.actor && v.actor->role != Role::kResident) {
    return portal::Redirect(ConsoleNext(req.Param("next")), &v);
  }
  return SignInForm(d, req, v, "", false, 200);
}

// Argon2id runs on AuthService's own hashing pool (asynchronous handler), never on a request
// worker, and the client address feeds the per-address limit (security.md, findings 1 and 2).
void PostSignIn(const D& d, const http::Request& req, http::Responder reply) {
  const PortalDeps& w = *d.web;
  if (Status s = web::CheckCsrf(req); !s.ok())
    return reply.Send(portal::ErrorPage(w, req, s.error()));
  Credentials creds;
  creds.email = std::string(req.Param("email"));
  creds.password = std::string(req.Param("password"));
  creds.totp_code = std::string(req.Param("totp"));
  creds.client_ip = req.client_ip;
  // `d` and `req` stay valid until reply.Send(): the callback renders from them, then sends.
  w.auth->LoginAsync(std::move(creds), [&d, &w, &req, reply](Result<IssuedToken> issued) {
    portal::Visit v = portal::Begin(w, req);
    if (!issued.ok()) {
      const Error& e = issued.error();
      const bool needs_code = std::any_of(e.fields.begin(), e.fields.end(),
                                          [](const auto& f) { return f.field == "totp"; });
      const bool throttled =
          e.code == ErrorCode::kUnavailable || e.code == ErrorCode::kResourceExhausted;
      std::string key = throttled    ? "err_signin_throttled"
                        : needs_code ? "staff_code_required"
                                     : "err_signin";
      http::Response r =
          SignInForm(d, req, v, std::string(w.messages->Get(v.lang, key)),
                     needs_code || !req.Param("totp").empty(), throttled ? 429 : 400);
      if (throttled) r.SetHeader("Retry-After", std::to_string(std::max(1, e.retry_after_seconds)));
      return reply.Send(std::move(r));
    }
    if (issued->user.role == Role::kResident) {
      // A resident's password is right, but the console is not theirs: no session is kept.
      (void)w.auth->Logout(issued->token);
      return reply.Send(
          SignInForm(d, req, v, std::string(w.messages->Get(v.lang, "staff_only")), false, 403));
    }
    const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(
                             issued->expires_at - std::chrono::system_clock::now())
                             .count();
    http::Response r = portal::Redirect(ConsoleNext(req.Param("next")), &v);
    r.SetHeader("Set-Cookie",
                web::SessionCookie(req, issued->token, std::max<std::int64_t>(max_age, 1)));
    reply.Send(std::move(r));
  });
}

http::Response PostSignOut(const D& d, const http::Request& req) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return portal::ErrorPage(*d.web, req, s.error());
  if (std::string_view token = web::SessionToken(req); !token.empty()) {
    (void)d.web->auth->Logout(token);
  }
  http::Response r = portal::Redirect("/staff/signin");
  r.SetHeader("Set-Cookie", web::SessionCookie(req, "", 0));
  return r;
}

http::Response GetHome(const D& d, const http::Request& req) {
  http::Response refusal;
  if (!Enter(d, req, &refusal)) return refusal;
  return portal::Redirect("/staff/queue");
}

}  // namespace civic311::console
