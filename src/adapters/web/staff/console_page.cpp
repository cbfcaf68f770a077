#include "adapters/web/staff/console_page.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app/dashboard_service.hpp"
#include "domain/sla_clock.hpp"

namespace civic311::console {
namespace json = boost::json;

std::optional<StaffVisit> Enter(const D& d, const http::Request& req, http::Response* refusal) {
  const PortalDeps& w = *d.web;
  if (Status s = web::CheckCsrf(req); !s.ok()) {
    *refusal = portal::ErrorPage(w, req, s.error());
    return std::nullopt;
  }
  portal::Visit v = portal::Begin(w, req);
  if (!v.actor || !v.user) {
    if (req.method == http::Method::kGet) {
      std::string next = req.path;
      if (const auto q = req.target.find('?'); q != std::string::npos) {
        next += req.target.substr(q);
      }
      // The target is percent-encoded already except for what a path may hold; encode the
      // characters that would end the parameter.
      std::string encoded;
      for (char c : next) {
        if (c == '&' || c == '?' || c == '#' || c == '%' || c == '+' || c == ' ') {
          char buf[4];
          std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
          encoded += buf;
        } else {
          encoded += c;
        }
      }
      *refusal = portal::Redirect("/staff/signin?next=" + encoded);
      return std::nullopt;
    }
    *refusal = portal::ErrorPage(w, req, 403, w.messages->Get(v.lang, "staff_sign_in_first"));
    return std::nullopt;
  }
  if (v.actor->role == Role::kResident) {
    *refusal = portal::ErrorPage(w, req, 403, w.messages->Get(v.lang, "staff_only"));
    return std::nullopt;
  }
  StaffVisit s{std::move(v), Actor{}, User{}};
  s.actor = *s.visit.actor;
  s.user = *s.visit.user;
  return s;
}

json::object ConsoleView(const D& d, const StaffVisit& s, const http::Request& req,
                         std::string_view title) {
  json::object view = portal::BaseView(*d.web, s.visit, req, title);
  view["staff_name"] = s.user.display_name.empty() ? s.user.email : s.user.display_name;
  view["staff_role"] = RoleName(s.actor.role);
  std::string depts;
  for (const std::string& code : s.actor.departments) {
    if (!depts.empty()) depts += ", ";
    const Department* dep = d.web->city->FindDepartment(code);
    depts += dep != nullptr ? dep->name : code;
  }
  view["staff_departments"] = depts;
  json::array nav;
  const std::pair<const char*, const char*> items[] = {{"/staff/queue", "staff_nav_queue"},
                                                       {"/staff/desk", "staff_nav_desk"}};
  for (const auto& [href, key] : items) {
    const bool current = req.path.rfind(href, 0) == 0;
    nav.push_back(json::object{
        {"href", href}, {"label", d.web->messages->Get(s.visit.lang, key)}, {"current", current}});
  }
  // The dashboard, for those who may see some department's figures (or the city's).
  if (d.dashboard != nullptr &&
      (DashboardService::MaySee(s.actor, "") ||
       std::any_of(s.actor.departments.begin(), s.actor.departments.end(),
                   [&s](const std::string& c) { return DashboardService::MaySee(s.actor, c); }))) {
    nav.push_back(json::object{{"href", "/staff/dashboard"},
                               {"label", d.web->messages->Get(s.visit.lang, "dash_nav")},
                               {"current", req.path.rfind("/staff/dashboard", 0) == 0}});
  }
  view["staff_nav"] = std::move(nav);
  return view;
}

http::Response RenderConsole(const D& d, const StaffVisit& s, const http::Request& req,
                             std::string_view name, json::object view, int status) {
  http::Response r =
      portal::Render(*d.web, s.visit, req, "staff/" + std::string(name), std::move(view), status);
  // Console pages name people and may show contact details: never kept by a shared cache, never
  // sent as a referrer.
  r.SetHeader("Referrer-Policy", "no-referrer");
  return r;
}

std::string UserName(const D& d, std::optional<UserId> id) {
  if (!id || *id <= 0 || d.users == nullptr) return "";
  auto u = d.users->GetUser(*id);
  if (!u.ok() || !u->has_value()) return "#" + std::to_string(*id);
  return (*u)->display_name.empty() ? (*u)->email : (*u)->display_name;
}

std::string Span(const D& d, const std::string& lang, std::chrono::seconds s) {
  const auto secs = s.count();
  if (secs < 3600) {
    return d.web->messages->Format(lang, "staff_minutes", {{"n", std::to_string(secs / 60)}});
  }
  if (secs < 2 * 86400) {
    return d.web->messages->Format(lang, "staff_hours", {{"n", std::to_string(secs / 3600)}});
  }
  return d.web->messages->Format(lang, "staff_days", {{"n", std::to_string(secs / 86400)}});
}

ClockBadge ClockOf(const D& d, const std::string& lang, const ServiceRequest& r,
                   const RequestWorkflow* w, Timestamp now) {
  const City& city = *d.web->city;
  civic311::SlaClock clock;
  clock.expected_at = r.expected_at;
  if (w != nullptr) clock.paused_at = w->clock_paused_at;
  const SlaStatus st = EvaluateSla(city, r.state, clock, now);
  const auto& m = *d.web->messages;
  auto secs = [](Timestamp a, Timestamp b) {
    return std::chrono::duration_cast<std::chrono::seconds>(a - b);
  };
  switch (st) {
    case SlaStatus::kNoTarget:
      return {"none", std::string(m.Get(lang, "staff_no_target"))};
    case SlaStatus::kClosed:
      return {"closed", std::string(m.Get(lang, "staff_closed"))};
    case SlaStatus::kPaused:
      return {"paused", std::string(m.Get(lang, "staff_paused"))};
    case SlaStatus::kOverdue:
      return {"overdue", m.Format(lang, "staff_overdue_by",
                                  {{"span", Span(d, lang, secs(now, *r.expected_at))}})};
    case SlaStatus::kDueSoon:
      return {"at_risk",
              m.Format(lang, "staff_due_in", {{"span", Span(d, lang, secs(*r.expected_at, now))}})};
    case SlaStatus::kOnTrack:
      break;
  }
  return {"on_time",
          m.Format(lang, "staff_due_in", {{"span", Span(d, lang, secs(*r.expected_at, now))}})};
}

std::string HomeDepartment(const Actor& a) {
  return a.departments.empty() ? "" : a.departments.front();
}

std::string ShortTime(Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::minutes>(t - day)};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02ld:%02ld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()));
  return buf;
}

}  // namespace civic311::console
