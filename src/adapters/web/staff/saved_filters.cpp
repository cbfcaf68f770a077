// Saved queue filters per person (docs/console.md, "Saved filters"): the queue's current filter
// set saved under a name, listed beside the filters, applied with one click (a link to the
// queue with those parameters) and deleted. Stored per member of staff (SavedFilterStore,
// migration 0017); only the queue's filter parameters are kept, never paging or results.
#include <algorithm>

#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/handlers.hpp"
#include "app/console_ports.hpp"
#include "base/percent_encode.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

// The queue's filter parameters (queue_handlers.cpp, queue_more.cpp), in a fixed order so the
// same set always reads the same.
constexpr std::string_view kFilterKeys[] = {
    "state", "service", "department", "assignee", "overdue", "at_risk", "q",
    "area",  "channel", "from",       "to",       "sort",    "view",    "crew"};
constexpr std::size_t kMaxNameBytes = 80;

// "state=open&service=POTHOLE": the filter parameters of `req` (query or form), encoded.
std::string FilterQuery(const http::Request& req) {
  std::string out;
  for (std::string_view k : kFilterKeys) {
    std::string_view v = req.Param(k);
    if (v.empty() || v.size() > 200) continue;
    if (!out.empty()) out += '&';
    out += k;
    out += '=';
    out += PercentEncode(v);
  }
  return out;
}

std::string TrimmedName(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

bool PlainText(std::string_view s) {
  return std::none_of(s.begin(), s.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

http::Response BackToQueue(std::string_view query, std::string_view flash) {
  std::string to = "/staff/queue?" + std::string(query);
  to += query.empty() ? "" : "&";
  to += "filters=" + std::string(flash);
  return portal::Redirect(to);
}

}  // namespace

void AddSavedFilters(const D& d, const StaffVisit& s, const http::Request& req,
                     json::object* view) {
  if (d.saved_filters == nullptr) return;
  const std::string current = FilterQuery(req);
  json::array fields;
  for (std::string_view k : kFilterKeys) {
    if (std::string_view v = req.Param(k); !v.empty() && v.size() <= 200)
      fields.push_back(json::object{{"name", k}, {"value", v}});
  }
  json::array list;
  if (auto saved = d.saved_filters->ListSavedFilters(s.actor.user_id); saved.ok()) {
    for (const SavedFilter& f : *saved) {
      list.push_back(json::object{{"id", f.id},
                                  {"name", f.name},
                                  {"href", "/staff/queue" + (f.query.empty() ? "" : "?" + f.query)},
                                  {"current", f.query == current}});
    }
  }
  const auto& m = *d.web->messages;
  const std::string& lang = s.visit.lang;
  json::object sf{{"fields", std::move(fields)},
                  {"has_list", !list.empty()},
                  {"list", std::move(list)},
                  {"query", current},
                  // Shadow the page's own flash and error (the bulk result): shown once, above.
                  {"flash", false},
                  {"error", false}};
  const std::string_view flash = req.Param("filters");
  if (flash == "saved") sf["flash"] = m.Get(lang, "calldesk_filter_saved");
  if (flash == "deleted") sf["flash"] = m.Get(lang, "calldesk_filter_deleted");
  if (flash == "bad_name") sf["error"] = m.Get(lang, "calldesk_filter_bad_name");
  if (flash == "full") {
    sf["error"] =
        m.Format(lang, "calldesk_filter_full", {{"max", std::to_string(kMaxSavedFilters)}});
  }
  (*view)["saved_filters"] = std::move(sf);
}

http::Response PostSaveFilter(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  if (d.saved_filters == nullptr) return portal::ErrorPage(*d.web, req, 404, "");
  const std::string query = FilterQuery(req);
  const std::string name = TrimmedName(req.Param("name"));
  if (name.empty() || name.size() > kMaxNameBytes || !PlainText(name)) {
    return BackToQueue(query, "bad_name");
  }
  SavedFilter f;
  f.user_id = s->actor.user_id;
  f.name = name;
  f.query = query;
  f.created_at =
      std::chrono::time_point_cast<Timestamp::duration>(std::chrono::system_clock::now());
  auto saved = d.saved_filters->SaveFilter(f);
  if (!saved.ok()) {
    if (saved.error().code == ErrorCode::kInvalidArgument) return BackToQueue(query, "full");
    return portal::ErrorPage(*d.web, req, saved.error());
  }
  return BackToQueue(query, "saved");
}

http::Response PostDeleteFilter(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  if (d.saved_filters == nullptr) return portal::ErrorPage(*d.web, req, 404, "");
  auto id = req.path_params.empty() ? std::nullopt : portal::ParseId(req.path_params[0]);
  if (!id) return portal::ErrorPage(*d.web, req, 404, "");
  // Only the person's own filter: another's id is "not found", as if it did not exist.
  if (Status st = d.saved_filters->DeleteSavedFilter(s->actor.user_id, *id); !st.ok()) {
    return portal::ErrorPage(*d.web, req, st.error());
  }
  return BackToQueue(FilterQuery(req), "deleted");
}

}  // namespace civic311::console
