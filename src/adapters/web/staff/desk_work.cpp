// The desk's work orders (docs/console.md, "Work orders"): the crew, the person, the tasks
// (ticked off as they are done), labour hours, materials, cost and the completion note of each
// work order of the request, with a form to create one and a form per order to update it. The
// use cases are the staff API's (WorkflowService::CreateWorkOrder / PatchWorkOrder): the same
// policy (manage_work_orders in the request's department), the same checks (CheckWorkOrder) and
// the same audit entries ("work_order_create" / "work_order_update"). A request with an unfinished
// work order cannot be resolved as fixed (the workflow's rule); the page says which.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "adapters/web/staff/desk.hpp"
#include "app/live_feed.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

std::string FormatHours(double h) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", h);
  std::string out = buf;
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

// Lines of a textarea, trimmed, empty ones left out.
std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty()) out.emplace_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

// The work order's fields as the form sent them. Every form sends every field, so the patch
// sets them all. kInvalidArgument with field errors for hours or cost that are not numbers.
Result<WorkOrderPatch> PatchFromForm(const http::Request& req, const Actor& me) {
  WorkOrderPatch p;
  Error bad = Error::InvalidArgument("the work order was not saved");
  p.crew = std::string(req.Param("crew"));
  const std::string_view who = req.Param("assignee");
  if (who.empty()) {
    p.assignee_user_id = std::optional<UserId>{};
  } else if (who == "me") {
    p.assignee_user_id = std::optional<UserId>{me.user_id};
  } else if (auto id = portal::ParseId(who)) {
    p.assignee_user_id = std::optional<UserId>{*id};
  } else {
    bad.fields.push_back({"assignee", "is not a person of this department"});
  }
  // Existing tasks: their (editable) texts in order, and the indexes ticked as done; a task
  // whose text was cleared is removed. New tasks: one per line.
  std::set<std::string_view> done_indexes;
  for (std::string_view i : req.Params("task_done")) done_indexes.insert(i);
  std::vector<WorkTask> tasks;
  const auto texts = req.Params("task");
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto line = Lines(texts[i]);
    if (line.empty()) continue;
    tasks.push_back({line.front(), done_indexes.count(std::to_string(i)) > 0});
  }
  for (std::string& t : Lines(req.Param("new_tasks"))) tasks.push_back({std::move(t), false});
  p.tasks = std::move(tasks);
  const std::string_view hours = req.Param("hours");
  if (hours.empty()) {
    p.labour_hours = 0;
  } else {
    double h = 0;
    auto [end, ec] = std::from_chars(hours.data(), hours.data() + hours.size(), h);
    if (ec != std::errc() || end != hours.data() + hours.size() || !std::isfinite(h)) {
      bad.fields.push_back({"hours", "must be a number of hours, such as 2.5"});
    } else {
      p.labour_hours = h;
    }
  }
  const std::string_view cost = req.Param("cost");
  if (auto cents = ParseCents(cost); cents || cost.empty()) {
    p.cost_cents = cents.value_or(0);
  } else {
    bad.fields.push_back({"cost", "must be an amount such as 120.50"});
  }
  p.materials = std::string(req.Param("materials"));
  p.completion_note = std::string(req.Param("completion_note"));
  p.done = req.Param("done") == "1";
  if (!bad.fields.empty()) return bad;
  return p;
}

http::Response Failed(const D& d, const StaffVisit& s, const http::Request& req, RequestId id,
                      const Error& e, std::string form) {
  DeskProblem p;
  p.status = ProblemStatus(e);
  p.error = ProblemText(e);
  p.kept_form = std::move(form);
  return RenderDesk(d, s, req, id, std::move(p));
}

}  // namespace

std::optional<std::int64_t> ParseCents(std::string_view text) {
  std::string digits;
  int decimals = -1;  // -1: no point seen
  for (char c : text) {
    if (c == ',' && decimals < 0) continue;  // thousands separators
    if (c == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (decimals >= 0 && ++decimals > 2) return std::nullopt;
    digits += c;
    if (digits.size() > 15) return std::nullopt;
  }
  if (digits.empty()) return std::nullopt;
  std::int64_t v = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), v);
  for (int i = std::max(decimals, 0); i < 2; ++i) v *= 10;
  return v;
}

std::string FormatCents(std::int64_t cents) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

void AddWorkOrders(const D& d, const StaffVisit& s, const RequestDetail& detail,
                   const json::array& people, json::object* view) {
  const ServiceRequest& r = detail.request;
  const Target target{r.department_code, detail.workflow.reporter_user_id, r.internal};
  const bool may = detail.internal_visible &&
                   static_cast<bool>(Authorize(s.actor, Operation::kManageWorkOrders, target));
  json::array orders;
  std::set<std::string> crews;
  double hours = 0;
  std::int64_t cents = 0;
  int open_orders = 0;
  for (const WorkOrder& o : detail.work_orders) {
    json::array who;
    for (const json::value& p : people) {
      const json::object& po = p.as_object();
      const bool selected = o.assignee_user_id && po.at("id").as_int64() == *o.assignee_user_id;
      who.push_back(json::object{{"id", json::value(po.at("id"))},
                                 {"name", json::value(po.at("name"))},
                                 {"selected", selected}});
    }
    json::array tasks;
    int done_tasks = 0;
    for (std::size_t i = 0; i < o.tasks.size(); ++i) {
      tasks.push_back(json::object{{"i", i}, {"text", o.tasks[i].text}, {"done", o.tasks[i].done}});
      done_tasks += o.tasks[i].done ? 1 : 0;
    }
    if (!o.crew.empty()) crews.insert(o.crew);
    hours += o.labour_hours;
    cents += o.cost_cents;
    open_orders += o.done ? 0 : 1;
    orders.push_back(json::object{
        {"wid", o.id},
        {"crew", o.crew},
        {"assignee", UserName(d, o.assignee_user_id)},
        {"people", std::move(who)},
        {"tasks", std::move(tasks)},
        {"has_tasks", !o.tasks.empty()},
        {"tasks_done", done_tasks},
        {"tasks_total", o.tasks.size()},
        {"hours", FormatHours(o.labour_hours)},
        {"materials", o.materials},
        {"cost", FormatCents(o.cost_cents)},
        {"completion_note", o.completion_note},
        {"done", o.done},
        {"updated", ShortTime(o.updated_at)},
    });
  }
  json::array crew_names;
  for (const std::string& c : crews) crew_names.push_back(json::value(c));
  (*view)["work_orders"] = std::move(orders);
  (*view)["has_work_orders"] = !detail.work_orders.empty();
  (*view)["work_total_hours"] = FormatHours(hours);
  (*view)["work_total_cost"] = FormatCents(cents);
  (*view)["work_open"] = open_orders;
  (*view)["crews"] = std::move(crew_names);
  (*view)["may_manage_work"] = may;
  (*view)["may_create_work"] = may && IsOpen(r.state);
}

http::Response PostWorkOrderCreate(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  auto id = portal::ParseId(req.path_params.at(0));
  if (!id) return portal::ErrorPage(*d.web, req, 404, "");
  auto patch = PatchFromForm(req, s->actor);
  if (!patch.ok()) return Failed(d, *s, req, *id, patch.error(), "work");
  WorkOrder w;
  w.request_id = *id;
  patch->ApplyTo(w);
  auto created = d.web->workflow->CreateWorkOrder(s->actor, std::move(w));
  if (!created.ok()) return Failed(d, *s, req, *id, created.error(), "work");
  if (d.live != nullptr) d.live->Nudge();
  return portal::Redirect("/staff/requests/" + std::to_string(*id) + "?done=1#wo-" +
                          std::to_string(created->id));
}

http::Response PostWorkOrderUpdate(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  auto id = portal::ParseId(req.path_params.at(0));
  auto wid = portal::ParseId(req.path_params.at(1));
  if (!id || !wid) return portal::ErrorPage(*d.web, req, 404, "");
  auto patch = PatchFromForm(req, s->actor);
  if (!patch.ok()) return Failed(d, *s, req, *id, patch.error(), "work");
  auto updated = d.web->workflow->PatchWorkOrder(s->actor, *wid, *patch);
  if (!updated.ok()) return Failed(d, *s, req, *id, updated.error(), "work");
  if (d.live != nullptr) d.live->Nudge();
  // The order's own request (the path's id only says where the form was).
  const RequestId back = updated->request_id.value_or(*id);
  return portal::Redirect("/staff/requests/" + std::to_string(back) + "?done=1#wo-" +
                          std::to_string(*wid));
}

}  // namespace civic311::console
