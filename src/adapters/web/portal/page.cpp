#include "adapters/web/portal/page.hpp"

#include <chrono>
#include <cmath>

#include "base/log.hpp"
#include "http/api/status.hpp"

namespace civic311::portal {
namespace json = boost::json;
namespace {

constexpr std::string_view kLangCookie = "c311_lang";

// No inline script anywhere (the scripts are files under /static); styles likewise, so the CSP
// needs no 'unsafe-inline' at all. Map tiles are the one outside source (img-src).
std::string ContentSecurityPolicy(const City& city) {
  std::string img = "'self' data:";
  const std::string& tiles = city.portal.tile_url;
  if (tiles.starts_with("https://")) {
    const std::size_t host_end = tiles.find('/', 8);
    std::string origin = tiles.substr(0, host_end);
    // "{s}.tile…" subdomain templates: allow the parent host's subdomains.
    if (auto brace = origin.find("{s}."); brace != std::string::npos) {
      std::string wild;
      wild.append(origin, 0, brace);
      wild.push_back('*');
      wild.append(origin, brace + 3);
      origin.swap(wild);
    }
    img += " " + origin;
  }
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + img +
         "; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; "
         "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

std::string CookieLang(const PortalDeps& d, const http::Request& req) {
  std::string_view c = req.Cookie(kLangCookie);
  if (!c.empty() && d.messages->Has(c)) return std::string(c);
  return "";
}

}  // namespace

void AddSecurityHeaders(http::Response& r) {
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("Referrer-Policy", "same-origin");
  r.SetHeader("X-Frame-Options", "DENY");
  r.SetHeader("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()");
}

Visit Begin(const PortalDeps& d, const http::Request& req) {
  Visit v;
  std::string_view asked = req.Param("lang");
  if (!asked.empty() && d.messages->Has(asked)) {
    v.lang = std::string(asked);
    v.lang_cookie = std::string(kLangCookie) + "=" + v.lang +
                    "; Path=/; Max-Age=31536000; SameSite=Lax" + (req.secure ? "; Secure" : "");
  } else if (std::string c = CookieLang(d, req); !c.empty()) {
    v.lang = c;
  } else {
    v.lang = d.messages->Negotiate(req.Header("accept-language"));
  }
  v.city = &d.CityIn(v.lang);
  v.csrf = web::CsrfForForms(req);
  if (!web::SessionToken(req).empty() && d.auth) {
    // Reading the actor needs no CSRF token; state changes check it in their handlers.
    auto actor = d.auth->Authenticate(web::SessionToken(req));
    if (actor.ok() && !actor->anonymous) {
      v.actor = *actor;
      auto me = d.auth->Me(*actor);
      if (me.ok()) v.user = std::move(me).value();
    }
  }
  return v;
}

json::object BaseView(const PortalDeps& d, const Visit& v, const http::Request& req,
                      std::string_view title) {
  const City& city = *d.city;
  json::object view;
  view["lang"] = v.lang;
  view["t"] = d.messages->All(v.lang);
  view["title"] = title;
  view["csrf"] = v.csrf.token;
  view["path"] = req.path;
  json::object c;
  c["name"] = city.branding.name.empty() ? city.name : city.branding.name;
  c["primary_color"] = city.branding.primary_color;
  c["logo_url"] = city.branding.logo_url;
  c["tile_url"] = city.portal.tile_url;
  c["tile_attribution"] = city.portal.tile_attribution;
  c["center_lat"] = (city.bounds.min_lat + city.bounds.max_lat) / 2;
  c["center_lon"] = (city.bounds.min_lon + city.bounds.max_lon) / 2;
  json::array links;
  // The footer in the visit's language (Localized: a link's own label where it has none).
  const City& local = v.city != nullptr ? *v.city : city;
  for (const auto& l : local.branding.footer_links) {
    links.push_back(json::object{{"label", l.label}, {"url", l.url}});
  }
  c["footer_links"] = std::move(links);
  view["city"] = std::move(c);
  json::array langs;
  for (const std::string& code : d.messages->languages()) {
    if (code == v.lang) continue;
    langs.push_back(json::object{{"code", code},
                                 {"name", d.messages->Get(code, "lang_name")},
                                 {"href", req.path + "?lang=" + code}});
  }
  view["other_langs"] = std::move(langs);
  view["signed_in"] = v.actor.has_value();
  if (v.user)
    view["user_name"] = v.user->display_name.empty() ? v.user->email : v.user->display_name;
  return view;
}

http::Response Render(const PortalDeps& d, const Visit& v, const http::Request& req,
                      std::string_view name, json::object view, int status) {
  // has_<list> for every list, so a template can wrap a non-empty list in a heading or <ul>.
  std::vector<std::string> lists;
  for (const auto& [k, val] : view) {
    if (val.is_array()) lists.emplace_back(k);
  }
  for (const std::string& k : lists) view["has_" + k] = !view[k].as_array().empty();
  // "queue" is a portal template; "staff/queue" names another room's folder (the console's).
  const std::string file =
      (name.find('/') == std::string_view::npos ? "portal/" : "") + std::string(name);
  auto body = d.templates->Render(file + ".html.mustache", view);
  if (!body.ok()) {
    Log(LogLevel::kError, "template failed",
        {{"template", std::string(name)},
         {"detail", body.error().detail.empty() ? body.error().message : body.error().detail},
         {"request_id", req.request_id}});
    return ErrorPage(d, req, 500, "");
  }
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body).value();
  AddSecurityHeaders(r);
  r.SetHeader("Content-Security-Policy", ContentSecurityPolicy(*d.city));
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("Content-Language", v.lang);
  r.SetHeader("Vary", "Cookie, Accept-Language");
  if (v.lang_cookie) r.SetHeader("Set-Cookie", *v.lang_cookie);
  if (v.csrf.set_cookie) r.SetHeader("Set-Cookie", *v.csrf.set_cookie);
  return r;
}

http::Response Redirect(std::string_view local_path, const Visit* v) {
  http::Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  // Only paths on this site: "//evil.example" and "/\evil" would leave it.
  std::string to(local_path);
  if (to.empty() || to[0] != '/' || (to.size() > 1 && (to[1] == '/' || to[1] == '\\'))) to = "/";
  r.SetHeader("Location", to);
  AddSecurityHeaders(r);
  if (v != nullptr && v->lang_cookie) r.SetHeader("Set-Cookie", *v->lang_cookie);
  return r;
}

http::Response ErrorPage(const PortalDeps& d, const http::Request& req, const Error& e) {
  if (e.code == ErrorCode::kInternal || e.code == ErrorCode::kUnavailable) {
    Log(LogLevel::kError, "portal request failed",
        {{"detail", e.detail.empty() ? e.message : e.detail}, {"request_id", req.request_id}});
  }
  return ErrorPage(d, req, http::StatusForError(e.code), e.message);
}

http::Response ErrorPage(const PortalDeps& d, const http::Request& req, int status,
                         std::string_view message) {
  // The language as for every page (?lang=, the cookie, Accept-Language), without remembering
  // it: an error page is not a place to change the visitor's choice.
  Visit v = Begin(d, req);
  v.lang_cookie.reset();
  const std::string key = status == 404   ? "error_404"
                          : status == 403 ? "error_403"
                          : status == 405 ? "p4_error_405"
                          : status == 413 ? "p4_error_413"
                          : status >= 500 ? "error_500"
                                          : "error_400";
  json::object view = BaseView(d, v, req, d.messages->Get(v.lang, key));
  view["status"] = status;
  view["heading"] = d.messages->Get(v.lang, key);
  // Internal errors never show their message (it could name internals); others are public.
  // A missing page, a refused form (CSRF), a wrong method and a body too large get the visitor's
  // words: the messages behind them are English and written for programs.
  const std::string_view text_key = status == 404   ? "p3_error_404_text"
                                    : status == 403 ? "p3_error_403_text"
                                    : status == 405 ? "p4_error_405_text"
                                    : status == 413 ? "p4_error_413_text"
                                                    : "";
  if (!text_key.empty()) {
    view["message"] = d.messages->Get(v.lang, text_key);
  } else if (status < 500) {
    view["message"] = message.empty() ? d.messages->Get(v.lang, "p4_error_400_text") : message;
  }
  auto body = d.templates->Render("portal/error.html.mustache", view);
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = body.ok()
               ? std::move(body).value()
               : "<!doctype html><title>Error</title><h1>Error " + std::to_string(status) + "</h1>";
  AddSecurityHeaders(r);
  r.SetHeader("Content-Security-Policy", ContentSecurityPolicy(*d.city));
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("Content-Language", v.lang);
  r.SetHeader("Vary", "Cookie, Accept-Language");
  return r;
}

http::Response Json(const json::value& v) {
  http::Response r;
  r.body = json::serialize(v);
  AddSecurityHeaders(r);
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

std::string FormatDate(const PortalDeps& d, std::string_view lang, Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  return d.messages->Format(
      lang, "date_format",
      {{"day", std::to_string(static_cast<unsigned>(ymd.day()))},
       {"month", std::string(d.messages->Get(
                     lang, "month_" + std::to_string(static_cast<unsigned>(ymd.month()))))},
       {"year", std::to_string(static_cast<int>(ymd.year()))}});
}

std::string FormatAge(const PortalDeps& d, std::string_view lang, Timestamp now, Timestamp t) {
  const auto secs = (now - t).count();
  if (secs < 3600) return std::string(d.messages->Get(lang, "age_just_now"));
  // One of each has its own words ("1 day ago", not "1 days ago"); the others count.
  if (secs < 86400) {
    if (secs / 3600 == 1) return std::string(d.messages->Get(lang, "p2_age_one_hour"));
    return d.messages->Format(lang, "age_hours", {{"n", std::to_string(secs / 3600)}});
  }
  if (secs / 86400 == 1) return std::string(d.messages->Get(lang, "p2_age_one_day"));
  return d.messages->Format(lang, "age_days", {{"n", std::to_string(secs / 86400)}});
}

std::string StateWords(const PortalDeps& d, std::string_view lang, RequestState s) {
  return std::string(d.messages->Get(lang, "state_" + std::string(StateName(s))));
}

std::string ServiceNameOf(const PortalDeps& d, const Visit& v, const ServiceRequest& r) {
  const Service* local = v.city != nullptr ? v.city->FindService(r.service_code) : nullptr;
  const Service* base = d.city->FindService(r.service_code);
  if (local != nullptr && base != nullptr && local->name != base->name) return local->name;
  return r.service_name;
}

std::optional<std::int64_t> ParseId(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '#')) s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty() || s.size() > 15) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v <= 0) return std::nullopt;
  return v;
}

}  // namespace civic311::portal
