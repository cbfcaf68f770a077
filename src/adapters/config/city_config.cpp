// LoadCityConfig: [city], [calendar] and [[departments]]; [[services]] are in service_config.cpp,
// the boundary, [[areas]] and [routing] in area_config.cpp, [workflow] and [[escalations]] in
// workflow_config.cpp, [[response_templates]] in template_config.cpp.
#include "adapters/config/city_config.hpp"

#include <toml++/toml.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <utility>

#include "adapters/config/area_config.hpp"
#include "adapters/config/dispatch_config.hpp"
#include "adapters/config/media_config.hpp"
#include "adapters/config/portal_config.hpp"
#include "adapters/config/service_config.hpp"
#include "adapters/config/template_config.hpp"
#include "adapters/config/toml_reader.hpp"
#include "adapters/config/webhook_config.hpp"
#include "adapters/config/workflow_config.hpp"

namespace civic311 {
namespace config {
namespace {

void ReadBounds(const TableReader& city_table, City::Bounds& bounds) {
  const toml::table* t = city_table.Table("bounds", Need::kRequired);
  if (t == nullptr) return;
  TableReader r(*t, city_table.PathOf("bounds"), city_table.mistakes(),
                {"min_lat", "max_lat", "min_long", "max_long"});
  const auto read = [&r](std::string_view key, double limit, const char* what) {
    auto v = r.Number(key, Need::kRequired);
    if (v && (*v < -limit || *v > limit)) {
      r.Add(key, "should be a " + std::string(what) + " between " + std::to_string(int(-limit)) +
                     " and " + std::to_string(int(limit)) + " (decimal degrees, WGS 84)");
      v.reset();
    }
    return v;
  };
  auto min_lat = read("min_lat", 90, "latitude");
  auto max_lat = read("max_lat", 90, "latitude");
  auto min_lon = read("min_long", 180, "longitude");
  auto max_lon = read("max_long", 180, "longitude");
  if (min_lat && max_lat && *min_lat >= *max_lat) {
    r.Add("max_lat", "should be greater than min_lat (the south edge): swap them?");
  }
  if (min_lon && max_lon && *min_lon >= *max_lon) {
    r.Add("max_long", "should be greater than min_long (the west edge): swap them?");
  }
  if (min_lat) bounds.min_lat = *min_lat;
  if (max_lat) bounds.max_lat = *max_lat;
  if (min_lon) bounds.min_lon = *min_lon;
  if (max_lon) bounds.max_lon = *max_lon;
  r.Finish();
}

// [city]. Returns the time zone name (empty when missing).
std::string ReadCity(const TableReader& root, City& city) {
  const toml::table* t = root.Table("city", Need::kRequired);
  if (t == nullptr) return "";
  TableReader r(
      *t, "city", root.mistakes(),
      {"name", "jurisdiction_id", "timezone", "base_url", "contact", "bounds", "boundary"});
  city.name = r.Text("name", Need::kRequired);
  city.jurisdiction_id = r.String("jurisdiction_id", Need::kRequired).value_or("");
  if (auto problem = CodeProblem(city.jurisdiction_id);
      problem && r.table().contains("jurisdiction_id")) {
    r.Add("jurisdiction_id", *problem + " (e.g. \"democity.example\")");
  }
  city.contact = r.Text("contact", Need::kRequired);
  if (auto url = r.String("base_url")) {
    const bool http = url->rfind("http://", 0) == 0 || url->rfind("https://", 0) == 0;
    if (!http || url->find_first_of(" \t\r\n") != std::string::npos) {
      r.Add("base_url", "should be an absolute http(s) URL such as \"https://311.example.org\"");
    } else {
      while (!url->empty() && url->back() == '/') url->pop_back();
      city.base_url = *url;
    }
  }
  ReadBounds(r, city.bounds);
  std::string timezone = r.String("timezone", Need::kRequired).value_or("");
  r.Finish();
  return timezone;
}

// "08:00" or a TOML time (08:00:00) as minutes after midnight; "24:00" only when `closing`.
std::optional<int> MinuteOfDay(const TableReader& r, std::string_view key, bool closing) {
  const toml::node* n = r.Node(key);
  if (n == nullptr) return std::nullopt;
  if (auto t = n->as_time()) {
    const toml::time v = t->get();
    if (v.second != 0 || v.nanosecond != 0) {
      r.Add(key, "use whole minutes, e.g. \"08:30\"");
      return std::nullopt;
    }
    return v.hour * 60 + v.minute;
  }
  const std::string hint = closing ? "\"17:00\"" : "\"08:00\"";
  if (!n->is_string()) {
    r.Add(key,
          "should be a time of day such as " + hint + ", not " + std::string(TypeName(n->type())));
    return std::nullopt;
  }
  const std::string s = n->as_string()->get();
  unsigned hh = 0, mm = 0;
  char extra = 0;
  if (s.size() != 5 || std::sscanf(s.c_str(), "%2u:%2u%c", &hh, &mm, &extra) != 2 || mm > 59 ||
      hh > 24 || (hh == 24 && (mm != 0 || !closing))) {
    r.Add(key, "\"" + s + "\" is not a time of day: write HH:MM on a 24-hour clock, e.g. " + hint +
                   (closing ? " (\"24:00\" means midnight)" : ""));
    return std::nullopt;
  }
  return static_cast<int>(hh * 60 + mm);
}

std::optional<std::chrono::sys_days> HolidayDate(const toml::node& n) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (auto date = n.as_date()) {
    const toml::date v = date->get();
    y = v.year, m = v.month, d = v.day;
  } else if (auto s = n.as_string()) {
    char extra = 0;
    const std::string& text = s->get();
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &extra) != 3) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                        std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd);
}

void ReadCalendar(const TableReader& root, CalendarSpec& spec) {
  const toml::table* t = root.Table("calendar");
  if (t == nullptr) return;  // defaults: Mon–Fri 08:00–17:00, no holidays
  TableReader r(*t, "calendar", root.mistakes(),
                {"opens", "closes", "workdays", "holidays", "recurring_holidays"});
  const auto opens = MinuteOfDay(r, "opens", false);
  const auto closes = MinuteOfDay(r, "closes", true);
  if (opens) spec.open_minute = *opens;
  if (closes) spec.close_minute = *closes;
  if ((opens || closes) && spec.open_minute >= spec.close_minute) {
    r.Add(r.table().contains("closes") ? "closes" : "opens",
          "business hours must close after they open on the same day (e.g. opens = \"08:00\", "
          "closes = \"17:00\")");
  }
  if (auto days = r.StringList("workdays")) {
    static constexpr std::string_view kShort[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    static constexpr std::string_view kLong[] = {"sunday",   "monday", "tuesday", "wednesday",
                                                 "thursday", "friday", "saturday"};
    unsigned mask = 0;
    for (const std::string& day : *days) {
      const std::string d = Lower(Trim(day));
      int found = -1;
      for (int i = 0; i < 7; ++i)
        if (d == kShort[i] || d == kLong[i]) found = i;
      if (found < 0) {
        r.Add("workdays", "\"" + day +
                              "\" is not a day: use \"mon\", \"tue\", \"wed\", \"thu\", "
                              "\"fri\", \"sat\" or \"sun\"");
      } else if (mask & (1u << found)) {
        r.Add("workdays", "\"" + day + "\" is listed twice");
      }
      if (found >= 0) mask |= 1u << found;
    }
    if (days->empty()) r.Add("workdays", "must list at least one day, e.g. [\"mon\", \"tue\"]");
    if (mask != 0) spec.workdays_mask = mask;
  }
  if (const toml::array* holidays = r.Array("holidays")) {
    for (size_t i = 0; i < holidays->size(); ++i) {
      const toml::node& n = *holidays->get(i);
      if (auto day = HolidayDate(n)) {
        spec.holidays.insert(*day);
      } else {
        r.mistakes().Add(n.source(), r.PathOf("holidays") + "[" + std::to_string(i) + "]",
                         "should be a date such as 2026-12-25 (a TOML date or \"YYYY-MM-DD\")");
      }
    }
  }
  // Yearly holidays (domain/holiday_rule.hpp): "12-25", "fourth thursday of november".
  if (const toml::array* rules = r.Array("recurring_holidays")) {
    if (rules->size() > CalendarSpec::kMaxRecurringHolidays) {
      r.Add("recurring_holidays",
            "at most " + std::to_string(CalendarSpec::kMaxRecurringHolidays) + " yearly holidays");
    }
    for (size_t i = 0; i < rules->size(); ++i) {
      const toml::node& n = *rules->get(i);
      const std::string at = r.PathOf("recurring_holidays") + "[" + std::to_string(i) + "]";
      if (!n.is_string()) {
        r.mistakes().Add(n.source(), at,
                         "should be a text such as \"fourth thursday of november\"");
      } else if (auto rule = ParseHolidayRule(n.as_string()->get()); !rule.ok()) {
        r.mistakes().Add(n.source(), at, rule.error().message);
      } else {
        spec.recurring_holidays.push_back(std::move(rule).value());
      }
    }
  }
  r.Finish();
}

struct DepartmentState {
  std::map<std::string, const toml::source_region*> codes;  // lower-case code -> where
  const toml::source_region* dispatch_at = nullptr;
};

Department ReadDepartment(const TableReader& r, City& city, DepartmentState& state) {
  Department d;
  d.code = r.String("code", Need::kRequired).value_or("");
  d.name = r.Text("name", Need::kRequired);
  d.email = Trim(r.String("email").value_or(""));
  d.dispatch = r.Bool("dispatch").value_or(false);
  ForEachLanguage(r, "i18n", [&](const std::string& lang, const toml::table& t, std::string path) {
    TableReader tr(t, std::move(path), r.mistakes(), {"name"});
    d.name_i18n[lang] = tr.Text("name");
    tr.Finish();
  });
  if (r.table().contains("code")) {
    if (auto problem = CodeProblem(d.code)) {
      r.Add("code", *problem);
    } else if (auto [it, fresh] = state.codes.emplace(Lower(d.code), &r.Where("code")); !fresh) {
      r.Add("code", "duplicate department code \"" + d.code + "\" (first used on " +
                        LineOf(*it->second) + "; codes must differ in more than letter case)");
    }
  }
  if (r.table().contains("email") && !LooksLikeEmail(d.email)) {
    r.Add("email", "\"" + d.email + "\" is not an e-mail address (name@example.org)");
  }
  if (d.dispatch) {
    if (state.dispatch_at != nullptr) {
      r.Add("dispatch",
            "only one department can be the dispatch department, and another "
            "already is (" +
                LineOf(*state.dispatch_at) + "); remove one of the dispatch = true lines");
    } else {
      state.dispatch_at = &r.Where("dispatch");
      city.dispatch_department = d.code;
    }
  }
  r.Finish();
  return d;
}

void ReadDepartments(const TableReader& root, City& city) {
  DepartmentState state;
  ForEachTable(root, "departments", Need::kRequired,
               [&](const toml::table& t, std::string path, size_t) {
                 TableReader r(t, std::move(path), root.mistakes(),
                               {"code", "name", "email", "dispatch", "i18n"});
                 city.departments.push_back(ReadDepartment(r, city, state));
               });
  const toml::array* all = root.table().get_as<toml::array>("departments");
  if (all != nullptr && all->empty()) {
    root.Add("departments", "add at least one [[departments]] section");
  }
}

}  // namespace
}  // namespace config

Result<std::shared_ptr<const City>> LoadCityConfig(std::string_view toml_text,
                                                   std::string_view source_name) {
  config::Mistakes mistakes{std::string(source_name)};
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    mistakes.Add(e.source(), "", "TOML syntax error: " + std::string(e.description()));
    return mistakes.ToError();
  }
  auto city = std::make_shared<City>();
  config::TableReader r(
      root, "", mistakes,
      {"city", "calendar", "departments", "services", "areas", "routing", "workflow", "escalations",
       "webhooks", "response_templates", "portal", "media", "branding", "dispatch"});
  CalendarSpec spec;
  spec.timezone = config::ReadCity(r, *city);
  config::ReadCalendar(r, spec);
  config::ReadDepartments(r, *city);
  config::ReadServices(r, *city);
  config::ReadWorkflow(r, *city);
  config::ReadWebhooks(r, *city);
  config::ReadDispatch(r, *city);
  config::ReadResponseTemplates(r, *city);
  std::vector<std::string> look_keys;  // [branding] first: [portal] may not repeat its keys
  config::ReadBranding(r, *city, look_keys);
  config::ReadPortal(r, *city, look_keys);
  config::ReadMedia(r, *city);
  config::ReadAreasAndRouting(r, *city);  // last: builds the index only when all else is fine
  r.Finish();

  // The zone is checked on its own so that its mistake points at city.timezone.
  const toml::table* city_table = root.get_as<toml::table>("city");
  const toml::node* zone = city_table != nullptr ? city_table->get("timezone") : nullptr;
  if (zone != nullptr && zone->is_string()) {
    CalendarSpec zone_only;
    zone_only.timezone = spec.timezone;
    if (auto probe = CityCalendar::Create(zone_only); !probe.ok()) {
      mistakes.Add(zone->source(), "city.timezone", probe.error().message);
    }
  }
  if (mistakes.empty()) {
    auto calendar = CityCalendar::Create(spec);
    if (calendar.ok()) {
      city->calendar = std::move(calendar).value();
    } else {
      mistakes.Add(root.source(), "calendar", calendar.error().message);
    }
  }
  if (!mistakes.empty()) return mistakes.ToError();
  return std::shared_ptr<const City>(std::move(city));
}

}  // namespace civic311
