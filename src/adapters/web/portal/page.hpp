// Internal to the portal: what every page shares — the visitor's language, the CSRF token of its
// forms, the signed-in resident, the base view (city branding, words, navigation), rendering with
// the security headers, redirects and error pages.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/web/portal/portal.hpp"
#include "adapters/web/session/web_session.hpp"

namespace civic311::portal {

struct Visit {
  std::string lang;                        // a catalog language
  std::optional<std::string> lang_cookie;  // Set-Cookie when ?lang= chose it
  web::FormCsrf csrf;
  std::optional<Actor> actor;  // the signed-in person, if any
  std::optional<User> user;    // their account (display name)
  const City* city = nullptr;  // the city in the visit's language (PortalDeps::CityIn)
};

Visit Begin(const PortalDeps& d, const http::Request& req);

// The view every page template gets: lang, t (the words), city, csrf, nav, user, path.
boost::json::object BaseView(const PortalDeps& d, const Visit& v, const http::Request& req,
                             std::string_view title);

// Renders templates/portal/<name>.html.mustache (templates/<name>.html.mustache when name has a
// folder, e.g. "staff/queue" for the console) with `view`; adds the security headers and the
// visit's cookies. A template failure is a 500 error page (logged).
http::Response Render(const PortalDeps& d, const Visit& v, const http::Request& req,
                      std::string_view name, boost::json::object view, int status = 200);

// 303 See Other to a local path (never another site).
http::Response Redirect(std::string_view local_path, const Visit* v = nullptr);

// The error page for a handler's Error (status from its code) or a status and message.
http::Response ErrorPage(const PortalDeps& d, const http::Request& req, const Error& e);
http::Response ErrorPage(const PortalDeps& d, const http::Request& req, int status,
                         std::string_view message);

// The security headers of every portal response.
void AddSecurityHeaders(http::Response& r);

// A JSON response (for the scripts: address search, suggestions).
http::Response Json(const boost::json::value& v);

// "3 days ago" style age and a date in the visitor's language.
std::string FormatDate(const PortalDeps& d, std::string_view lang, Timestamp t);
std::string FormatAge(const PortalDeps& d, std::string_view lang, Timestamp now, Timestamp t);
// The plain-words state ("We're working on it").
std::string StateWords(const PortalDeps& d, std::string_view lang, RequestState s);

// The name of a request's service in the visit's language: the translation when the city has one,
// else the name the request was filed under.
std::string ServiceNameOf(const PortalDeps& d, const Visit& v, const ServiceRequest& r);

// A positive id from text ("1234", "#1234"); nullopt otherwise.
std::optional<std::int64_t> ParseId(std::string_view s);

}  // namespace civic311::portal
