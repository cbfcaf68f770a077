// /account/register and /account/confirm: a resident registers from the portal; the account
// exists only once the link in the confirmation e-mail is used (AuthService::RegisterAsync,
// ConfirmRegistration; docs/portal.md, "Accounts").
#include "adapters/web/portal/handlers.hpp"
#include "adapters/web/portal/page.hpp"

namespace civic311::portal {
namespace json = boost::json;
namespace {

json::object RegisterView(const D& d, const Visit& v, const http::Request& req) {
  json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "p2_register_title"));
  view["email_value"] = std::string(req.Param("email"));
  view["display_name"] = std::string(req.Param("display_name"));
  return view;
}

// The resident-facing words for a field the registration refused.
std::string FieldWords(const D& d, std::string_view lang, const FieldError& f) {
  if (f.field == "email") return std::string(d.messages->Get(lang, "p2_err_email"));
  if (f.field == "password") return std::string(d.messages->Get(lang, "p2_err_password"));
  return std::string(d.messages->Get(lang, "p2_err_display_name"));
}

}  // namespace

http::Response GetRegister(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  if (v.actor) return Redirect("/account", &v);
  return Render(d, v, req, "register", RegisterView(d, v, req));
}

// Hashing the password runs on AuthService's pool (asynchronous handler), like sign-in.
void PostRegister(const D& d, const http::Request& req, http::Responder reply) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return reply.Send(ErrorPage(d, req, s.error()));
  Visit first = Begin(d, req);
  Registration in;
  in.email = std::string(req.Param("email"));
  in.display_name = std::string(req.Param("display_name"));
  in.password = std::string(req.Param("password"));
  in.lang = first.lang;
  if (req.Param("password") != req.Param("password_again")) {
    json::object view = RegisterView(d, first, req);
    const std::string msg(d.messages->Get(first.lang, "p2_err_password_again"));
    view["has_errors"] = true;
    view["errors"] = json::array{json::object{{"href", "#password_again"}, {"message", msg}}};
    view["err"] = json::object{{"password_again", msg}};
    return reply.Send(Render(d, first, req, "register", std::move(view), 400));
  }
  d.auth->RegisterAsync(std::move(in), [&d, &req, reply](Status done) {
    Visit v = Begin(d, req);
    if (done.ok()) {
      json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "p2_register_title"));
      view["sent"] = true;
      return reply.Send(Render(d, v, req, "register", std::move(view)));
    }
    const Error& e = done.error();
    if (e.code != ErrorCode::kInvalidArgument) return reply.Send(ErrorPage(d, req, e));
    json::object view = RegisterView(d, v, req);
    json::array summary;
    json::object err;
    for (const FieldError& f : e.fields) {
      const std::string id = f.field == "display_name" || f.field == "email" ? f.field : "password";
      if (err.contains(id)) continue;
      const std::string msg = FieldWords(d, v.lang, f);
      summary.push_back(json::object{{"href", "#" + id}, {"message", msg}});
      err[id] = msg;
    }
    view["has_errors"] = true;
    view["errors"] = std::move(summary);
    view["err"] = std::move(err);
    reply.Send(Render(d, v, req, "register", std::move(view), 400));
  });
}

// The link of the e-mail opens a page with one button: following a link changes nothing (mail
// scanners open links to look at them), the button does.
http::Response GetConfirm(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "p2_confirm_title"));
  view["token"] = std::string(req.Param("token"));
  return Render(d, v, req, "confirm", std::move(view));
}

http::Response PostConfirm(const D& d, const http::Request& req) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return ErrorPage(d, req, s.error());
  Visit v = Begin(d, req);
  auto issued = d.auth->ConfirmRegistration(req.Param("token"));
  if (!issued.ok()) {
    const ErrorCode code = issued.error().code;
    if (code != ErrorCode::kInvalidArgument && code != ErrorCode::kConflict) {
      return ErrorPage(d, req, issued.error());
    }
    json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "p2_confirm_title"));
    view["failed"] = true;
    view["conflict"] = code == ErrorCode::kConflict;
    return Render(d, v, req, "confirm", std::move(view), code == ErrorCode::kConflict ? 409 : 400);
  }
  const auto max_age =
      std::chrono::duration_cast<std::chrono::seconds>(issued->expires_at - d.requests->Now())
          .count();
  http::Response r = Redirect("/account?welcome=1", &v);
  r.SetHeader("Set-Cookie",
              web::SessionCookie(req, issued->token, std::max<std::int64_t>(max_age, 1)));
  return r;
}

}  // namespace civic311::portal
