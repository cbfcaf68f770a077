// The overview (current version, history), one version with its diff, revert, the whole
// document in one editor, and "test a point".
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "adapters/web/admin/admin_page.hpp"
#include "adapters/web/admin/handlers.hpp"
#include "domain/routing.hpp"

namespace civic311::admin {
namespace json = boost::json;

namespace {

std::optional<std::int64_t> PathNumber(const http::Request& req) {
  if (req.path_params.empty()) return std::nullopt;
  const std::string& v = req.path_params.front();
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n <= 0) return std::nullopt;
  return n;
}

json::object VersionView(const ConfigVersion& v) {
  return json::object{{"number", v.number},
                      {"when", console::ShortTime(v.created_at)},
                      {"author", v.author},
                      {"note", v.note}};
}

// Every mistake of a refused document, one per line: where, which setting, what is wrong.
json::array MistakeList(const Error& e) {
  json::array out;
  for (const FieldError& f : e.fields)
    out.push_back(json::object{{"field", f.field}, {"message", f.message}});
  return out;
}

http::Response DocumentPage(const A& d, const console::StaffVisit& s, const http::Request& req,
                            const std::string& text, std::int64_t based_on, const Error* error) {
  json::object view = AdminView(d, s, req, "admin_document");
  view["toml"] = text;
  view["based_on"] = based_on;
  if (error != nullptr) {
    view["error"] = error->message;
    view["mistakes"] = MistakeList(*error);
  }
  return RenderAdmin(d, s, req, "admin_document", std::move(view), error ? 400 : 200);
}

}  // namespace

http::Response GetOverview(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  json::object view = AdminView(d, *s, req, "admin_title");
  auto list = d.config->List(s->actor, 100);
  if (!list.ok()) return portal::ErrorPage(*d.console->web, req, list.error());
  json::array versions;
  for (const ConfigVersion& v : *list) versions.push_back(VersionView(v));
  if (!list->empty()) view["current"] = VersionView(list->front());
  view["versions"] = std::move(versions);
  const City& city = *d.console->web->city;
  view["counts"] = json::object{{"services", city.services.size()},
                                {"departments", city.departments.size()},
                                {"templates", city.response_templates.size()}};
  return RenderAdmin(d, *s, req, "admin_overview", std::move(view));
}

http::Response GetVersion(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const auto number = PathNumber(req);
  if (!number) return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_version"));
  auto v = d.config->Get(s->actor, *number);
  if (!v.ok()) return portal::ErrorPage(*d.console->web, req, v.error());
  auto current = d.config->Current(s->actor);
  if (!current.ok()) return portal::ErrorPage(*d.console->web, req, current.error());
  json::object view = AdminView(d, *s, req, "admin_version_title");
  view["version"] = VersionView(*v);
  view["is_current"] = v->number == current->number;
  view["based_on"] = current->number;
  std::string before;
  if (*number > 1) {
    if (auto prev = d.config->Get(s->actor, *number - 1); prev.ok()) before = prev->toml;
  }
  json::array lines;
  for (const DiffLine& l : LineDiff(before, v->toml)) {
    const char* kind = l.kind == '+'   ? "add"
                       : l.kind == '-' ? "del"
                       : l.kind == '@' ? "hunk"
                                       : "same";
    lines.push_back(
        json::object{{"kind", kind}, {"sign", std::string(1, l.kind)}, {"text", l.text}});
  }
  view["has_diff"] = !lines.empty();
  view["diff"] = std::move(lines);
  view["previous"] = *number - 1;
  return RenderAdmin(d, *s, req, "admin_version", std::move(view));
}

http::Response PostRevert(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const auto number = PathNumber(req);
  if (!number) return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_version"));
  auto saved = d.config->Revert(AuthorOf(*s), *number, BasedOn(req));
  if (!saved.ok()) return portal::ErrorPage(*d.console->web, req, saved.error());
  return portal::Redirect("/staff/admin?saved=" + std::to_string(saved->number));
}

http::Response GetDocument(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  auto current = d.config->Current(s->actor);
  if (!current.ok()) return portal::ErrorPage(*d.console->web, req, current.error());
  return DocumentPage(d, *s, req, current->toml, current->number, nullptr);
}

http::Response PostDocument(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const std::string text = FormValue(req, "toml");
  auto saved = d.config->Save(AuthorOf(*s), text, FormValue(req, "note"), BasedOn(req));
  if (!saved.ok()) {
    return DocumentPage(d, *s, req, text, BasedOn(req).value_or(0), &saved.error());
  }
  return portal::Redirect("/staff/admin?saved=" + std::to_string(saved->number));
}

http::Response GetRoute(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const City& city = *d.console->web->city;
  json::object view = AdminView(d, *s, req, "admin_route_title");
  const std::string service_code(req.Param("service"));
  const std::string lat_text(req.Param("lat")), lon_text(req.Param("long"));
  json::array services;
  for (const Service& svc : city.services) {
    services.push_back(json::object{
        {"code", svc.code}, {"name", svc.name}, {"selected", svc.code == service_code}});
  }
  view["services"] = std::move(services);
  view["lat"] = lat_text;
  view["long"] = lon_text;
  if (!service_code.empty() || !lat_text.empty() || !lon_text.empty()) {
    auto number = [](const std::string& t, double limit) -> std::optional<double> {
      char* end = nullptr;
      const double v = std::strtod(t.c_str(), &end);
      if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v) || std::abs(v) > limit)
        return std::nullopt;
      return v;
    };
    const auto lat = number(lat_text, 90);
    const auto lon = number(lon_text, 180);
    const Service* service = city.FindService(service_code);
    json::object err;
    if (service == nullptr) err["service"] = Word(d, *s, "admin_route_bad_service");
    if (!lat) err["lat"] = Word(d, *s, "admin_route_bad_lat");
    if (!lon) err["long"] = Word(d, *s, "admin_route_bad_long");
    if (err.empty()) {
      auto routed = RouteRequest(city, *service, LonLat{*lon, *lat});
      if (!routed.ok()) {
        view["route_refused"] = routed.error().message;
      } else {
        const Department* dep = city.FindDepartment(routed->department_code);
        std::string areas;
        for (const std::string& a : routed->areas) areas += (areas.empty() ? "" : ", ") + a;
        view["route"] = json::object{{"department", routed->department_code},
                                     {"department_name", dep ? dep->name : ""},
                                     {"reason", routed->reason},
                                     {"areas", areas},
                                     {"emergency", routed->emergency}};
      }
    }
    view["err"] = std::move(err);
  }
  return RenderAdmin(d, *s, req, "admin_route", std::move(view));
}

}  // namespace civic311::admin
