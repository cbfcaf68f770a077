// Internal to the console: the staff guard, the base view of every console page and the small
// formatting helpers the handlers share.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "adapters/web/portal/page.hpp"
#include "adapters/web/staff/console.hpp"

namespace civic311::console {

using D = ConsoleDeps;

// A signed-in staff member's visit.
struct StaffVisit {
  portal::Visit visit;
  Actor actor;
  User user;
};

// The guard of every console page and action. Checks the CSRF token of state-changing methods
// first, then the session: anonymous → 303 to /staff/signin?next=… (GET) or a 403 page (POST);
// a resident → 403 page. nullopt and *refusal set when refused.
std::optional<StaffVisit> Enter(const D& d, const http::Request& req, http::Response* refusal);

// The base view of console pages: the portal's (words, city, csrf) plus the person and the
// console navigation.
boost::json::object ConsoleView(const D& d, const StaffVisit& s, const http::Request& req,
                                std::string_view title);

// Renders templates/staff/<name>.html.mustache.
http::Response RenderConsole(const D& d, const StaffVisit& s, const http::Request& req,
                             std::string_view name, boost::json::object view, int status = 200);

// The name shown for a user id ("" for 0/unknown).
std::string UserName(const D& d, std::optional<UserId> id);

// A length of time in words: "12 minutes", "5 hours", "3 days" (whole units, rounded down).
std::string Span(const D& d, const std::string& lang, std::chrono::seconds s);

// "due in 3 days" / "overdue by 2 hours" and its kind: "overdue", "at_risk", "on_time", "paused",
// "closed", "none".
struct ClockBadge {
  std::string kind;
  std::string text;
};
ClockBadge ClockOf(const D& d, const std::string& lang, const ServiceRequest& r,
                   const RequestWorkflow* w, Timestamp now);

// The staff member's first department ("" if none): where desk records are filed.
std::string HomeDepartment(const Actor& a);

// "2026-12-06 14:05" in UTC (console tables favour exact times).
std::string ShortTime(Timestamp t);

}  // namespace civic311::console
