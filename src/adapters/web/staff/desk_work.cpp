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
#include "app/crew_service.hpp"
#include "app/live_feed.hpp"
#include "app/work_orders.hpp"
#include "base/time_format.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

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
  // A department with registered crews: a list ("" no crew, "keep" the crew the order already
  // names, or a crew's id); else the free-text crew.
  if (!req.Params("crew_choice").empty()) {
    const std::string_view choice = req.Param("crew_choice");
    if (choice.empty()) {
      p.crew_id = std::optional<std::int64_t>{};
      p.crew = std::string();
    } else if (auto crew = portal::ParseId(choice)) {
      p.crew_id = std::optional<std::int64_t>{*crew};
    } else if (choice != "keep") {
      bad.fields.push_back({"crew", "desk_work_err_crew"});
    }
  } else {
    p.crew = std::string(req.Param("crew"));
  }
  const std::string_view who = req.Param("assignee");
  if (who.empty()) {
    p.assignee_user_id = std::optional<UserId>{};
  } else if (who == "me") {
    p.assignee_user_id = std::optional<UserId>{me.user_id};
  } else if (auto id = portal::ParseId(who)) {
    p.assignee_user_id = std::optional<UserId>{*id};
  } else {
    bad.fields.push_back({"assignee", "desk_work_err_person"});
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
  // A date input sends YYYY-MM-DD (or nothing: not scheduled); the day is a UTC day.
  const std::string_view day = req.Param("scheduled");
  if (day.empty()) {
    p.scheduled_for = std::optional<Timestamp>{};
  } else if (auto at = day.size() == 10 ? ParseW3cDatetime(day) : std::nullopt) {
    p.scheduled_for = std::optional<Timestamp>{*at};
  } else {
    bad.fields.push_back({"scheduled", "desk_work_err_date"});
  }
  const std::string_view hours = req.Param("hours");
  if (hours.empty()) {
    p.labour_hours = 0;
  } else {
    double h = 0;
    auto [end, ec] = std::from_chars(hours.data(), hours.data() + hours.size(), h);
    if (ec != std::errc() || end != hours.data() + hours.size() || !std::isfinite(h)) {
      bad.fields.push_back({"hours", "desk_work_err_hours"});
    } else {
      p.labour_hours = h;
    }
  }
  const std::string_view cost = req.Param("cost");
  if (auto cents = ParseCents(cost); cents || cost.empty()) {
    p.cost_cents = cents.value_or(0);
  } else {
    bad.fields.push_back({"cost", "desk_work_err_cost"});
  }
  p.materials = std::string(req.Param("materials"));
  p.completion_note = std::string(req.Param("completion_note"));
  p.done = req.Param("done") == "1";
  // The version the form was drawn with (update forms): a save over a newer one is refused.
  // Its own name: the desk's action forms carry the request's "version".
  if (auto version = portal::ParseId(req.Param("wo_version"))) p.version = *version;
  if (!bad.fields.empty()) return bad;
  return p;
}

// The form's field for a field the use case named (the staff API's names).
std::string_view FormField(std::string_view f) {
  if (f == "labour_hours") return "hours";
  if (f == "cost_cents") return "cost";
  if (f == "assignee_user_id") return "assignee";
  if (f == "scheduled_for") return "scheduled";
  if (f == "tasks") return "new_tasks";
  if (f == "crew_id") return "crew";
  return f;
}

// The work-order form that failed (`wid`; 0: the new one), as it was typed, with each
// problem beside its field: the page opens that form.
http::Response Failed(const D& d, const StaffVisit& s, const http::Request& req, RequestId id,
                      const Error& e, std::int64_t wid) {
  DeskProblem p;
  p.status = ProblemStatus(e);
  p.error = e.fields.empty() ? ProblemText(e) : e.message;
  p.kept_form = wid == 0 ? "work" : "work_edit";
  json::object errors;
  for (const FieldError& f : e.fields) {
    const std::string_view key = FormField(f.field);
    // Messages the form itself found are message keys (desk_work_err_*); the use case's are
    // its own words.
    const std::string text = f.message.starts_with("desk_work_err_")
                                 ? std::string(d.web->messages->Get(s.visit.lang, f.message))
                                 : f.message;
    errors["err_" + std::string(key)] = text;
  }
  json::object typed;
  for (const char* k : {"crew", "crew_choice", "assignee", "scheduled", "hours", "cost",
                        "new_tasks", "materials", "completion_note"}) {
    typed[k] = std::string(req.Param(k));
  }
  p.work = json::object{{"wid", wid}, {"errors", std::move(errors)}, {"typed", std::move(typed)}};
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

namespace {

// Lays what was typed into a failed form, and its problems, over the form's values.
void Overlay(const json::object& kept, json::object* form) {
  if (const auto* typed = kept.if_contains("typed")) {
    for (const auto& [k, v] : typed->as_object()) (*form)[k] = v;
  }
  if (const auto* errors = kept.if_contains("errors")) {
    for (const auto& [k, v] : errors->as_object()) (*form)[k] = v;
  }
  (*form)["open_edit"] = true;
}

// The people one may give work to, with `selected` (an id, "me" or "") marked.
json::array PeopleChoice(const json::array& people, std::string_view selected) {
  json::array who;
  for (const json::value& p : people) {
    const json::object& po = p.as_object();
    const std::string id = std::to_string(po.at("id").as_int64());
    who.push_back(json::object{{"id", json::value(po.at("id"))},
                               {"name", json::value(po.at("name"))},
                               {"selected", id == selected}});
  }
  return who;
}

// The crew list of a form: no crew, the department's active crews, and the crew the order
// names now when it is not one of them (free text from before the register, or retired) as
// "keep". `chosen`: the value to select ("" no crew, "keep", or an id).
json::array CrewChoice(const std::vector<Crew>& active, const WorkOrder* order,
                       std::string_view chosen, const std::string& legacy_label) {
  json::array out;
  bool listed = false;
  for (const Crew& c : active) listed = listed || (order != nullptr && order->crew_id == c.id);
  if (order != nullptr && !order->crew.empty() && !listed) {
    out.push_back(json::object{{"value", "keep"},
                               {"name", order->crew + " " + legacy_label},
                               {"selected", chosen == "keep"}});
  }
  for (const Crew& c : active) {
    const std::string id = std::to_string(c.id);
    out.push_back(json::object{{"value", id}, {"name", c.name}, {"selected", chosen == id}});
  }
  return out;
}

// What a form's crew list selects for `order` (null: a new order).
std::string CrewChosen(const WorkOrder* order, const std::vector<Crew>& active) {
  if (order == nullptr || (order->crew.empty() && !order->crew_id)) return "";
  for (const Crew& c : active)
    if (order->crew_id == c.id) return std::to_string(c.id);
  return "keep";
}

// The answer to a save over a version of the order that another save replaced meanwhile (as
// the request desk's "changed by X"): who saved it last, in the page's summary, and beside the
// form (which comes back as typed, over the order as it is now, with the new version: saving
// again is a deliberate choice to replace the other person's change).
Error StaleOrder(const D& d, const StaffVisit& s, RequestId id, std::int64_t wid) {
  const auto& m = *d.web->messages;
  const std::string& lang = s.visit.lang;
  std::string who;
  if (auto now = d.web->workflow->GetDetail(s.actor, id); now.ok()) {
    for (const WorkOrder& o : now->work_orders)
      if (o.id == wid) who = UserName(d, o.updated_by);
  }
  if (who.empty()) who = std::string(m.Get(lang, "staff_someone"));
  Error e = Error::Conflict(m.Format(lang, "wo_conflict", {{"who", who}}));
  e.fields.push_back({"version", std::string(m.Get(lang, "wo_conflict_hint"))});
  return e;
}

}  // namespace

void AddWorkOrders(const D& d, const StaffVisit& s, const RequestDetail& detail,
                   const json::array& people, const json::object& kept, json::object* view) {
  const ServiceRequest& r = detail.request;
  const Target target{r.department_code, detail.workflow.reporter_user_id, r.internal};
  const bool may = detail.internal_visible &&
                   static_cast<bool>(Authorize(s.actor, Operation::kManageWorkOrders, target));
  const std::int64_t kept_wid = kept.empty() ? -1 : kept.at("wid").as_int64();
  // The department's active crews; none registered (or no register): the crew is free text.
  std::vector<Crew> active;
  if (d.crews != nullptr && may) {
    if (auto got = d.crews->Active(s.actor, r.department_code); got.ok()) active = std::move(*got);
  }
  const std::string legacy = std::string(d.web->messages->Get(s.visit.lang, "crews_legacy"));
  const auto typed_choice = [&](const json::object& form, std::string fallback) {
    if (const auto* v = form.if_contains("crew_choice"); v != nullptr && v->is_string())
      return std::string(v->as_string());
    return fallback;
  };
  const Timestamp now = DeskNow();
  json::array orders;
  std::set<std::string> crews;
  double hours = 0;
  std::int64_t cents = 0;
  int open_orders = 0;
  int overdue_orders = 0;
  for (const WorkOrder& o : detail.work_orders) {
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
    const bool overdue = WorkOrderOverdue(o, now);
    overdue_orders += overdue ? 1 : 0;
    const std::string scheduled = o.scheduled_for ? UtcDay(*o.scheduled_for) : std::string();
    json::object order{
        {"wid", o.id},
        {"crew", o.crew},
        {"assignee", UserName(d, o.assignee_user_id)},
        {"tasks", std::move(tasks)},
        {"has_tasks", !o.tasks.empty()},
        {"tasks_done", done_tasks},
        {"tasks_total", o.tasks.size()},
        {"scheduled", scheduled},
        {"scheduled_shown", scheduled},
        {"overdue", overdue},
        {"hours", FormatHours(o.labour_hours)},
        {"hours_shown", FormatHours(o.labour_hours)},
        {"cost_shown", FormatCents(o.cost_cents)},
        {"crew_shown", o.crew},
        {"materials", o.materials},
        {"materials_shown", o.materials},
        {"cost", FormatCents(o.cost_cents)},
        {"completion_note", o.completion_note},
        {"completion_note_shown", o.completion_note},
        {"done", o.done},
        {"updated", ShortTime(o.updated_at)},
        {"version", o.version},
    };
    std::string selected = o.assignee_user_id ? std::to_string(*o.assignee_user_id) : "";
    if (kept_wid == o.id) {
      Overlay(kept, &order);
      selected = std::string(order.at("assignee").as_string());
    }
    // "assignee" (the name) is shown; the form's choice is the overlay's id when it failed.
    if (kept_wid == o.id) order["assignee"] = UserName(d, o.assignee_user_id);
    order["people"] = PeopleChoice(people, selected);
    order["crew_options"] =
        CrewChoice(active, &o, typed_choice(order, CrewChosen(&o, active)), legacy);
    orders.push_back(std::move(order));
  }
  json::array crew_names;
  for (const std::string& c : crews) crew_names.push_back(json::value(c));
  json::object fresh{{"crew", ""}, {"scheduled", ""}, {"hours", ""},
                     {"cost", ""}, {"new_tasks", ""}, {"materials", ""}};
  std::string fresh_who;
  if (kept_wid == 0) {
    Overlay(kept, &fresh);
    fresh_who = std::string(fresh.at("assignee").as_string());
  }
  fresh["me_selected"] = fresh_who == "me";
  fresh["people"] = PeopleChoice(people, fresh_who);
  fresh["crew_options"] = CrewChoice(active, nullptr, typed_choice(fresh, ""), legacy);
  (*view)["work_new"] = std::move(fresh);
  (*view)["work_orders"] = std::move(orders);
  (*view)["has_work_orders"] = !detail.work_orders.empty();
  (*view)["work_total_hours"] = FormatHours(hours);
  (*view)["work_total_cost"] = FormatCents(cents);
  // Numbers reach the templates as text, and "0" is a true section: none is false, not 0.
  const auto count_or_none = [](int n) { return n > 0 ? json::value(n) : json::value(false); };
  (*view)["work_open"] = count_or_none(open_orders);
  (*view)["work_overdue"] = count_or_none(overdue_orders);
  (*view)["crews"] = std::move(crew_names);
  (*view)["crew_register"] = !active.empty();
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
  if (!patch.ok()) return Failed(d, *s, req, *id, patch.error(), 0);
  WorkOrder w;
  w.request_id = *id;
  patch->ApplyTo(w);
  auto created = d.web->workflow->CreateWorkOrder(s->actor, std::move(w));
  if (!created.ok()) return Failed(d, *s, req, *id, created.error(), 0);
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
  if (!patch.ok()) return Failed(d, *s, req, *id, patch.error(), *wid);
  auto updated = d.web->workflow->PatchWorkOrder(s->actor, *wid, *patch);
  if (!updated.ok() && updated.error().code == ErrorCode::kConflict && patch->version)
    return Failed(d, *s, req, *id, StaleOrder(d, *s, *id, *wid), *wid);
  if (!updated.ok()) return Failed(d, *s, req, *id, updated.error(), *wid);
  if (d.live != nullptr) d.live->Nudge();
  // The order's own request (the path's id only says where the form was).
  const RequestId back = updated->request_id.value_or(*id);
  return portal::Redirect("/staff/requests/" + std::to_string(back) + "?done=1#wo-" +
                          std::to_string(*wid));
}

}  // namespace civic311::console
