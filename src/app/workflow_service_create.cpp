// WorkflowService: requests raised by staff (on behalf of callers, internal) and work orders.
#include <cmath>

#include "app/request_events.hpp"
#include "app/submit_request.hpp"
#include "app/work_orders.hpp"
#include "app/workflow_service.hpp"

namespace civic311 {
Result<ServiceRequest> WorkflowService::CreateRequest(const Actor& actor,
                                                      const SubmissionInput& input,
                                                      std::optional<std::string> internal_for,
                                                      std::string_view locale,
                                                      std::vector<MediaItem> media) {
  return Create(actor, input, std::move(internal_for), locale, std::move(media), std::nullopt);
}

Result<ServiceRequest> WorkflowService::Create(const Actor& actor, const SubmissionInput& input,
                                               std::optional<std::string> internal_for,
                                               std::string_view locale,
                                               std::vector<MediaItem> media,
                                               std::optional<RequestId> raised_from) {
  const std::shared_ptr<const City> city = city_.Current();  // one snapshot per call
  // Permission first. On behalf of a caller: judged without a department (anyone taking calls
  // may file for any department). Internal: judged on the department it is raised for. A
  // signed-in resident reports as themselves (create_request) and becomes the reporter.
  const bool as_reporter = !internal_for && !actor.anonymous && actor.role == Role::kResident;
  if (internal_for) {
    if (city->FindDepartment(*internal_for) == nullptr) {
      return Error::InvalidField("department_code", "is not a department of this city");
    }
    Decision d = Authorize(actor, Operation::kCreateInternalRequest, Target{*internal_for, {}});
    if (!d) return ToStatus(d, actor).error();
  } else if (as_reporter) {
    Decision d = Authorize(actor, Operation::kCreateRequest, Target{});
    if (!d) return ToStatus(d, actor).error();
    if (input.channel != Channel::kWeb && input.channel != Channel::kApp) {
      // Phone, e-mail and walk-in reports are taken by staff for callers: create_on_behalf.
      return Error::PermissionDenied(
          "residents report for themselves through web or app; call-centre staff file reports "
          "for callers");
    }
  } else {
    Decision d = Authorize(actor, Operation::kCreateOnBehalf, Target{});
    if (!d) return ToStatus(d, actor).error();
  }

  SubmitContext context;
  context.actor_user_id = actor.user_id;
  context.internal_for = std::move(internal_for);
  context.locale = std::string(locale);
  context.media = std::move(media);
  if (internal_for) context.raised_from = raised_from;
  if (as_reporter) {
    context.reporter_user_id = actor.user_id;  // their own: they see and follow it
  } else {
    context.audit_action = context.internal_for ? "create_internal" : "create_on_behalf";
  }
  auto out = SubmitRequest(city_, requests_, &workflow_, clock_).Run(input, context);
  if (!out.ok()) return std::move(out).error();
  return std::move(out->request);
}

void WorkOrderPatch::ApplyTo(WorkOrder& w) const {
  if (crew) w.crew = *crew;
  if (crew_id) w.crew_id = *crew_id;
  // A name without an id names a crew of the register (CheckWorkOrder resolves it).
  if (crew && !crew_id) w.crew_id.reset();
  if (crew_id && !*crew_id && !crew) w.crew.clear();  // no crew at all
  if (assignee_user_id) w.assignee_user_id = *assignee_user_id;
  if (tasks) w.tasks = *tasks;
  if (scheduled_for) w.scheduled_for = *scheduled_for;
  if (labour_hours) w.labour_hours = *labour_hours;
  if (materials) w.materials = *materials;
  if (cost_cents) w.cost_cents = *cost_cents;
  if (completion_note) w.completion_note = *completion_note;
  if (done) w.done = *done;
}

namespace {

// Text a person typed: bounded, without control characters other than line breaks and tabs
// (and, when `multiline` is false, without those either).
void CheckText(Error& e, std::string_view field, std::string_view text, std::size_t max,
               bool multiline) {
  if (text.size() > max) {
    e.fields.push_back({std::string(field), "must be at most " + std::to_string(max) + " bytes"});
    return;
  }
  for (unsigned char c : text) {
    const bool line = c == '\n' || c == '\r' || c == '\t';
    if ((c < 0x20 && !(multiline && line)) || c == 0x7f) {
      e.fields.push_back({std::string(field), "must not contain control characters"});
      return;
    }
  }
}

}  // namespace

Status CheckWorkOrderFields(const WorkOrder& w) {
  Error e = Error::InvalidArgument("the work order has invalid fields");
  CheckText(e, "crew", w.crew, kMaxCrewBytes, false);
  CheckText(e, "materials", w.materials, kMaxWorkTextBytes, true);
  CheckText(e, "completion_note", w.completion_note, kMaxWorkTextBytes, true);
  if (w.tasks.size() > kMaxTasks) {
    e.fields.push_back({"tasks", "at most " + std::to_string(kMaxTasks) + " tasks"});
  } else {
    for (const WorkTask& t : w.tasks) CheckText(e, "tasks", t.text, kMaxTaskBytes, false);
  }
  if (!std::isfinite(w.labour_hours) || w.labour_hours < 0 || w.labour_hours > kMaxLabourHours) {
    e.fields.push_back({"labour_hours", "must be a number from 0 to 100000"});
  }
  if (w.cost_cents < 0 || w.cost_cents > kMaxCostCents) {
    e.fields.push_back({"cost_cents", "must be from 0 to 100000000000"});
  }
  if (!e.fields.empty()) return e;
  return OkStatus();
}

Status WorkflowService::CheckWorkOrder(WorkOrder& w, const std::string& department,
                                       const WorkOrder* before) {
  C311_TRY(CheckWorkOrderFields(w));
  C311_TRY(CheckCrew(w, department, before));
  if (!w.assignee_user_id) return OkStatus();
  auto user = users_.GetUser(*w.assignee_user_id);
  if (!user.ok()) return std::move(user).error();
  // The rule of the assign action: residents belong to no department, so they never qualify.
  if (!user->has_value() || (*user)->disabled || (*user)->role == Role::kResident ||
      !(*user)->ToActor().InDepartment(department)) {
    return Error::InvalidField("assignee_user_id",
                               "must be an active member of the work order's department");
  }
  return OkStatus();
}

Status WorkflowService::CheckCrew(WorkOrder& w, const std::string& department,
                                  const WorkOrder* before) {
  if (crews_ == nullptr) return OkStatus();  // no register: the crew is free text
  const bool kept =
      before != nullptr && before->crew_id == w.crew_id && (w.crew_id || before->crew == w.crew);
  if (kept) {  // what the order already named stays readable, even if since retired
    if (w.crew_id) w.crew = before->crew;
    return OkStatus();
  }
  if (!w.crew_id && w.crew.empty()) return OkStatus();  // no crew
  auto crews = crews_->ListCrews(department);
  if (!crews.ok()) return std::move(crews).error();
  // A department that has registered no crews still names them in its own words.
  if (crews->empty() && !w.crew_id) return OkStatus();
  for (const Crew& c : *crews) {
    const bool match = w.crew_id ? c.id == *w.crew_id : c.name == w.crew;
    if (!match) continue;
    if (!c.active) return Error::InvalidField("crew_id", "is no longer an active crew");
    w.crew_id = c.id;
    w.crew = c.name;
    return OkStatus();
  }
  return Error::InvalidField("crew_id", "is not a crew of the work order's department");
}

Result<WorkOrder> WorkflowService::CreateWorkOrder(const Actor& actor, WorkOrder w) {
  std::string department = w.department_code;
  RequestWorkflow rw;
  if (w.request_id) {
    auto r = Load(actor, *w.request_id);
    if (!r.ok()) return std::move(r).error();
    auto got = workflow_.GetWorkflow(*w.request_id);
    if (!got.ok()) return std::move(got).error();
    C311_TRY(Check(actor, Operation::kManageWorkOrders, *r, *got));
    if (!IsOpen(r->state)) return Error::Conflict("work orders are for open requests only");
    department = r->department_code;
  } else {
    if (city_.Current()->FindDepartment(department) == nullptr) {
      return Error::InvalidField("department_code", "is not a department of this city");
    }
    Decision d = Authorize(actor, Operation::kManageWorkOrders, Target{department, {}});
    if (!d) return ToStatus(d, actor).error();
  }
  C311_TRY(CheckWorkOrder(w, department));
  w.id = 0;
  w.department_code = department;
  w.created_at = w.updated_at = clock_.Now();
  w.updated_by = actor.user_id;
  const PersonName name = PersonNames();
  // The order, its timeline event and its audit entry in one transaction.
  return workflow_.CreateWorkOrder(std::move(w), [&](const WorkOrder& stored) {
    WorkOrderRecords rec;
    if (stored.request_id) {
      if (auto e = WorkOrderEvent(nullptr, stored, actor.user_id, stored.created_at, name))
        rec.events.push_back(std::move(*e));
    }
    rec.audit.push_back(AuditEntry{0, stored.created_at, actor.user_id, "work_order_create",
                                   stored.department_code, stored.request_id,
                                   "work order " + std::to_string(stored.id)});
    return rec;
  });
}

Result<WorkOrder> WorkflowService::UpdateWorkOrder(const Actor& actor, const WorkOrder& w) {
  auto existing = workflow_.GetWorkOrder(w.id);
  if (!existing.ok()) return std::move(existing).error();
  if (!existing->has_value()) return Error::NotFound("no such work order");
  const WorkOrder& old = **existing;
  Decision d = Authorize(actor, Operation::kManageWorkOrders, Target{old.department_code, {}});
  if (!d) return ToStatus(d, actor).error();
  // A caller that read an older version loses the race (refused before anything is checked,
  // and again by the store if another save slips in between); 0: it names none (the staff API
  // without "version"), and saves over what is stored now.
  if (w.version != 0 && w.version != old.version)
    return Error::Conflict("the work order has changed since it was read");
  WorkOrder updated = w;
  updated.request_id = old.request_id;  // a work order never moves between requests
  updated.department_code = old.department_code;
  updated.created_at = old.created_at;
  updated.updated_at = clock_.Now();
  updated.version = old.version;
  updated.updated_by = actor.user_id;
  C311_TRY(CheckWorkOrder(updated, updated.department_code, &old));
  const PersonName name = PersonNames();
  C311_TRY(workflow_.UpdateWorkOrder(updated, [&](const WorkOrder& stored) {
    WorkOrderRecords rec;
    if (stored.request_id) {
      if (auto e = WorkOrderEvent(&old, stored, actor.user_id, stored.updated_at, name))
        rec.events.push_back(std::move(*e));
    }
    rec.audit.push_back(AuditEntry{0, stored.updated_at, actor.user_id, "work_order_update",
                                   stored.department_code, stored.request_id,
                                   "work order " + std::to_string(stored.id)});
    return rec;
  }));
  ++updated.version;
  return updated;
}

PersonName WorkflowService::PersonNames() {
  return [this](UserId id) -> std::string {
    auto u = users_.GetUser(id);
    if (!u.ok() || !u->has_value()) return {};
    return (*u)->display_name.empty() ? (*u)->email : (*u)->display_name;
  };
}

Result<WorkOrder> WorkflowService::PatchWorkOrder(const Actor& actor, std::int64_t id,
                                                  const WorkOrderPatch& p) {
  auto existing = workflow_.GetWorkOrder(id);
  if (!existing.ok()) return std::move(existing).error();
  if (!existing->has_value()) return Error::NotFound("no such work order");
  WorkOrder w = std::move(**existing);
  p.ApplyTo(w);
  if (p.version) w.version = *p.version;  // else: over the version just read
  return UpdateWorkOrder(actor, w);
}

}  // namespace civic311
