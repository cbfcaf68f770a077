// The managers' dashboard (/staff/dashboard) and its CSV export (/staff/dashboard.csv?table=…):
// DashboardService::Build (the policy's view_reports decides who sees which department; the store
// answers in SQL), turned into the model of dashboard_model.hpp, rendered as the page or as CSV.
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/dashboard_model.hpp"
#include "adapters/web/staff/handlers.hpp"
#include "app/dashboard_service.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

constexpr int kPeriods[] = {7, 30, 90, 365};

std::optional<std::int64_t> ParseIsoDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, dd = 0;
  auto num = [&s](size_t at, size_t n, auto* out) {
    auto r = std::from_chars(s.data() + at, s.data() + at + n, *out);
    return r.ec == std::errc() && r.ptr == s.data() + at + n;
  };
  if (!num(0, 4, &y) || !num(5, 2, &m) || !num(8, 2, &dd)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{dd}};
  if (!ymd.ok() || y < 1970) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

// The page's choices and the visitor's choice.
struct Scope {
  std::vector<std::pair<std::string, std::string>> choices;  // (param value, name)
  std::string value;                                         // "*" = city-wide
};

Scope ScopeOf(const D& d, const StaffVisit& s, const http::Request& req, const Words& w) {
  Scope out;
  if (DashboardService::MaySee(s.actor, "")) out.choices.emplace_back("*", w("dash_city_wide"));
  const bool everywhere = s.actor.role == Role::kAdmin;
  const City& city = *d.web->city;
  auto add = [&](const std::string& code) {
    if (!DashboardService::MaySee(s.actor, code)) return;
    const Department* dep = city.FindDepartment(code);
    out.choices.emplace_back(code, dep != nullptr ? dep->name : code);
  };
  if (everywhere) {
    for (const Department& dep : city.departments) add(dep.code);
  } else {
    for (const std::string& code : s.actor.departments) add(code);
  }
  const std::string param(req.Param("department"));
  out.value = !param.empty() ? param : out.choices.empty() ? "" : out.choices.front().first;
  return out;
}

struct Prepared {
  StaffVisit s;
  Scope scope;
  DashboardRequest in;
  std::optional<Error> field_error;  // a period that does not parse or is refused
};

// The guard, the scope and the period of a dashboard visit; nullopt and *refusal when refused.
std::optional<Prepared> Prepare(const D& d, const http::Request& req, http::Response* refusal) {
  auto s = Enter(d, req, refusal);
  if (!s) return std::nullopt;
  Words w(d, s->visit.lang);
  Prepared p{std::move(*s), {}, {}, std::nullopt};
  p.scope = ScopeOf(d, p.s, req, w);
  if (p.scope.choices.empty() || d.dashboard == nullptr) {
    *refusal = portal::ErrorPage(*d.web, req, 403, w("dash_not_allowed"));
    return std::nullopt;
  }
  p.in.department_code = p.scope.value == "*" ? "" : p.scope.value;
  const std::string_view from = req.Param("from"), to = req.Param("to");
  if (!from.empty() || !to.empty()) {
    p.in.from_day = ParseIsoDay(from);
    p.in.to_day = ParseIsoDay(to);
    if (!p.in.from_day || !p.in.to_day)
      p.field_error = Error::InvalidField("from", w("dash_bad_dates"));
  } else {
    const std::string_view days = req.Param("days");
    p.in.days = 30;
    if (!days.empty()) {
      int n = 0;
      auto r = std::from_chars(days.data(), days.data() + days.size(), n);
      if (r.ec != std::errc() || r.ptr != days.data() + days.size() ||
          std::find(std::begin(kPeriods), std::end(kPeriods), n) == std::end(kPeriods)) {
        p.field_error = Error::InvalidField("days", w("dash_bad_days"));
      } else {
        p.in.days = n;
      }
    }
  }
  return p;
}

json::object TableView(const Table& t, const std::string& csv_href) {
  json::array head, rows;
  for (const std::string& h : t.head) head.push_back(json::value(h));
  for (const auto& row : t.rows) {
    json::array cells;
    bool first = true;
    for (const Cell& c : row) {
      if (c.csv_only) continue;
      cells.push_back(json::object{{"text", c.text}, {"th", first}});
      first = false;
    }
    rows.push_back(json::object{{"cells", std::move(cells)}});
  }
  return json::object{{"name", t.name},          {"caption", t.caption}, {"head", std::move(head)},
                      {"rows", std::move(rows)}, {"csv", csv_href},      {"empty", t.rows.empty()}};
}

// The current query string without `table` (for CSV links and the CSV's own parameters).
std::string QueryOf(const http::Request& req) {
  std::string out;
  for (const auto& [k, v] : req.query) {
    if (k != "department" && k != "days" && k != "from" && k != "to") continue;
    out += out.empty() ? "" : "&";
    out += k + "=";
    for (unsigned char c : v) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '*') {
        out += static_cast<char>(c);
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
  }
  return out;
}

// RFC 4180 quoting; a cell that a spreadsheet would take for a formula gets a leading quote
// (OWASP "CSV injection"), since service names come from configuration anyone with admin rights
// may type.
std::string CsvCell(std::string_view v) {
  std::string s(v);
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) {
    // Negative numbers stay numbers.
    const bool number =
        s[0] == '-' && s.size() > 1 && s.find_first_not_of("0123456789.", 1) == std::string::npos;
    if (!number) s.insert(0, "'");
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

http::Response GetDashboard(const D& d, const http::Request& req) {
  http::Response refusal;
  auto p = Prepare(d, req, &refusal);
  if (!p) return refusal;
  const std::string& lang = p->s.visit.lang;
  Words w(d, lang);
  json::object view = ConsoleView(d, p->s, req, w("dash_title"));
  json::array departments;
  for (const auto& [code, name] : p->scope.choices)
    departments.push_back(
        json::object{{"code", code}, {"name", name}, {"selected", code == p->scope.value}});
  view["departments"] = std::move(departments);
  json::array periods;
  const bool custom = !req.Param("from").empty() || !req.Param("to").empty();
  for (int n : kPeriods)
    periods.push_back(json::object{{"days", n},
                                   {"label", w.F("dash_last_days", {{"n", std::to_string(n)}})},
                                   {"selected", !custom && n == p->in.days}});
  view["periods"] = std::move(periods);
  view["from_value"] = std::string(req.Param("from"));
  view["to_value"] = std::string(req.Param("to"));
  int status = 200;
  Result<DashboardReport> report = p->field_error ? Result<DashboardReport>(*p->field_error)
                                                  : d.dashboard->Build(p->s.actor, p->in);
  if (!report.ok()) {
    const Error& e = report.error();
    if (e.code != ErrorCode::kInvalidArgument) return portal::ErrorPage(*d.web, req, e);
    status = 400;
    view["error"] = e.message;
    const std::string field = e.fields.empty() ? "" : e.fields.front().field;
    view[field == "days" && !custom ? "days_error" : "dates_error"] =
        e.fields.empty() ? e.message : e.fields.front().message;
    return RenderConsole(d, p->s, req, "dashboard", std::move(view), status);
  }
  const DashboardQuery& q = report->query;
  view["scope_name"] = q.department_code.empty() ? w("dash_city_wide") : [&] {
    const Department* dep = d.web->city->FindDepartment(q.department_code);
    return dep != nullptr ? dep->name : q.department_code;
  }();
  view["period_text"] = w.F("dash_period_text", {{"from", IsoDay(q.current.first_day)},
                                                 {"to", IsoDay(q.current.last_day)},
                                                 {"pfrom", IsoDay(q.previous.first_day)},
                                                 {"pto", IsoDay(q.previous.last_day)}});
  view["now_text"] = w.F("dash_now_text", {{"when", ShortTime(q.now)}});
  Model m = BuildModel(d, *report, w);
  const std::string query = QueryOf(req);
  json::object tables;
  for (const Table& t : m.tables) {
    tables[t.name] =
        TableView(t, "/staff/dashboard.csv?table=" + t.name + (query.empty() ? "" : "&" + query));
  }
  view["tables"] = std::move(tables);
  view["tiles"] = std::move(m.tiles);
  view["by_day"] = std::move(m.by_day);
  view["by_service"] = std::move(m.by_service);
  view["by_channel"] = std::move(m.by_channel);
  view["heat"] = std::move(m.heat);
  view["backlog"] = std::move(m.backlog);
  view["has_figures"] = true;
  return RenderConsole(d, p->s, req, "dashboard", std::move(view), status);
}

http::Response GetDashboardCsv(const D& d, const http::Request& req) {
  http::Response refusal;
  auto p = Prepare(d, req, &refusal);
  if (!p) return refusal;
  Words w(d, p->s.visit.lang);
  if (p->field_error) return portal::ErrorPage(*d.web, req, *p->field_error);
  auto report = d.dashboard->Build(p->s.actor, p->in);
  if (!report.ok()) return portal::ErrorPage(*d.web, req, report.error());
  Model m = BuildModel(d, *report, w);
  const std::string_view name = req.Param("table");
  for (const Table& t : m.tables) {
    if (t.name != name) continue;
    std::string body;
    auto line = [&body](const std::vector<std::string>& cells) {
      for (size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) body += ',';
        body += CsvCell(cells[i]);
      }
      body += "\r\n";
    };
    line(t.csv_head);
    for (const auto& row : t.rows) {
      std::vector<std::string> raw;
      for (const Cell& c : row) raw.push_back(c.raw);
      line(raw);
    }
    http::Response r;
    r.status = 200;
    r.content_type = "text/csv; charset=utf-8";
    std::string scope =
        report->query.department_code.empty() ? "city" : report->query.department_code;
    std::erase_if(scope,
                  [](char c) { return !std::isalnum(static_cast<unsigned char>(c)) && c != '-'; });
    std::string file = "dashboard-" + scope + "-" + t.name + "-" +
                       IsoDay(report->query.current.first_day) + "-" +
                       IsoDay(report->query.current.last_day) + ".csv";
    r.SetHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
    r.SetHeader("Cache-Control", "no-store");
    r.SetHeader("Referrer-Policy", "no-referrer");
    portal::AddSecurityHeaders(r);
    r.body = std::move(body);
    return r;
  }
  return portal::ErrorPage(*d.web, req, 404, w("dash_no_such_table"));
}

}  // namespace civic311::console
