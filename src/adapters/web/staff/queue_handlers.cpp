// The department queue: the workflow's staff list (WorkflowService::ListItems) with its filters,
// counts per open state, paging, and bulk acknowledge / assign-to-me (one Act per request, so
// each is its own audited event with its own version check).
#include <charconv>
#include <map>

#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/desk.hpp"
#include "adapters/web/staff/handlers.hpp"
#include "adapters/web/staff/queue_more.hpp"
#include "app/live_feed.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

constexpr int kPageSize = 50;
// The most matches a filtered queue counts (docs/console.md, "Queue"): beyond it the tab says
// "1000+". Counting every match of a broad filter at 1,000,000 requests costs 20-200 ms.
constexpr std::int64_t kQueueCountCap = 1000;
// A text search or an area finds its matches in FTS5 or the R*Tree and then reads each match's
// row to test the rest: each counted match costs a row read, so these count fewer ("100+").
constexpr std::int64_t kSearchCountCap = 100;
// The map view shows this many of the set at once.
constexpr int kMapSize = 200;

std::vector<RequestState> OpenStates() {
  std::vector<RequestState> out;
  for (RequestState s : kAllStates) {
    if (IsOpen(s)) out.push_back(s);
  }
  return out;
}

int PageOf(const http::Request& req) {
  int page = 1;
  std::string_view p = req.Param("page");
  std::from_chars(p.data(), p.data() + p.size(), page);
  return std::clamp(page, 1, 10000);
}

}  // namespace

http::Response GetQueue(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const PortalDeps& w = *d.web;
  const std::string& lang = s->visit.lang;
  const auto& m = *w.messages;

  StaffQuery q;
  const std::string state_param(req.Param("state"));
  if (state_param.empty() || state_param == "open") {
    q.states = OpenStates();
  } else if (state_param != "all") {
    auto st = ParseState(state_param);
    if (!st) return portal::ErrorPage(w, req, 400, m.Get(lang, "staff_bad_state"));
    q.states = {*st};
  }
  const std::string service(req.Param("service"));
  if (!service.empty()) q.service_codes = {service};
  const std::string department(req.Param("department"));
  // The default queue is the person's own departments; "*" looks everywhere they may see.
  if (department.empty()) {
    q.departments = s->actor.departments;
  } else if (department != "*") {
    q.departments = {department};
  }
  const std::string assignee(req.Param("assignee"));
  if (assignee == "me") q.assignee_user_id = s->actor.user_id;
  q.unassigned = assignee == "none";
  if (auto crew = portal::ParseId(req.Param("crew"))) q.crew_id = *crew;  // desk_crews.cpp
  q.overdue = req.Param("overdue") == "1";
  q.at_risk = req.Param("at_risk") == "1";
  q.text = std::string(req.Param("q"));
  const std::string area(req.Param("area")), channel(req.Param("channel"));
  const std::string from(req.Param("from")), to(req.Param("to")), sort(req.Param("sort"));
  if (Status st = ApplyMoreFilters(w, area, channel, from, to, sort, &q); !st.ok()) {
    return portal::ErrorPage(w, req, 400, m.Get(lang, "c2_bad_filter"));
  }
  const bool map_view = req.Param("view") == "map";
  const int page_size = map_view ? kMapSize : kPageSize;
  const int page = PageOf(req);
  q.limit = page_size + 1;  // one more: is there a next page?
  q.offset = (page - 1) * page_size;

  auto rows = w.workflow->ListItems(s->actor, q);
  if (!rows.ok()) return portal::ErrorPage(w, req, rows.error());
  const bool has_next = static_cast<int>(rows->size()) > page_size;
  if (has_next) rows->pop_back();

  json::object view = ConsoleView(d, *s, req, m.Get(lang, "staff_queue_title"));
  const Timestamp now =
      std::chrono::time_point_cast<Timestamp::duration>(std::chrono::system_clock::now());
  json::array items;
  for (const StaffListItem& item : *rows) {
    const ServiceRequest& r = item.request;
    const ClockBadge clock = ClockOf(d, lang, r, &item.workflow, now);
    const Department* dep = w.city->FindDepartment(r.department_code);
    items.push_back(json::object{
        {"id", r.id},
        {"version", r.version},
        {"service", r.service_name},
        {"state", StateName(r.state)},
        {"state_label", portal::StateWords(w, lang, r.state)},
        {"address", r.address},
        {"description",
         r.description.size() > 120 ? r.description.substr(0, 117) + "…" : r.description},
        {"department", dep != nullptr ? dep->name : r.department_code},
        {"assignee", UserName(d, item.workflow.assignee_user_id)},
        {"age", portal::FormatAge(w, lang, now, r.requested_at)},
        {"requested", ShortTime(r.requested_at)},
        {"clock", clock.text},
        {"clock_kind", clock.kind},
        {"emergency", r.emergency},
        {"internal", r.internal},
        {"lat", r.lat ? json::value(*r.lat) : json::value(nullptr)},
        {"lon", r.lon ? json::value(*r.lon) : json::value(nullptr)},
    });
  }
  view["items"] = std::move(items);
  // The small alert-settings form under the queue (docs/notifications.md, "Staff alerts").
  if (auto alerts = w.workflow->GetAlertSettings(s->actor); alerts.ok()) {
    view["alerts"] = json::object{{std::string(QueueAlertsName(alerts->queue)), true},
                                  {"lang_" + alerts->lang, true},
                                  {"saved", req.Param("alerts") == "saved"}};
  }
  AddMoreFilterViews(d, req, lang, area, channel, from, to, sort, map_view, &view);
  AddCrewFilter(d, *s, req, &view);
  AddSavedFilters(d, *s, req, &view);

  // Tabs: every open state with its count under the other filters, then "open" and "all".
  json::array tabs;
  auto tab = [&](std::string_view value, std::string label, std::optional<std::string> count) {
    const bool current = value == (state_param.empty() ? "open" : state_param);
    json::object t{{"href", "/staff/queue" + QueryWith(req, "state", value)},
                   {"label", std::move(label)},
                   {"current", current}};
    if (count) t["count"] = std::move(*count);
    tabs.push_back(std::move(t));
  };
  // One SQL count over every open state under the other filters (WorkflowService::CountByState),
  // stopped after the cap + 1 matches: past the cap the "open" tab says "1000+" ("100+" for a
  // search or an area) and the states show no count (a partial split would mislead); at or
  // below it every count is exact.
  StaffQuery cq = q;
  cq.states = OpenStates();
  cq.count_cap = !q.text.empty() || q.bbox ? kSearchCountCap : kQueueCountCap;
  std::map<RequestState, std::int64_t> counts;
  auto counted = w.workflow->CountByState(s->actor, cq);
  if (counted.ok()) counts.insert(counted->by_state.begin(), counted->by_state.end());
  const bool capped = counted.ok() && counted->capped;
  std::int64_t open_total = 0;
  for (const auto& [st, n] : counts) open_total += n;
  auto shown = [&](std::int64_t n) {
    return counted.ok() && !capped ? std::optional<std::string>(std::to_string(n)) : std::nullopt;
  };
  tab("open", std::string(m.Get(lang, "staff_all_open")),
      capped ? std::optional<std::string>(std::to_string(cq.count_cap) + "+") : shown(open_total));
  for (RequestState st : OpenStates())
    tab(StateName(st), portal::StateWords(w, lang, st), shown(counts[st]));
  tab("all", std::string(m.Get(lang, "staff_all_states")), std::nullopt);
  view["tabs"] = std::move(tabs);

  // Filter choices, with the current values selected.
  json::array services;
  for (const Service& svc : w.city->services) {
    services.push_back(
        json::object{{"code", svc.code}, {"name", svc.name}, {"selected", svc.code == service}});
  }
  view["services"] = std::move(services);
  json::array departments;
  for (const std::string& code : s->actor.departments) {
    const Department* dep = w.city->FindDepartment(code);
    departments.push_back(json::object{{"code", code},
                                       {"name", dep != nullptr ? dep->name : code},
                                       {"selected", code == department}});
  }
  view["departments"] = std::move(departments);
  view["everywhere"] = department == "*";
  view["live_url"] = department.empty()
                         ? std::string("/staff/live")
                         : "/staff/live" + QueryWith(http::Request{}, "department", department);
  view["state_value"] = state_param;
  view["q_value"] = q.text;
  view["assignee_me"] = assignee == "me";
  view["overdue"] = q.overdue;
  view["at_risk"] = q.at_risk;
  view["page"] = page;
  if (page > 1)
    view["prev_href"] = "/staff/queue" + QueryWith(req, "page", std::to_string(page - 1));
  if (has_next)
    view["next_href"] = "/staff/queue" + QueryWith(req, "page", std::to_string(page + 1));
  {
    // Where a bulk action returns: these filters, without the last action's result.
    http::Request plain = req;
    std::erase_if(plain.query,
                  [](const auto& kv) { return kv.first == "done" || kv.first == "failed"; });
    const std::string back = "/staff/queue" + QueryWith(plain, "page", std::to_string(page));
    view["back"] = back.size() > 300 ? std::string("/staff/queue") : back;
  }
  if (auto done = req.Param("done"); !done.empty()) {
    const std::string failed(req.Param("failed"));
    view["flash"] =
        m.Format(lang, failed.empty() || failed == "0" ? "staff_bulk_done_all" : "staff_bulk_done",
                 {{"done", std::string(done)}, {"failed", failed}});
  }
  return RenderConsole(d, *s, req, "queue", std::move(view));
}

http::Response PostBulk(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const std::string_view action = req.Param("bulk_action");
  ActionInput in;
  if (action == "acknowledge") {
    in.action = Action::kAcknowledge;
  } else if (action == "assign_me") {
    in.action = Action::kAssign;
    in.assignee_user_id = s->actor.user_id;
  } else if (action == "transfer") {
    in.action = Action::kTransfer;
    in.department_code = std::string(req.Param("bulk_department"));
    in.text = std::string(req.Param("bulk_reason"));
  } else if (action == "close_duplicate") {
    in.action = Action::kCloseDuplicate;
    in.parent_id = portal::ParseId(req.Param("bulk_parent"));
    if (!in.parent_id) {
      return portal::ErrorPage(*d.web, req, 400,
                               d.web->messages->Get(s->visit.lang, "c2_parent_required"));
    }
  } else {
    return portal::ErrorPage(*d.web, req, 400,
                             d.web->messages->Get(s->visit.lang, "staff_bad_action"));
  }
  int done = 0, failed = 0;
  // "id:version": each change is checked against the version the queue showed.
  for (std::string_view sel : req.Params("sel")) {
    const auto colon = sel.find(':');
    auto id = portal::ParseId(sel.substr(0, colon));
    std::int64_t version = 0;
    if (colon != std::string_view::npos) {
      std::string_view v = sel.substr(colon + 1);
      std::from_chars(v.data(), v.data() + v.size(), version);
    }
    if (!id || version <= 0 || (in.parent_id && *in.parent_id == *id)) {
      ++failed;  // (a request is never a duplicate of itself: the parent stays open)
      continue;
    }
    in.version = version;
    if (d.web->workflow->Act(s->actor, *id, in).ok()) {
      ++done;
    } else {
      ++failed;
    }
  }
  if (done > 0 && d.live != nullptr) d.live->Nudge();
  std::string back(req.Param("back"));
  if (!back.starts_with("/staff/queue")) back = "/staff/queue";
  back += back.find('?') == std::string::npos ? "?" : "&";
  back += "done=" + std::to_string(done) + "&failed=" + std::to_string(failed);
  return portal::Redirect(back);
}

http::Response PostAlerts(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const auto queue = ParseQueueAlerts(req.Param("new_requests"));
  if (!queue) {
    return portal::ErrorPage(*d.web, req, 400,
                             d.web->messages->Get(s->visit.lang, "staff_bad_action"));
  }
  auto saved = d.web->workflow->SetAlertSettings(s->actor, *queue, req.Param("lang"));
  if (!saved.ok()) return portal::ErrorPage(*d.web, req, saved.error());
  return portal::Redirect("/staff/queue?alerts=saved");
}

}  // namespace civic311::console
