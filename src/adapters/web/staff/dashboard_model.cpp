#include "adapters/web/staff/dashboard_model.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>

#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/dashboard_charts.hpp"
#include "domain/areas.hpp"

namespace civic311::console {
namespace json = boost::json;

Cell Same(std::string s) { return Cell{s, s}; }
Cell Count(std::int64_t n) { return Same(std::to_string(n)); }

std::string IsoDay(std::int64_t day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

namespace {

constexpr int kTopServices = 12;

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

}  // namespace

Model BuildModel(const ConsoleDeps& d, const DashboardReport& r, const Words& w) {
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

}  // namespace civic311::console
