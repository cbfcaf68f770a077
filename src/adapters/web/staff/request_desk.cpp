// The request desk (/staff/requests/{id}): the request with its timeline, SLA clock, the
// reporter's contact (only when the policy allows it; WorkflowService::GetDetail audits each
// view), and one form per workflow move. Every form carries the version the page showed and the
// last event it showed: a change that lost the race (kConflict, version moved on) is answered
// with the other person's change ("changed by X a moment ago") and the form as it was typed,
// never by overwriting.
#include <charconv>

#include "adapters/web/staff/desk.hpp"
#include "app/live_feed.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

std::string KindLabel(std::string_view kind) {
  std::string out(kind);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::int64_t IntParam(const http::Request& req, std::string_view name) {
  std::int64_t v = 0;
  std::string_view p = req.Param(name);
  std::from_chars(p.data(), p.data() + p.size(), v);
  return v;
}

json::object EventView(const D& d, const std::string& lang, const TimelineEvent& e, Timestamp now) {
  const std::string who = UserName(d, e.actor_user_id);
  return json::object{
      {"id", e.id},
      {"kind", KindLabel(e.kind)},
      {"who", who.empty() ? std::string(d.web->messages->Get(lang, "staff_system")) : who},
      {"when", ShortTime(e.at)},
      {"age", portal::FormatAge(*d.web, lang, now, e.at)},
      {"state_label", portal::StateWords(*d.web, lang, e.state)},
      {"text", e.text},
      {"internal", e.internal},
  };
}

// The reporter's language as the templates are written: the primary subtag ("es-MX" → "es").
std::string PrimaryLanguage(std::string_view locale) {
  std::string out(locale.substr(0, locale.find('-')));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Timestamp DeskNow() {
  return std::chrono::time_point_cast<Timestamp::duration>(std::chrono::system_clock::now());
}

std::string ProblemText(const Error& e) {
  std::string out = e.message;
  for (const FieldError& f : e.fields) out += " " + f.field + ": " + f.message + ".";
  return out;
}

int ProblemStatus(const Error& e) {
  return e.code == ErrorCode::kConflict           ? 409
         : e.code == ErrorCode::kPermissionDenied ? 403
         : e.code == ErrorCode::kNotFound         ? 404
         : e.code == ErrorCode::kUnauthenticated  ? 403
         : e.code == ErrorCode::kInvalidArgument  ? 400
                                                  : 503;
}

http::Response RenderDesk(const D& d, const StaffVisit& s, const http::Request& req, RequestId id,
                          DeskProblem extras) {
  const PortalDeps& w = *d.web;
  const std::string& lang = s.visit.lang;
  const auto& m = *w.messages;
  auto detail = w.workflow->GetDetail(s.actor, id);
  if (!detail.ok()) return portal::ErrorPage(w, req, detail.error());
  const ServiceRequest& r = detail->request;
  const Timestamp now = DeskNow();
  json::object view =
      ConsoleView(d, s, req, m.Format(lang, "staff_request_title", {{"id", std::to_string(r.id)}}));
  const Department* dep = w.city->FindDepartment(r.department_code);
  const ClockBadge clock = ClockOf(d, lang, r, &detail->workflow, now);
  json::object rv{
      {"id", r.id},
      {"version", r.version},
      {"service", r.service_name},
      {"state", StateName(r.state)},
      {"state_label", portal::StateWords(w, lang, r.state)},
      {"open", IsOpen(r.state)},
      {"description", r.description},
      {"address", r.address},
      {"department", dep != nullptr ? dep->name : r.department_code},
      {"channel", ChannelName(r.channel)},
      {"requested", ShortTime(r.requested_at)},
      {"age", portal::FormatAge(w, lang, now, r.requested_at)},
      {"expected", r.expected_at ? ShortTime(*r.expected_at) : std::string()},
      {"clock", clock.text},
      {"clock_kind", clock.kind},
      {"assignee", UserName(d, detail->workflow.assignee_user_id)},
      {"emergency", r.emergency},
      {"internal", r.internal},
      {"locale", r.locale},
      {"status_notes", r.status_notes},
  };
  if (r.parent_id) rv["parent_id"] = *r.parent_id;
  // The answers to the service's questions, as asked (list answers by their names).
  json::array answers;
  const Service* service = w.city->FindService(r.service_code);
  for (const auto& [code, values] : r.attributes) {
    std::string question = code, answer;
    const Attribute* asked = nullptr;
    if (service != nullptr) {
      for (const Attribute& a : service->attributes)
        if (a.code == code) asked = &a;
    }
    if (asked != nullptr && !asked->description.empty()) question = asked->description;
    for (const std::string& v : values) {
      std::string shown = v;
      if (asked != nullptr) {
        for (const AttributeValue& av : asked->values)
          if (av.key == v) shown = av.name;
      }
      answer += (answer.empty() ? "" : ", ") + shown;
    }
    answers.push_back(json::object{{"code", code}, {"question", question}, {"answer", answer}});
  }
  rv["answers"] = std::move(answers);
  view["r"] = std::move(rv);
  if (detail->contact_visible && !r.contact.empty()) {
    const Contact& c = r.contact;
    view["contact"] =
        json::object{{"name", c.first_name + (c.last_name.empty() ? "" : " ") + c.last_name},
                     {"email", c.email},
                     {"phone", c.phone}};
  }
  json::array timeline;
  std::int64_t last_event = 0;
  for (auto it = detail->timeline.rbegin(); it != detail->timeline.rend(); ++it) {
    timeline.push_back(EventView(d, lang, *it, now));
    last_event = std::max(last_event, it->id);
  }
  view["timeline"] = std::move(timeline);
  view["seen"] = last_event;

  // The moves the lifecycle allows from here (the policy still decides on submit).
  json::array moves;
  for (RequestState next : NextStates(r.state)) {
    auto a = ActionForState(next);
    if (!a || *a == Action::kCloseDuplicate || *a == Action::kReopen) continue;
    moves.push_back(json::object{{"action", ActionName(*a)},
                                 {"label", portal::StateWords(w, lang, next)},
                                 {"selected", extras.kept_action == ActionName(*a)}});
  }
  view["moves"] = std::move(moves);
  // Response templates in the reporter's language where the city wrote one.
  json::array state_templates, note_templates;
  if (auto templates = w.workflow->ListTemplates(s.actor, id); templates.ok()) {
    for (const ResponseTemplate& t : *templates) {
      // Regression: a reporter whose locale was "es-MX" got the English text.
      const bool spanish = PrimaryLanguage(r.locale) == "es" && !t.text_es.empty();
      const std::string& text = spanish ? t.text_es : t.text;
      json::object tv{{"id", t.id}, {"title", t.title}, {"text", text}};
      if (t.IsNote()) {
        note_templates.push_back(std::move(tv));
      } else {
        if (auto a = ActionForState(*t.state)) tv["action"] = ActionName(*a);
        state_templates.push_back(std::move(tv));
      }
    }
  }
  view["state_templates"] = std::move(state_templates);
  view["note_templates"] = std::move(note_templates);
  // People of the request's department one may assign to.
  json::array people;
  if (d.users != nullptr) {
    if (auto users = d.users->ListUsers(); users.ok()) {
      for (const User& u : *users) {
        if (u.disabled || u.role == Role::kResident) continue;
        if (std::find(u.departments.begin(), u.departments.end(), r.department_code) ==
            u.departments.end())
          continue;
        people.push_back(json::object{{"id", u.id},
                                      {"name", u.display_name.empty() ? u.email : u.display_name},
                                      {"selected", detail->workflow.assignee_user_id == u.id}});
      }
    }
  }
  AddDeskPhotos(d, *detail, &view);
  if (IsOpen(r.state)) AddDuplicateCandidates(d, s, req, r, &view);
  AddInternalRequests(d, s, r, extras.internal, &view);
  AddWorkOrders(d, s, *detail, people, extras.work, &view);
  AddCountsAndClock(d, s, *detail, &view);
  view["people"] = std::move(people);
  json::array departments;
  for (const Department& dp : w.city->departments) {
    if (dp.code == r.department_code) continue;
    departments.push_back(json::object{{"code", dp.code}, {"name", dp.name}});
  }
  view["departments"] = std::move(departments);
  view["me"] = s.actor.user_id;
  if (!extras.error.empty()) view["error"] = extras.error;
  if (!extras.conflict.empty()) view["conflict"] = std::move(extras.conflict);
  view["kept_text"] = extras.kept_text;
  if (auto done = req.Param("done"); !done.empty()) {
    view["flash"] = m.Get(lang, "staff_saved");
  }
  if (!extras.kept_form.empty()) {  // the problem belongs to one of the desk's other forms
    view["open_" + extras.kept_form] = true;
    view["kept_form_text"] = extras.kept_text;
    view["kept_text"] = "";
  }
  return RenderConsole(d, s, req, "request", std::move(view), extras.status);
}

http::Response GetRequestDesk(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  auto id = portal::ParseId(req.path_params.at(0));
  if (!id) return portal::ErrorPage(*d.web, req, 404, "");
  return RenderDesk(d, *s, req, *id, {});
}

http::Response PostRequestAction(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const PortalDeps& w = *d.web;
  const std::string& lang = s->visit.lang;
  auto id = portal::ParseId(req.path_params.at(0));
  if (!id) return portal::ErrorPage(w, req, 404, "");
  // The state form's buttons (acknowledge, resolve) name their action; its "Apply" button sends
  // the chosen move.
  auto action = ParseAction(req.Param("action").empty() ? req.Param("move") : req.Param("action"));
  if (!action) {
    return RenderDesk(
        d, *s, req, *id,
        {400, std::string(w.messages->Get(lang, "staff_bad_action")), {}, "", "", ""});
  }
  ActionInput in;
  in.action = *action;
  in.version = IntParam(req, "version");
  in.text = std::string(req.Param("text"));
  in.template_id = std::string(req.Param("template_id"));
  if (*action == Action::kAssign) {
    if (req.Param("assignee") == "me") {
      in.assignee_user_id = s->actor.user_id;
    } else if (auto who = portal::ParseId(req.Param("assignee"))) {
      in.assignee_user_id = *who;
    }
  }
  in.department_code = std::string(req.Param("department"));
  if (auto parent = portal::ParseId(req.Param("parent_id"))) in.parent_id = *parent;
  auto done = w.workflow->Act(s->actor, *id, in);
  if (done.ok()) {
    if (d.live != nullptr) d.live->Nudge();  // the others' pages hear of it now, not next tick
    return portal::Redirect("/staff/requests/" + std::to_string(*id) + "?done=1");
  }

  DeskProblem extras;
  extras.kept_text = in.text;
  extras.kept_action = std::string(ActionName(*action));
  const Error& e = done.error();
  extras.status = ProblemStatus(e);
  extras.error = ProblemText(e);
  if (e.code == ErrorCode::kConflict) {
    // Stale? Then show what the other person did since the page was drawn.
    auto now_detail = w.workflow->GetDetail(s->actor, *id);
    if (now_detail.ok() && now_detail->request.version != in.version) {
      const std::int64_t seen = IntParam(req, "seen");
      const Timestamp now = DeskNow();
      std::string who;
      for (const TimelineEvent& ev : now_detail->timeline) {
        if (ev.id <= seen) continue;
        extras.conflict.push_back(EventView(d, lang, ev, now));
        who = UserName(d, ev.actor_user_id);
      }
      extras.error = w.messages->Format(
          lang, "staff_conflict",
          {{"who", who.empty() ? std::string(w.messages->Get(lang, "staff_someone")) : who}});
    }
  }
  return RenderDesk(d, *s, req, *id, std::move(extras));
}

}  // namespace civic311::console
