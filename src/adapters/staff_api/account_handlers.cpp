// Accounts: password reset, the signed-in user, TOTP enrolment, sign-out; following requests;
// the audit log.
//   POST   /api/v1/auth/password_reset          {email} -> 202 (whether or not it has an account)
//   POST   /api/v1/auth/password_reset/confirm  {token, password} -> 204
//   POST   /api/v1/auth/logout                  -> 204 (the bearer token stops working)
//   POST   /api/v1/auth/session                 {email, password, totp?} -> {csrf_token} +
//                                                Set-Cookie (HttpOnly, SameSite=Strict, Secure
//                                                behind TLS); DELETE: sign out, cookie cleared
//   GET    /api/v1/me                           -> the account (no secrets)
//   PATCH  /api/v1/me                           {display_name?, hide_name?} -> the account
//   POST   /api/v1/me/totp                      {password} -> {otpauth_uri}
//   PUT    /api/v1/requests/{id}/follow         -> 204; DELETE: stop following -> 204
//   GET    /api/v1/audit                        ?department=&limit= -> {"entries":[…]}
#include <algorithm>
#include <chrono>

#include "adapters/staff_api/handlers.hpp"
#include "adapters/staff_api/json_io.hpp"
#include "adapters/web/session/web_session.hpp"
#include "base/log.hpp"
#include "base/time_format.hpp"

namespace civic311::staff_api {
namespace json = boost::json;
namespace {

http::Response NoContent() {
  http::Response r;
  r.status = 204;
  return r;
}

// A required non-empty string member, or kInvalidArgument naming it.
Result<std::string> Required(const json::object& o, std::string_view key) {
  auto v = GetString(o, key);
  if (!v.ok()) return std::move(v).error();
  if (!*v || (*v)->empty()) return Error::InvalidField(std::string(key), "is required");
  return std::move(**v);
}

}  // namespace

Result<Actor> SignedIn(const StaffApiDeps& d, const http::Request& req) {
  if (std::string_view token = BearerToken(req); !token.empty()) {
    return d.auth->Authenticate(token);
  }
  // A browser session: the cookie, and for anything that changes state, the CSRF token too
  // (adapters/web/session, shared with the portal).
  return web::SessionActor(*d.auth, req);
}

void PostSession(const StaffApiDeps& d, const http::Request& req, http::Responder reply) {
  auto creds = CredentialsFrom(req);
  if (!creds.ok()) return reply.Send(ErrorResponse(creds.error(), req));
  // `req` is valid until reply.Send(): the callback builds the answer from it, then sends.
  d.auth->LoginAsync(std::move(*creds), [&req, reply](Result<IssuedToken> issued) {
    if (!issued.ok()) return reply.Send(ErrorResponse(issued.error(), req));
    const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(
                             issued->expires_at - std::chrono::system_clock::now())
                             .count();
    auto res = JsonResponse(200, json::object{{"csrf_token", AuthService::CsrfToken(issued->token)},
                                              {"expires_at", FormatUtc(issued->expires_at)},
                                              {"user", UserJson(issued->user)}});
    res.SetHeader("Set-Cookie",
                  web::SessionCookie(req, issued->token, std::max<std::int64_t>(max_age, 1)));
    res.SetHeader("Cache-Control", "no-store");
    reply.Send(std::move(res));
  });
}

http::Response DeleteSession(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  std::string_view token = BearerToken(req);
  if (token.empty()) token = web::SessionToken(req);
  Status s = d.auth->Logout(token);
  if (!s.ok()) return ErrorResponse(s.error(), req);
  http::Response res = NoContent();
  res.SetHeader("Set-Cookie", web::SessionCookie(req, "", 0));
  return res;
}

void PostPasswordReset(const StaffApiDeps& d, const http::Request& req, http::Responder reply) {
  auto body = ParseBody(req);
  if (!body.ok()) return reply.Send(ErrorResponse(body.error(), req));
  auto email = Required(*body, "email");
  if (!email.ok()) return reply.Send(ErrorResponse(email.error(), req));
  if (email->size() > 254) {
    return reply.Send(ErrorResponse(Error::InvalidField("email", "is too long"), req));
  }
  // The same answer, at the same moment, whether or not the address has an account: the work
  // that differs (finding the account, writing the token and its e-mail) happens after the
  // answer has gone. A failure then is logged; the person asks again.
  const std::string request_id = req.request_id;
  reply.Send(JsonResponse(202, json::object{{"message",
                                             "If this address has an account, an e-mail with a "
                                             "reset link is on its way. The link works once, for "
                                             "one hour."}}));
  auto started = d.auth->StartPasswordReset(*email);
  if (!started.ok()) {
    Log(LogLevel::kError, "password reset failed",
        {{"request_id", request_id}, {"error", started.error().detail}});
  }
}

void PostPasswordResetConfirm(const StaffApiDeps& d, const http::Request& req,
                              http::Responder reply) {
  auto body = ParseBody(req);
  if (!body.ok()) return reply.Send(ErrorResponse(body.error(), req));
  Error missing = Error::InvalidArgument("token and password are required");
  auto token = Required(*body, "token");
  if (!token.ok()) missing.fields.push_back({"token", "is required"});
  auto password = Required(*body, "password");
  if (!password.ok()) missing.fields.push_back({"password", "is required"});
  if (!missing.fields.empty()) return reply.Send(ErrorResponse(missing, req));
  d.auth->ResetPasswordAsync(std::move(*token), std::move(*password), [&req, reply](Status s) {
    if (!s.ok()) return reply.Send(ErrorResponse(s.error(), req));
    reply.Send(NoContent());
  });
}

http::Response PostLogout(const StaffApiDeps& d, const http::Request& req) {
  // Ends whichever session signed the request in: a bearer token, or the cookie session (then
  // the cookie is cleared too, as DELETE /api/v1/auth/session does).
  return DeleteSession(d, req);
}

http::Response GetMe(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto me = d.auth->Me(*actor);
  if (!me.ok()) return ErrorResponse(me.error(), req);
  return JsonResponse(200, UserJson(*me));
}

http::Response PatchMe(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto body = ParseBody(req);
  if (!body.ok()) return ErrorResponse(body.error(), req);
  auto name = GetString(*body, "display_name");
  if (!name.ok()) return ErrorResponse(name.error(), req);
  std::optional<bool> hide;
  if (auto it = body->find("hide_name"); it != body->end()) {
    if (!it->value().is_bool()) {
      return ErrorResponse(Error::InvalidField("hide_name", "must be true or false"), req);
    }
    hide = it->value().as_bool();
  }
  auto me = d.auth->UpdateProfile(*actor, *name, hide);
  if (!me.ok()) return ErrorResponse(me.error(), req);
  return JsonResponse(200, UserJson(*me));
}

void PostTotp(const StaffApiDeps& d, const http::Request& req, http::Responder reply) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return reply.Send(ErrorResponse(actor.error(), req));
  auto body = ParseBody(req);
  if (!body.ok()) return reply.Send(ErrorResponse(body.error(), req));
  auto password = Required(*body, "password");
  if (!password.ok()) return reply.Send(ErrorResponse(password.error(), req));
  d.auth->EnrolOwnTotpAsync(*actor, std::move(*password), std::string(d.workflow->city()->name),
                            req.client_ip, [&req, reply](Result<std::string> uri) {
                              if (!uri.ok()) return reply.Send(ErrorResponse(uri.error(), req));
                              reply.Send(JsonResponse(200, json::object{{"otpauth_uri", *uri}}));
                            });
}

namespace {
http::Response Follow(const StaffApiDeps& d, const http::Request& req, bool on) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto id = PathId(req.path_params.at(0));
  if (!id) return ErrorResponse(Error::NotFound("no such service request"), req);
  Status s = d.workflow->Follow(*actor, *id, on);
  if (!s.ok()) return ErrorResponse(s.error(), req);
  return NoContent();
}
}  // namespace

http::Response PutFollow(const StaffApiDeps& d, const http::Request& req) {
  return Follow(d, req, true);
}
http::Response DeleteFollow(const StaffApiDeps& d, const http::Request& req) {
  return Follow(d, req, false);
}

http::Response GetAudit(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  int limit = 100;
  if (auto l = req.Param("limit"); !l.empty()) {
    auto v = PathId(l);
    if (!v || *v > 500) return ErrorResponse(Error::InvalidField("limit", "must be 1 to 500"), req);
    limit = static_cast<int>(*v);
  }
  auto entries = d.workflow->ListAudit(*actor, req.Param("department"), limit);
  if (!entries.ok()) return ErrorResponse(entries.error(), req);
  json::array out;
  for (const AuditEntry& e : *entries) {
    json::object o{
        {"id", e.id},         {"at", FormatUtc(e.at)},           {"actor_user_id", e.actor_user_id},
        {"action", e.action}, {"department", e.department_code}, {"detail", e.detail}};
    if (e.request_id) o["service_request_id"] = *e.request_id;
    out.push_back(std::move(o));
  }
  return JsonResponse(200, json::object{{"entries", std::move(out)}});
}

}  // namespace civic311::staff_api
