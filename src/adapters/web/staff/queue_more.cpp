#include "adapters/web/staff/queue_more.hpp"

#include <chrono>
#include <cstdio>

namespace civic311::console {
namespace json = boost::json;
namespace {

std::optional<Timestamp> ParseDay(const std::string& s) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                        std::chrono::day(d)};
  if (!ymd.ok() || y < 1970 || y > 9999) return std::nullopt;
  return std::chrono::time_point_cast<Timestamp::duration>(std::chrono::sys_days(ymd));
}

const Area* FindArea(const PortalDeps& w, const std::string& name) {
  if (!w.city->areas) return nullptr;
  for (const Area& a : w.city->areas->areas())
    if (a.name == name) return &a;
  return nullptr;
}

struct SortColumn {
  const char* column;  // the view key: sort_<column>
  const char* first;   // the sort a click gives
  const char* second;  // the sort a second click gives (same column, other way); "" none
};
constexpr SortColumn kColumns[] = {{"id", "newest", "oldest"},
                                   {"service", "service", ""},
                                   {"state", "state", ""},
                                   {"due", "due", ""},
                                   {"received", "oldest", "newest"}};

}  // namespace

std::string QueryWith(const http::Request& req, std::string_view key, std::string_view value) {
  std::string out;
  auto add = [&out](std::string_view k, std::string_view v) {
    if (v.empty()) return;
    out += out.empty() ? "?" : "&";
    out += k;
    out += '=';
    for (unsigned char c : v) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        out += static_cast<char>(c);
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
  };
  bool replaced = false;
  for (const auto& [k, v] : req.query) {
    if (k == "page" && key != "page") continue;  // a new filter starts at page 1
    if (k == key) {
      if (!replaced) add(k, value);
      replaced = true;
      continue;
    }
    add(k, v);
  }
  if (!replaced) add(key, value);
  return out;
}

Status ApplyMoreFilters(const PortalDeps& w, const std::string& area, const std::string& channel,
                        const std::string& from, const std::string& to, const std::string& sort,
                        StaffQuery* q) {
  if (!area.empty()) {
    const Area* a = FindArea(w, area);
    if (a == nullptr) return Error::InvalidField("area", "no such area");
    const BoundingBox b = BoundsOf(a->shape);
    q->bbox = RequestQuery::BBox{b.min_lat, b.min_lon, b.max_lat, b.max_lon};
  }
  if (!channel.empty()) {
    auto c = ParseChannel(channel);
    if (!c) return Error::InvalidField("channel", "no such channel");
    q->channels = {*c};
  }
  if (!from.empty()) {
    q->requested_from = ParseDay(from);
    if (!q->requested_from) return Error::InvalidField("from", "not a date");
  }
  if (!to.empty()) {
    auto day = ParseDay(to);
    if (!day) return Error::InvalidField("to", "not a date");
    q->requested_to = *day + std::chrono::days(1);  // the whole of the last day
  }
  if (sort.empty() || sort == "newest") {
    q->sort = StaffSort::kNewest;
  } else if (sort == "oldest") {
    q->sort = StaffSort::kOldest;
  } else if (sort == "due") {
    q->sort = StaffSort::kDue;
  } else if (sort == "state") {
    q->sort = StaffSort::kState;
  } else if (sort == "service") {
    q->sort = StaffSort::kService;
  } else {
    return Error::InvalidField("sort", "no such order");
  }
  return OkStatus();
}

void AddMoreFilterViews(const D& d, const http::Request& req, const std::string& lang,
                        const std::string& area, const std::string& channel,
                        const std::string& from, const std::string& to, const std::string& sort,
                        bool map_view, json::object* view) {
  const PortalDeps& w = *d.web;
  json::array areas;
  if (w.city->areas) {
    for (const Area& a : w.city->areas->areas())
      areas.push_back(json::object{{"name", a.name}, {"selected", a.name == area}});
  }
  (*view)["has_areas"] = !areas.empty();
  (*view)["areas"] = std::move(areas);
  json::array channels;
  for (Channel c : {Channel::kWeb, Channel::kApp, Channel::kApi, Channel::kPhone, Channel::kEmail,
                    Channel::kWalkIn, Channel::kFax, Channel::kTty, Channel::kInternal}) {
    const std::string name = ChannelName(c);
    channels.push_back(json::object{{"code", name},
                                    {"name", w.messages->Get(lang, "c2_channel_" + name)},
                                    {"selected", name == channel}});
  }
  (*view)["channels"] = std::move(channels);
  (*view)["from_value"] = from;
  (*view)["to_value"] = to;
  (*view)["unassigned"] = req.Param("assignee") == "none";
  const std::string current = sort.empty() ? "newest" : sort;
  for (const SortColumn& col : kColumns) {
    const bool on = current == col.first || (*col.second != 0 && current == col.second);
    std::string next = col.first;
    if (current == col.first && *col.second != 0) next = col.second;
    std::string aria = "none";
    if (on) aria = current == "newest" ? "descending" : "ascending";
    (*view)[std::string("sort_") + col.column] =
        json::object{{"href", "/staff/queue" + QueryWith(req, "sort", next)}, {"aria", aria}};
  }
  (*view)["sort_value"] = sort;
  json::array all_departments;
  for (const Department& dp : w.city->departments)
    all_departments.push_back(json::object{{"code", dp.code}, {"name", dp.name}});
  (*view)["all_departments"] = std::move(all_departments);
  (*view)["map_view"] = map_view;
  (*view)["list_href"] = "/staff/queue" + QueryWith(req, "view", "");
  (*view)["map_href"] = "/staff/queue" + QueryWith(req, "view", "map");
}

}  // namespace civic311::console
