#include "adapters/web/admin/admin_page.hpp"

#include <charconv>

#include "adapters/web/admin/sections.hpp"

namespace civic311::admin {
namespace json = boost::json;

std::optional<console::StaffVisit> Enter(const A& d, const http::Request& req,
                                         http::Response* refusal) {
  auto s = console::Enter(*d.console, req, refusal);
  if (!s) return std::nullopt;
  if (!Authorize(s->actor, Operation::kManageConfiguration, Target{})) {
    const PortalDeps& w = *d.console->web;
    *refusal =
        portal::ErrorPage(w, req, 403, std::string(w.messages->Get(s->visit.lang, "admin_only")));
    return std::nullopt;
  }
  return s;
}

std::string Word(const A& d, const console::StaffVisit& s, std::string_view key) {
  return std::string(d.console->web->messages->Get(s.visit.lang, key));
}

json::object AdminView(const A& d, const console::StaffVisit& s, const http::Request& req,
                       std::string_view title_key) {
  json::object view = console::ConsoleView(*d.console, s, req, Word(d, s, title_key));
  // The console's navigation gains "Admin" on admin pages (the only people who get here).
  if (json::array* nav = view["staff_nav"].if_array()) {
    nav->push_back(json::object{
        {"href", "/staff/admin"}, {"label", Word(d, s, "admin_nav")}, {"current", true}});
  }
  json::array sections;
  const std::pair<std::string, std::string> fixed[] = {
      {"", "admin_overview"}, {"document", "admin_document"}, {"route", "admin_route_title"}};
  auto add = [&](const std::string& slug, const std::string& key) {
    const std::string href = "/staff/admin" + (slug.empty() ? "" : "/" + slug);
    const bool current = slug.empty() ? req.path == "/staff/admin"
                                      : req.path == href || req.path.rfind(href + "/", 0) == 0;
    sections.push_back(
        json::object{{"href", href}, {"label", Word(d, s, key)}, {"current", current}});
  };
  add(fixed[0].first, fixed[0].second);
  for (const Section& sec : Sections()) add(sec.slug, "admin_section_" + sec.slug);
  add("users", "admin_section_users");
  add("keys", "admin2_keys_title");
  add("articles", "admin2_articles_title");
  add("outbox", "admin2_outbox_title");
  add("crews", "crews_title");
  add(fixed[2].first, fixed[2].second);
  add(fixed[1].first, fixed[1].second);
  view["admin_nav"] = std::move(sections);
  if (auto saved = req.Param("saved"); !saved.empty()) {
    view["flash"] =
        d.console->web->messages->Format(s.visit.lang, "admin_saved", {{"n", std::string(saved)}});
  }
  return view;
}

http::Response RenderAdmin(const A& d, const console::StaffVisit& s, const http::Request& req,
                           std::string_view name, json::object view, int status) {
  return console::RenderConsole(*d.console, s, req, name, std::move(view), status);
}

ConfigAdmin::Author AuthorOf(const console::StaffVisit& s) { return {s.actor, s.user.email}; }

std::optional<std::int64_t> BasedOn(const http::Request& req) {
  const std::string_view v = req.Param("based_on");
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || n < 0) return std::nullopt;
  return n;
}

Status AuditAdmin(const A& d, const console::StaffVisit& s, std::string action,
                  std::string detail) {
  if (d.console->audit == nullptr) return OkStatus();
  return d.console->audit->AppendAudit(AuditEntry{0, SystemClock().Now(), s.actor.user_id,
                                                  std::move(action), "", std::nullopt,
                                                  std::move(detail)});
}

std::string FormValue(const http::Request& req, std::string_view name) {
  for (const auto& [k, v] : req.form)
    if (k == name) return v;
  return "";
}

}  // namespace civic311::admin
