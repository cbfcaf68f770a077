// "Forgot password" for staff (docs/console.md): AuthService::StartPasswordReset writes a one-use
// code and its e-mail into the notifications outbox in one transaction (the worker delivers it;
// templates/email/password_reset.*), and AuthService::ResetPasswordAsync sets the new password
// with that code (the whole password policy first; success ends every session of the account).
//
// The answer to "send me a code" is the same, at the same moment, whether or not the address has
// an account: the work that differs happens after the answer has gone (as the staff API's
// POST /api/v1/auth/password_reset). Both forms carry the CSRF token; neither needs a session.
#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/handlers.hpp"
#include "base/log.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxEmailBytes = 254;

http::Response ForgotPage(const D& d, const http::Request& req, const portal::Visit& v, bool sent,
                          const std::string& error, int status) {
  const PortalDeps& w = *d.web;
  json::object view = portal::BaseView(w, v, req, w.messages->Get(v.lang, "c2_forgot_title"));
  view["sent"] = sent;
  view["email_value"] = std::string(req.Param("email"));
  if (!error.empty()) {
    view["error"] = error;
    view["errors"] =
        json::array{json::object{{"href", sent ? "#code" : "#email"}, {"message", error}}};
  }
  return portal::Render(w, v, req, "staff/forgot", std::move(view), status);
}

}  // namespace

http::Response GetForgot(const D& d, const http::Request& req) {
  return ForgotPage(d, req, portal::Begin(*d.web, req), false, "", 200);
}

void PostForgot(const D& d, const http::Request& req, http::Responder reply) {
  const PortalDeps& w = *d.web;
  if (Status s = web::CheckCsrf(req); !s.ok())
    return reply.Send(portal::ErrorPage(w, req, s.error()));
  portal::Visit v = portal::Begin(w, req);
  const std::string email(req.Param("email"));
  if (email.empty() || email.size() > kMaxEmailBytes || email.find('@') == std::string::npos) {
    return reply.Send(
        ForgotPage(d, req, v, false, std::string(w.messages->Get(v.lang, "c2_forgot_email")), 400));
  }
  const std::string request_id = req.request_id;
  reply.Send(ForgotPage(d, req, v, true, "", 200));  // `req` is gone from here on
  auto started = w.auth->StartPasswordReset(email);
  if (!started.ok()) {
    Log(LogLevel::kError, "password reset failed",
        {{"request_id", request_id}, {"error", started.error().detail}});
  }
}

void PostReset(const D& d, const http::Request& req, http::Responder reply) {
  const PortalDeps& w = *d.web;
  if (Status s = web::CheckCsrf(req); !s.ok())
    return reply.Send(portal::ErrorPage(w, req, s.error()));
  std::string code(req.Param("code"));
  std::string password(req.Param("password"));
  if (code.empty() || password.empty()) {
    portal::Visit v = portal::Begin(w, req);
    return reply.Send(
        ForgotPage(d, req, v, true, std::string(w.messages->Get(v.lang, "c2_reset_missing")), 400));
  }
  // `d` and `req` stay valid until reply.Send(): the callback renders from them, then sends.
  w.auth->ResetPasswordAsync(std::move(code), std::move(password), [&d, &w, &req, reply](Status s) {
    portal::Visit v = portal::Begin(w, req);
    if (s.ok()) return reply.Send(portal::Redirect("/staff/signin?reset=1", &v));
    std::string message = s.error().message;
    for (const FieldError& f : s.error().fields) message += " " + f.message + ".";
    if (s.error().code == ErrorCode::kInvalidArgument &&
        std::any_of(s.error().fields.begin(), s.error().fields.end(),
                    [](const FieldError& f) { return f.field == "token"; })) {
      message = w.messages->Get(v.lang, "c2_reset_bad_code");
    }
    reply.Send(ForgotPage(d, req, v, true, message, 400));
  });
}

}  // namespace civic311::console
