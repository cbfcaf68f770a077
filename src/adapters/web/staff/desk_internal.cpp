// The desk's internal requests (docs/console.md, "Internal requests"): ask another department
// for work this request needs ("Parks: trim the tree so the crew can reach the light"). The new
// request is internal (never public: no Open311, no portal), filed for that department at this
// request's place, with this request's service (and its answers) unless another is chosen —
// then the form asks that service's questions (the portal's attribute partial, as the call desk)
// and SubmitRequest validates the answers like any request, each problem beside its question —
// and linked to this request in the same transaction (WorkflowService::RaiseInternalRequest);
// the desk lists each with its department and state.
#include <cstdio>
#include <map>

#include "adapters/web/portal/report_submit.hpp"
#include "adapters/web/staff/attribute_groups.hpp"
#include "adapters/web/staff/desk.hpp"
#include "app/live_feed.hpp"

namespace civic311::console {
namespace json = boost::json;

void AddInternalRequests(const D& d, const StaffVisit& s, const ServiceRequest& r,
                         const json::object& kept, json::object* view) {
  const PortalDeps& w = *d.web;
  const std::string& lang = s.visit.lang;
  json::array items;
  if (auto found = w.workflow->ListInternalRequests(s.actor, r.id); found.ok()) {
    const Timestamp now = DeskNow();
    for (const InternalRequestItem& it : *found) {
      const ServiceRequest& o = it.request;
      const Department* dep = w.city->FindDepartment(o.department_code);
      items.push_back(json::object{
          {"id", o.id},
          {"department", dep != nullptr ? dep->name : o.department_code},
          {"service", o.service_name},
          {"description", o.description.substr(0, 140)},
          {"state", StateName(o.state)},
          {"state_label", portal::StateWords(w, lang, o.state)},
          {"age", portal::FormatAge(w, lang, now, o.requested_at)},
          {"assignee", UserName(d, it.workflow.assignee_user_id)},
      });
    }
  }
  (*view)["has_internal_requests"] = !items.empty();
  (*view)["internal_requests"] = std::move(items);
  // The form: departments the person may raise internal requests for (the policy's answer).
  // A form that failed comes back as it was sent: department, service, answers, problems.
  const auto kept_text = [&](const char* key) {
    const json::value* v = kept.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const std::string chosen_department = kept_text("department");
  portal::Draft draft;
  draft.service_code = kept.empty() ? r.service_code : kept_text("service");
  std::map<std::string, std::string> errors;
  if (const auto* answers = kept.if_contains("attributes")) {
    for (const json::value& a : answers->as_array()) {
      draft.attributes.emplace_back(std::string(a.as_array().at(0).as_string()),
                                    std::string(a.as_array().at(1).as_string()));
    }
  }
  if (const auto* problems = kept.if_contains("errors")) {
    for (const auto& [field, text] : problems->as_object())
      errors[std::string(field)] = std::string(text.as_string());
  }
  json::array departments;
  for (const Department& dp : w.city->departments) {
    if (dp.code == r.department_code) continue;
    if (!Authorize(s.actor, Operation::kCreateInternalRequest, Target{dp.code, {}})) continue;
    departments.push_back(json::object{
        {"code", dp.code}, {"name", dp.name}, {"selected", dp.code == chosen_department}});
  }
  json::array services;
  for (const Service& sv : w.city->services) {
    services.push_back(json::object{
        {"code", sv.code}, {"name", sv.name}, {"selected", sv.code == draft.service_code}});
  }
  // Another service's questions; this request's own service takes its answers with it.
  (*view)["internal_attribute_groups"] = AttributeGroups(
      *w.city, draft, errors, "ir-", [&](const Service& sv) { return sv.code != r.service_code; });
  (*view)["may_raise_internal"] = !departments.empty();
  (*view)["internal_departments"] = std::move(departments);
  (*view)["internal_services"] = std::move(services);
}

http::Response PostInternalRequest(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const PortalDeps& w = *d.web;
  auto id = portal::ParseId(req.path_params.at(0));
  if (!id) return portal::ErrorPage(w, req, 404, "");
  auto source = w.workflow->Get(s->actor, *id);
  if (!source.ok()) return portal::ErrorPage(w, req, source.error());

  SubmissionInput in;
  in.service_code = std::string(req.Param("service_code"));
  if (in.service_code.empty()) in.service_code = source->service_code;
  in.description = std::string(req.Param("description"));
  in.channel = Channel::kInternal;
  // Where the work is: this request's place (the other department goes to the same spot).
  if (source->lat && source->lon) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.7f", *source->lat);
    in.lat = buf;
    std::snprintf(buf, sizeof buf, "%.7f", *source->lon);
    in.lon = buf;
  }
  in.address_string = source->address;
  // The same service: the source's answers to its questions (a required one would otherwise
  // refuse the request; staff asking another department do not re-answer the public form).
  // Another service: the answers to its questions on the form ("attribute[CODE]", only the
  // chosen service's group is sent).
  const portal::Draft answers = portal::Draft::From(req);
  if (in.service_code == source->service_code) {
    for (const auto& [code, values] : source->attributes)
      for (const std::string& v : values) in.attributes.emplace_back(code, v);
  } else {
    in.attributes = answers.attributes;
  }
  const std::string department(req.Param("department"));
  auto raised = w.workflow->RaiseInternalRequest(s->actor, *id, in, department);
  if (raised.ok()) {
    if (d.live != nullptr) d.live->Nudge();
    return portal::Redirect("/staff/requests/" + std::to_string(*id) + "?done=1#internal-h");
  }
  const Error& e = raised.error();
  DeskProblem p;
  p.status = ProblemStatus(e);
  json::object errors;
  json::array kept_answers;
  std::string others;  // problems without a question of their own on the form
  for (const FieldError& f : e.fields) {
    if (f.field.starts_with("attribute[")) {
      errors[f.field] = portal::FieldWords(w, s->visit.lang, f);
    } else {
      others += " " + f.field + ": " + f.message + ".";
    }
  }
  p.error = e.message + others;
  for (const auto& [code, value] : in.attributes)
    if (in.service_code != source->service_code) kept_answers.push_back(json::array{code, value});
  p.internal = json::object{{"department", department},
                            {"service", in.service_code},
                            {"attributes", std::move(kept_answers)},
                            {"errors", std::move(errors)}};
  p.kept_text = in.description;
  p.kept_form = "internal";
  return RenderDesk(d, *s, req, *id, std::move(p));
}

}  // namespace civic311::console
