// The managers' dashboard (/staff/dashboard) and its CSV export (/staff/dashboard.csv?table=…):
// DashboardService::Build (the policy's view_reports decides who sees which department; the store
// answers in SQL), turned into key figures, SVG charts (dashboard_charts.hpp) and a table beside
// each chart. One model feeds both the page (words and formatted numbers) and the CSV (raw
// numbers), so a table and its export never disagree.
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/dashboard_charts.hpp"
#include "adapters/web/staff/handlers.hpp"
#include "app/dashboard_service.hpp"
#include "domain/areas.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

constexpr int kPeriods[] = {7, 30, 90, 365};
constexpr int kTopServices = 12;

// One table cell: what the page shows and what the CSV carries.
struct Cell {
  std::string text;
  std::string raw;
  bool csv_only = false;  // a column the CSV has and the page folds into another
};
Cell Same(std::string s) { return Cell{s, s}; }
Cell Count(std::int64_t n) { return Same(std::to_string(n)); }

struct Table {
  std::string name;     // the CSV's table= value
  std::string caption;  // words
  std::vector<std::string> head;
  std::vector<std::string> csv_head;
  std::vector<std::vector<Cell>> rows;
};

std::string IsoDay(std::int64_t day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

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

class Words {
 public:
  Words(const D& d, const std::string& lang) : m_(*d.web->messages), lang_(lang) {}
  std::string operator()(std::string_view key) const { return std::string(m_.Get(lang_, key)); }
  std::string F(std::string_view key, const std::map<std::string, std::string>& a) const {
    return m_.Format(lang_, key, a);
  }
  // "45 min", "3.5 h", "2.1 days"
  std::string Duration(std::optional<std::int64_t> s) const {
    if (!s) return "–";
    if (*s < 3600) return F("dash_minutes", {{"n", std::to_string(*s / 60)}});
    if (*s < 2 * 86400) return F("dash_hours", {{"n", Decimal1(*s / 3600.0)}});
    return F("dash_days", {{"n", Decimal1(*s / 86400.0)}});
  }
  std::string Percent(std::int64_t part, std::int64_t whole) const {
    if (whole <= 0) return "–";
    return Decimal1(100.0 * static_cast<double>(part) / static_cast<double>(whole)) + "%";
  }
  std::string Money(std::int64_t cents) const {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(cents) / 100.0);
    return F("dash_money", {{"n", buf}});
  }

 private:
  const assets::MessageCatalog& m_;
  const std::string& lang_;
};

std::string RawPercent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}
std::string RawOpt(std::optional<std::int64_t> v) { return v ? std::to_string(*v) : ""; }

// "+12%" / "−5%" / "" (no previous figure to compare with).
std::string Change(double cur, double prev) {
  if (prev <= 0) return "";
  const double pct = 100.0 * (cur - prev) / prev;
  if (std::fabs(pct) < 0.05) return "0%";
  return (pct > 0 ? "+" : "−") + Decimal1(std::fabs(pct)) + "%";
}

std::string RawChange(double cur, double prev) {
  if (prev <= 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", 100.0 * (cur - prev) / prev);
  return buf;
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

// Bars of the received-per-day series: days, or weeks (from the period's first day) when the
// period is longer than 62 days.
std::vector<BarSlot> DaySlots(const DashboardQuery& q, const DashboardFigures& f, const Words& w,
                              Table* table) {
  const std::int64_t n = q.current.Days();
  const int step = n > 62 ? 7 : 1;
  std::vector<BarSlot> slots;
  table->name = "by_day";
  table->caption = w(step == 1 ? "dash_by_day" : "dash_by_week");
  table->head = {w(step == 1 ? "dash_day" : "dash_week_of"), w("dash_received"),
                 w("dash_previous_period"), w("dash_previous")};
  table->csv_head = {"day", "received", "previous_day", "previous_received"};
  for (std::int64_t i = 0; i < n; i += step) {
    BarSlot s;
    for (std::int64_t k = i; k < std::min<std::int64_t>(i + step, n); ++k) {
      s.current += f.current.received_by_day[static_cast<size_t>(k)];
      s.previous += f.previous.received_by_day[static_cast<size_t>(k)];
    }
    const std::string day = IsoDay(q.current.first_day + i);
    const std::string prev_day = IsoDay(q.previous.first_day + i);
    s.label = day.substr(5);
    s.current_title = day + ": " + std::to_string(s.current);
    s.previous_title = prev_day + ": " + std::to_string(s.previous);
    table->rows.push_back({Same(day), Count(s.current), Same(prev_day), Count(s.previous)});
    slots.push_back(std::move(s));
  }
  return slots;
}

std::string ServiceName(const City& city, const std::string& code) {
  const Service* s = city.FindService(code);
  return s != nullptr ? s->name : code;
}

Table SliceTable(std::string name, std::string caption, std::string first_head,
                 const std::vector<DashboardSlice>& slices, const Words& w,
                 const std::function<std::string(const std::string&)>& label) {
  Table t;
  t.name = std::move(name);
  t.caption = std::move(caption);
  t.head = {std::move(first_head), w("dash_received"), w("dash_previous"),        w("dash_change"),
            w("dash_closed"),      w("dash_on_time"),  w("dash_on_time_previous")};
  t.csv_head = {"key",        "name",   "received",    "previous_received",
                "change_pct", "closed", "on_time_pct", "previous_on_time_pct"};
  for (const DashboardSlice& s : slices) {
    const std::string shown = label(s.key);
    t.rows.push_back({Cell{shown, s.key}, Count(s.current.received), Count(s.previous.received),
                      Cell{Change(static_cast<double>(s.current.received),
                                  static_cast<double>(s.previous.received)),
                           RawChange(static_cast<double>(s.current.received),
                                     static_cast<double>(s.previous.received))},
                      Count(s.current.closed),
                      Cell{w.Percent(s.current.closed_on_time, s.current.closed_targeted),
                           RawPercent(s.current.closed_on_time, s.current.closed_targeted)},
                      Cell{w.Percent(s.previous.closed_on_time, s.previous.closed_targeted),
                           RawPercent(s.previous.closed_on_time, s.previous.closed_targeted)}});
    // The CSV has the name as a column of its own.
    t.rows.back().insert(t.rows.back().begin() + 1, Cell{"", shown, true});
  }
  return t;
}

std::vector<BarSlot> SliceSlots(const std::vector<DashboardSlice>& slices, size_t limit,
                                const std::function<std::string(const std::string&)>& label) {
  std::vector<const DashboardSlice*> order;
  for (const DashboardSlice& s : slices) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    return a->current.received > b->current.received;
  });
  std::vector<BarSlot> out;
  for (size_t i = 0; i < order.size() && i < limit; ++i) {
    BarSlot b;
    b.label = label(order[i]->key);
    b.current = order[i]->current.received;
    b.previous = order[i]->previous.received;
    b.current_title = b.label + ": " + std::to_string(b.current);
    b.previous_title = b.label + ": " + std::to_string(b.previous);
    out.push_back(std::move(b));
  }
  return out;
}

struct Model {
  std::vector<Table> tables;
  json::array tiles;
  json::object by_day, by_service, by_channel, heat, backlog;
};

Model Build(const D& d, const DashboardReport& r, const Words& w) {
  const City& city = *d.web->city;
  const DashboardFigures& f = r.figures;
  const PeriodFigures &cur = f.current, &prev = f.previous;
  Model m;

  // Key figures: a tile each, and the summary table (and CSV) with the raw numbers.
  Table summary;
  summary.name = "summary";
  summary.caption = w("dash_key_figures");
  summary.head = {w("dash_figure"), w("dash_this_period"), w("dash_previous_period")};
  summary.csv_head = {"figure", "current", "previous"};
  auto figure = [&](const char* key, Cell c, Cell p, bool tile = true) {
    summary.rows.push_back({Cell{w(key), std::string(key).substr(5)}, c, p});  // "dash_"
    if (tile)
      m.tiles.push_back(json::object{{"label", w(key)}, {"value", c.text}, {"previous", p.text}});
  };
  figure("dash_received", Count(cur.counts.received), Count(prev.counts.received));
  figure("dash_info_contacts", Count(cur.info_contacts), Count(prev.info_contacts));
  figure("dash_first_action_p50",
         Cell{w.Duration(cur.first_action.p50_s), RawOpt(cur.first_action.p50_s)},
         Cell{w.Duration(prev.first_action.p50_s), RawOpt(prev.first_action.p50_s)});
  figure("dash_first_action_p90",
         Cell{w.Duration(cur.first_action.p90_s), RawOpt(cur.first_action.p90_s)},
         Cell{w.Duration(prev.first_action.p90_s), RawOpt(prev.first_action.p90_s)});
  figure("dash_close_p50", Cell{w.Duration(cur.close.p50_s), RawOpt(cur.close.p50_s)},
         Cell{w.Duration(prev.close.p50_s), RawOpt(prev.close.p50_s)});
  figure("dash_close_p90", Cell{w.Duration(cur.close.p90_s), RawOpt(cur.close.p90_s)},
         Cell{w.Duration(prev.close.p90_s), RawOpt(prev.close.p90_s)});
  figure("dash_on_time",
         Cell{w.Percent(cur.counts.closed_on_time, cur.counts.closed_targeted),
              RawPercent(cur.counts.closed_on_time, cur.counts.closed_targeted)},
         Cell{w.Percent(prev.counts.closed_on_time, prev.counts.closed_targeted),
              RawPercent(prev.counts.closed_on_time, prev.counts.closed_targeted)});
  figure("dash_closed", Count(cur.counts.closed), Count(prev.counts.closed));
  figure("dash_reopen_rate",
         Cell{w.Percent(cur.counts.closed_reopened, cur.counts.closed),
              RawPercent(cur.counts.closed_reopened, cur.counts.closed)},
         Cell{w.Percent(prev.counts.closed_reopened, prev.counts.closed),
              RawPercent(prev.counts.closed_reopened, prev.counts.closed)});
  figure("dash_fixed_yes",
         Cell{w.Percent(cur.survey_fixed, cur.survey_fixed + cur.survey_not_fixed),
              RawPercent(cur.survey_fixed, cur.survey_fixed + cur.survey_not_fixed)},
         Cell{w.Percent(prev.survey_fixed, prev.survey_fixed + prev.survey_not_fixed),
              RawPercent(prev.survey_fixed, prev.survey_fixed + prev.survey_not_fixed)});
  figure("dash_survey_answers", Count(cur.survey_fixed + cur.survey_not_fixed),
         Count(prev.survey_fixed + prev.survey_not_fixed), false);
  figure("dash_work_hours", Same(Decimal1(cur.work_hours)), Same(Decimal1(prev.work_hours)));
  figure("dash_work_cost", Cell{w.Money(cur.work_cost_cents), std::to_string(cur.work_cost_cents)},
         Cell{w.Money(prev.work_cost_cents), std::to_string(prev.work_cost_cents)});
  figure("dash_work_orders", Count(cur.work_orders), Count(prev.work_orders), false);
  figure("dash_first_action_count", Count(cur.first_action.count), Count(prev.first_action.count),
         false);
  m.tiles.push_back(json::object{
      {"label", w("dash_backlog")}, {"value", std::to_string(f.backlog.open)}, {"now", true}});
  m.tiles.push_back(json::object{{"label", w("dash_overdue_now")},
                                 {"value", std::to_string(f.backlog.overdue)},
                                 {"now", true},
                                 {"alert", f.backlog.overdue > 0}});
  m.tables.push_back(std::move(summary));

  // Received per day (or week).
  Table days;
  std::vector<BarSlot> day_slots = DaySlots(r.query, f, w, &days);
  m.by_day = PairedColumns(day_slots, std::max<int>(1, static_cast<int>(day_slots.size() / 8)));
  m.tables.push_back(std::move(days));

  // By service and by channel.
  auto service_label = [&city](const std::string& code) { return ServiceName(city, code); };
  auto channel_label = [&w](const std::string& ch) {
    const std::string k = "dash_channel_" + ch;
    const std::string t = w(k);
    return t == k ? ch : t;
  };
  m.by_service = PairedRows(SliceSlots(f.by_service, kTopServices, service_label));
  m.by_service["id"] = "by-service";
  m.by_service["title"] = w("dash_by_service");
  m.by_service["desc"] = w("dash_by_service_desc");
  m.tables.push_back(SliceTable("by_service", w("dash_by_service"), w("dash_service"), f.by_service,
                                w, service_label));
  m.by_channel = PairedRows(SliceSlots(f.by_channel, 10, channel_label));
  m.by_channel["id"] = "by-channel";
  m.by_channel["title"] = w("dash_by_channel");
  m.by_channel["desc"] = w("dash_by_channel_desc");
  m.tables.push_back(SliceTable("by_channel", w("dash_by_channel"), w("dash_channel"), f.by_channel,
                                w, channel_label));

  // Questions answered at the desk, per channel.
  Table info;
  info.name = "info";
  info.caption = w("dash_info_by_channel");
  info.head = {w("dash_channel"), w("dash_this_period"), w("dash_previous_period")};
  info.csv_head = {"channel", "current", "previous"};
  for (const DashboardSlice& s : f.info_by_channel)
    info.rows.push_back(
        {Cell{channel_label(s.key), s.key}, Count(s.current.received), Count(s.previous.received)});
  m.tables.push_back(std::move(info));

  // By area: the 0.01° cells regrouped so that the city's width holds at most 32 columns.
  const City::Bounds& b = city.bounds;
  const double lon_cells = std::ceil((b.max_lon - b.min_lon) * 100);
  const int k = std::max(1, static_cast<int>(std::ceil(lon_cells / 32)));
  std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> merged;
  for (const CellCount& c : f.cells) merged[{c.lat_cell / k, c.lon_cell / k}] += c.received;
  std::vector<HeatCell> heat;
  for (const auto& [key, n] : merged) {
    HeatCell h;
    h.min_lat = static_cast<double>(key.first * k) / 100 - 90;
    h.max_lat = h.min_lat + k / 100.0;
    h.min_lon = static_cast<double>(key.second * k) / 100 - 180;
    h.max_lon = h.min_lon + k / 100.0;
    h.count = n;
    heat.push_back(h);
  }
  m.heat = HeatGrid(b.min_lat, b.min_lon, b.max_lat, b.max_lon, heat);
  Table areas;
  areas.name = "areas";
  areas.caption = w("dash_busiest_areas");
  areas.head = {w("dash_area"), w("dash_where"), w("dash_received")};
  areas.csv_head = {"area", "min_lat", "max_lat", "min_lon", "max_lon", "received"};
  std::stable_sort(heat.begin(), heat.end(),
                   [](const HeatCell& a, const HeatCell& c) { return a.count > c.count; });
  for (size_t i = 0; i < heat.size() && i < 10; ++i) {
    const HeatCell& h = heat[i];
    std::string area;
    if (city.areas) {
      for (const Area* a :
           city.areas->AreasAt(LonLat{(h.min_lon + h.max_lon) / 2, (h.min_lat + h.max_lat) / 2})) {
        if (!area.empty()) area += ", ";
        area += a->name;
      }
    }
    char where[96];
    std::snprintf(where, sizeof where, "%.2f…%.2f, %.2f…%.2f", h.min_lat, h.max_lat, h.min_lon,
                  h.max_lon);
    char raw[4][24];
    for (int j = 0; j < 4; ++j)
      std::snprintf(raw[j], sizeof raw[j], "%.2f",
                    j == 0   ? h.min_lat
                    : j == 1 ? h.max_lat
                    : j == 2 ? h.min_lon
                             : h.max_lon);
    areas.rows.push_back({Cell{area.empty() ? "–" : area, area}, Cell{where, raw[0]},
                          Cell{"", raw[1], true}, Cell{"", raw[2], true}, Cell{"", raw[3], true},
                          Count(h.count)});
  }
  m.tables.push_back(std::move(areas));

  // Backlog by age (now).
  Table backlog;
  backlog.name = "backlog";
  backlog.caption = w("dash_backlog_by_age");
  backlog.head = {w("dash_age"), w("dash_open_requests")};
  backlog.csv_head = {"age", "open"};
  const std::pair<const char*, std::int64_t> ages[] = {
      {"dash_age_under_2", f.backlog.under_2_days},
      {"dash_age_2_7", f.backlog.from_2_to_7_days},
      {"dash_age_7_30", f.backlog.from_7_to_30_days},
      {"dash_age_over_30", f.backlog.over_30_days}};
  std::vector<BarSlot> age_slots;
  for (const auto& [key, n] : ages) {
    backlog.rows.push_back({Cell{w(key), key}, Count(n)});
    BarSlot s;
    s.label = w(key);
    s.current = n;
    s.current_title = s.label + ": " + std::to_string(n);
    age_slots.push_back(std::move(s));
  }
  backlog.rows.push_back({Cell{w("dash_overdue_now"), "overdue_now"}, Count(f.backlog.overdue)});
  m.backlog = PairedRows(age_slots);
  m.backlog["id"] = "backlog";
  m.backlog["title"] = w("dash_backlog_by_age");
  m.backlog["desc"] = w("dash_backlog_desc");
  m.tables.push_back(std::move(backlog));
  return m;
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
  Model m = Build(d, *report, w);
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
  Model m = Build(d, *report, w);
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
