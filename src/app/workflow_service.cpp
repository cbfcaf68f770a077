#include "app/workflow_service.hpp"

#include <algorithm>

#include "app/request_events.hpp"
#include "app/request_visibility.hpp"
#include "app/response_templates.hpp"
#include "app/staff_alerts.hpp"
#include "base/log.hpp"
#include "domain/sla_clock.hpp"

namespace civic311 {
namespace {

constexpr std::size_t kMaxNoteBytes = 4000;

// Staff business: an internal note, and flagging an emergency (who judged it so, and why, is
// for staff and dispatch; the reporter was already told to call the emergency number).
bool IsInternalAction(Action a) {
  return a == Action::kInternalNote || a == Action::kFlagEmergency;
}

}  // namespace

std::optional<Action> ActionForState(RequestState s) {
  for (Action a : kAllActions) {
    if (a == Action::kReopen && s != RequestState::kReopened) continue;
    if (TargetState(a) == s) return a;
  }
  return std::nullopt;
}

WorkflowService::WorkflowService(CitySource city, RequestStore& requests, WorkflowStore& workflow,
                                 UserStore& users, AuditStore& audit, const Clock& clock)
    : city_(std::move(city)),
      requests_(requests),
      workflow_(workflow),
      users_(users),
      audit_(audit),
      clock_(clock) {}

Result<ServiceRequest> WorkflowService::Load(const Actor& actor, RequestId id) {
  auto found = requests_.Get(id);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return Error::NotFound("no such service request");
  ServiceRequest r = std::move(**found);
  // Residents and the public never learn that an internal request exists.
  if (r.internal && (actor.anonymous || actor.role == Role::kResident)) {
    return Error::NotFound("no such service request");
  }
  return r;
}

Status WorkflowService::Check(const Actor& actor, Operation op, const ServiceRequest& r,
                              const RequestWorkflow& w) const {
  Decision d = Authorize(actor, op, Target{r.department_code, w.reporter_user_id, r.internal});
  if (!d) return ToStatus(d, actor).error();
  return OkStatus();
}

Result<ServiceRequest> WorkflowService::Act(const Actor& actor, RequestId id,
                                            const ActionInput& input, std::int64_t* event_id) {
  auto loaded = Load(actor, id);
  if (!loaded.ok()) return std::move(loaded).error();
  ServiceRequest r = std::move(loaded).value();
  auto wf = workflow_.GetWorkflow(id);
  if (!wf.ok()) return std::move(wf).error();
  RequestWorkflow w = std::move(wf).value();

  // 1. Who: the policy, first.
  Decision d = Authorize(actor, OperationFor(input.action),
                         Target{r.department_code, w.reporter_user_id, r.internal});
  if (!d) return ToStatus(d, actor).error();
  return ApplyAuthorized(actor, d, std::move(r), std::move(w), input, event_id);
}

Result<ServiceRequest> WorkflowService::ApplyAuthorized(const Actor& actor, const Decision& d,
                                                        ServiceRequest r, RequestWorkflow w,
                                                        const ActionInput& input,
                                                        std::int64_t* event_id,
                                                        std::optional<SurveyAnswer> survey) {
  const std::shared_ptr<const City> city = city_.Current();  // one snapshot per call
  // A response template fills the text (docs/config.md); `in` is the input from here on.
  auto templated = WithTemplate(*city, r, input);
  if (!templated.ok()) return std::move(templated).error();
  const ActionInput& in = *templated;

  // 2. What the lifecycle allows.
  if (in.version != r.version) {
    return Error::Conflict("the request was changed by someone else meanwhile; reload it");
  }
  if (in.external_authority && actor.user_id >= 0) {
    return Error::PermissionDenied("only an external system's API key can correct a request");
  }
  Result<ExternalMove> next = ExternalMove{r.state, false};
  if (in.external_authority) {
    next = ApplyExternalAction(r.state, in.action);
  } else if (auto to = ApplyAction(r.state, in.action); to.ok()) {
    next = ExternalMove{*to, false};
  } else {
    return std::move(to).error();
  }
  if (!next.ok()) return std::move(next).error();
  const bool correction = next->correction;
  const Timestamp now = clock_.Now();
  if (in.action == Action::kReopen) {
    C311_TRY(ValidateReopenReason(in.text));
    if (d.condition == Condition::kWithinReopenWindow) {
      C311_TRY(
          CheckReopenWindow(r.state, w.closed_at.value_or(r.updated_at), now, city->lifecycle));
    }
  }
  if (in.text.size() > kMaxNoteBytes) {
    return Error::InvalidField("text", "must be at most 4000 bytes");
  }
  // Every path that stores a media URL comes through here (notes, add_info, Open311 updates).
  C311_TRY(ValidateMediaUrl(in.media_url));
  if ((in.action == Action::kNote || in.action == Action::kInternalNote ||
       in.action == Action::kAddInfo) &&
      in.text.empty() && in.media_url.empty()) {
    return Error::InvalidField("text", "is required");
  }

  const RequestState before = r.state;
  const std::string from_department = r.department_code;
  RequestChange change;
  // The event's data, built once below: action details, then template, then via/external_id.
  JsonFields data;
  std::optional<RequestId> duplicate_parent;

  switch (in.action) {
    case Action::kAssign: {
      if (!in.assignee_user_id) return Error::InvalidField("assignee_user_id", "is required");
      auto user = users_.GetUser(*in.assignee_user_id);
      if (!user.ok()) return std::move(user).error();
      if (!user->has_value() || (*user)->disabled ||
          !(*user)->ToActor().InDepartment(r.department_code)) {
        return Error::InvalidField("assignee_user_id",
                                   "must be an active member of the request's department");
      }
      w.assignee_user_id = in.assignee_user_id;
      data.emplace_back("assignee_user_id", std::to_string(*in.assignee_user_id));
      if ((*user)->id != actor.user_id) {  // nobody needs an e-mail about their own action
        auto lang = workflow_.AlertLang((*user)->id);
        if (!lang.ok()) return std::move(lang).error();
        change.outbox.push_back(StaffMessage("assigned", (*user)->email, r, in.text));
        change.outbox.back().lang = *lang;
      }
      break;
    }
    case Action::kTransfer: {
      if (city->FindDepartment(in.department_code) == nullptr) {
        return Error::InvalidField("department_code", "is not a department of this city");
      }
      if (in.department_code == r.department_code) {
        return Error::InvalidField("department_code", "is already the request's department");
      }
      if (in.text.empty()) return Error::InvalidField("text", "a reason is required");
      r.department_code = in.department_code;
      w.assignee_user_id.reset();  // the old department's assignee no longer applies
      // transfer_restarts_clock: the SLA clock restarts below (NextSlaClock).
      data.emplace_back("from", from_department);
      data.emplace_back("to", r.department_code);
      if (const Department* to = city->FindDepartment(r.department_code); !to->email.empty())
        change.outbox.push_back(StaffMessage("transferred", to->email, r, in.text));
      // The new department's staff who hear of each new item in their queue hear of this one.
      auto alerted = workflow_.ListQueueAlertRecipients(r.department_code, QueueAlerts::kImmediate);
      if (!alerted.ok()) return std::move(alerted).error();
      for (const AlertRecipient& a : *alerted) {
        if (a.user_id == actor.user_id) continue;
        change.outbox.push_back(StaffMessage("transferred", a.email, r, in.text));
        change.outbox.back().lang = a.lang;
      }
      break;
    }
    case Action::kCloseDuplicate: {
      if (!in.parent_id) {
        // An external system may know a report is a duplicate without knowing of which of ours.
        if (in.external_authority) break;
        return Error::InvalidField("parent_id", "is required");
      }
      if (*in.parent_id == r.id) {
        return Error::InvalidField("parent_id", "a request cannot duplicate itself");
      }
      auto parent = Load(actor, *in.parent_id);
      if (!parent.ok()) return Error::InvalidField("parent_id", "no such service request");
      if (parent->state == RequestState::kDuplicate) {
        return Error::InvalidField("parent_id", "is itself a duplicate; use its original");
      }
      r.parent_id = in.parent_id;
      duplicate_parent = in.parent_id;
      change.move_followers_to = in.parent_id;
      data.emplace_back("parent_id", std::to_string(*in.parent_id));
      break;
    }
    case Action::kFlagEmergency: {
      if (r.emergency) return Error::Conflict("the request is already an emergency");
      if (in.text.empty())
        return Error::InvalidField("text", "say why it is an emergency (dispatch reads it)");
      r.emergency = true;  // RequestNotices pushes it to dispatch in the same transaction
      break;
    }
    case Action::kResolveFixed: {
      auto orders = workflow_.ListWorkOrders(r.id);
      if (!orders.ok()) return std::move(orders).error();
      for (const WorkOrder& o : *orders) {
        if (!o.done) {
          return Error::Conflict("work order " + std::to_string(o.id) +
                                 " is not done; finish it before resolving the request");
        }
      }
      break;
    }
    default:
      break;
  }

  r.state = next->to;
  // Closing stamps closed_at; a correction from one closed state to another keeps the first.
  if (IsClosed(r.state) && !IsClosed(before)) w.closed_at = now;
  if (IsOpen(r.state)) w.closed_at.reset();
  {  // The SLA clock: pauses, resumes, restarts (domain/sla_clock.hpp, docs/workflow.md).
    // A correction that opens a closed request starts a new cycle, as a reopen does.
    const bool restart = in.action == Action::kReopen ||
                         (in.action == Action::kTransfer && city->transfer_restarts_clock) ||
                         (correction && IsClosed(before) && IsOpen(r.state));
    const SlaClock sla =
        NextSlaClock(*city, r.service_code, SlaClock{r.expected_at, w.clock_paused_at, w.sla_cycle},
                     r.state, restart, now);
    r.expected_at = sla.expected_at;
    w.clock_paused_at = sla.paused_at;
    w.sla_cycle = sla.cycle;
  }
  // A public note (and a public reason on a closed state) becomes the request's status_notes.
  const bool internal_event =
      IsInternalAction(in.action) || in.action == Action::kTransfer || in.action == Action::kAssign;
  if (!internal_event && !in.text.empty() && in.action != Action::kAddInfo) {
    r.status_notes = in.text;
  }
  r.updated_at = now;

  if (correction) {
    data.emplace_back("action", std::string(ActionName(in.action)));
    data.emplace_back("from", std::string(StateName(before)));
    data.emplace_back("to", std::string(StateName(r.state)));
  }
  if (!in.template_id.empty()) data.emplace_back("template", in.template_id);
  if (!in.via.empty() || !in.external_id.empty()) {
    data.emplace_back("via", in.via);
    data.emplace_back("external_id", in.external_id);
  }
  const std::string data_json = JsonStringObject(data);
  TimelineEvent ev;
  ev.at = now;
  ev.actor_user_id = actor.user_id;
  const std::string kind = correction ? "external_correction" : std::string(ActionName(in.action));
  ev.kind = kind;
  ev.state = r.state;
  ev.text = in.text;
  ev.internal = internal_event || r.internal;
  ev.media_url = in.media_url;
  ev.data = data_json;
  if (!in.external_id.empty()) ev.external_ref = ExternalRef(in.via, in.external_id);
  change.events.push_back(std::move(ev));
  change.audit.push_back(AuditEntry{0, now, actor.user_id, kind, from_department, r.id, data_json});
  // Staff hear of a resident's reply, of a reopen and of a "not fixed" answer (which reopens).
  if ((in.action == Action::kAddInfo && actor.role == Role::kResident) ||
      in.action == Action::kReopen) {
    auto to = ResponsibleStaff(r, w, actor.user_id);
    if (!to.ok()) return std::move(to).error();
    const char* what = survey                         ? "not_fixed"
                       : in.action == Action::kReopen ? "reopened"
                                                      : "resident_reply";
    // A "not fixed" comment is staff-only (the public reason is a fixed sentence).
    const std::string& note = survey && !survey->comment.empty() ? survey->comment : in.text;
    for (const AlertRecipient& a : *to) {
      change.outbox.push_back(StaffMessage(what, a.email, r, note));
      change.outbox.back().lang = a.lang;
    }
  }
  change.survey = std::move(survey);
  // A parent that closes (not as a duplicate itself): its duplicates' reporters hear the outcome.
  std::vector<ServiceRequest> duplicates;
  if (IsClosed(r.state) && !IsClosed(before) && !r.internal) {
    auto found = workflow_.ListDuplicatesOf(r.id);
    if (!found.ok()) return std::move(found).error();
    duplicates = std::move(*found);
  }
  change.make_outbox = [duplicates = std::move(duplicates), city](
                           const ServiceRequest& stored, const std::vector<TimelineEvent>& events) {
    std::vector<OutboxMessage> out = RequestNotices(stored, events, city->webhooks);
    for (OutboxMessage& m : ParentOutcomeMessages(events.front(), stored, duplicates))
      out.push_back(std::move(m));
    return out;
  };
  change.request = r;
  change.workflow = w;
  auto stored = workflow_.ApplyChange(change);
  if (stored.ok() && event_id != nullptr) *event_id = change.events.front().id;
  if (stored.ok() &&
      !ViewOf(actor, Target{stored->department_code, w.reporter_user_id, stored->internal})
           .internal) {
    C311_TRY(HideInternalParent(requests_, *stored));
  }
  return stored;
}

Result<ServiceRequest> WorkflowService::Get(const Actor& actor, RequestId id) {
  auto loaded = Load(actor, id);
  if (!loaded.ok()) return std::move(loaded).error();
  auto wf = workflow_.GetWorkflow(id);
  if (!wf.ok()) return std::move(wf).error();
  C311_TRY(Check(actor, Operation::kViewRequest, *loaded, *wf));
  loaded->contact = Contact{};
  if (!ViewOf(actor, Target{loaded->department_code, wf->reporter_user_id, loaded->internal})
           .internal) {
    C311_TRY(HideInternalParent(requests_, *loaded));
  }
  return loaded;
}

Result<std::optional<std::int64_t>> WorkflowService::FindExternalUpdate(
    RequestId id, std::string_view via, std::string_view external_id) {
  if (external_id.empty()) return std::optional<std::int64_t>();
  auto events = workflow_.ListEvents(id, /*include_internal=*/true);
  if (!events.ok()) return std::move(events).error();
  // The event's external_ref column (unique per request), not its free-form data.
  const std::string ref = ExternalRef(via, external_id);
  for (const TimelineEvent& e : *events)
    if (e.external_ref == ref) return std::optional<std::int64_t>(e.id);
  return std::optional<std::int64_t>();
}

Status WorkflowService::Follow(const Actor& actor, RequestId id, bool on) {
  auto loaded = Load(actor, id);
  if (!loaded.ok()) return std::move(loaded).error();
  auto wf = workflow_.GetWorkflow(id);
  if (!wf.ok()) return std::move(wf).error();
  if (actor.anonymous) return Error::Unauthenticated("sign in to follow a request");
  C311_TRY(Check(actor, Operation::kFollow, *loaded, *wf));
  return on ? workflow_.AddFollower(id, actor.user_id)
            : workflow_.RemoveFollower(id, actor.user_id);
}

Result<bool> WorkflowService::IsFollowing(const Actor& actor, RequestId id) {
  auto followers = workflow_.ListFollowers(id);
  if (!followers.ok()) return std::move(followers).error();
  return std::find(followers->begin(), followers->end(), actor.user_id) != followers->end();
}

Result<std::vector<AuditEntry>> WorkflowService::ListAudit(const Actor& actor,
                                                           std::string_view department_code,
                                                           int limit) {
  const std::shared_ptr<const City> city = city_.Current();  // one snapshot per call
  if (actor.anonymous) return Error::Unauthenticated("sign in first");
  if (!department_code.empty() && city->FindDepartment(department_code) == nullptr) {
    return Error::InvalidField("department", "is not a department of this city");
  }
  Decision d = Authorize(actor, Operation::kViewAuditLog, Target{std::string(department_code), {}});
  if (!d) return ToStatus(d, actor).error();
  return audit_.ListAudit(department_code, std::clamp(limit, 1, 500));
}

Result<RequestDetail> WorkflowService::GetDetail(const Actor& actor, RequestId id) {
  auto loaded = Load(actor, id);
  if (!loaded.ok()) return std::move(loaded).error();
  RequestDetail out;
  out.request = std::move(loaded).value();
  auto wf = workflow_.GetWorkflow(id);
  if (!wf.ok()) return std::move(wf).error();
  out.workflow = std::move(wf).value();
  const Target target{out.request.department_code, out.workflow.reporter_user_id,
                      out.request.internal};
  if (Decision d = Authorize(actor, Operation::kViewRequest, target); !d) {
    if (out.request.internal) return Error::NotFound("no such service request");
    Status denied = ToStatus(d, actor);
    return std::move(denied).error();
  }
  // What this role may see of it is the policy's decision (ViewOf): the rest is left out here,
  // before any adapter sees it.
  const RequestView view = ViewOf(actor, target);
  out.contact_visible = view.contact;
  out.internal_visible = view.internal;
  if (out.contact_visible && !out.request.contact.empty()) {
    AuditEntry a{0, clock_.Now(), actor.user_id, "view_contact", out.request.department_code, id,
                 ""};
    C311_TRY(audit_.AppendAudit(a));
  }
  if (!out.contact_visible) out.request.contact = Contact{};
  auto events = workflow_.ListEvents(id, view.internal);
  if (!events.ok()) return std::move(events).error();
  out.timeline = std::move(events).value();
  if (!view.internal) {
    out.workflow.assignee_user_id.reset();
    for (TimelineEvent& e : out.timeline) {  // who acted, and the work data events carry
      e.actor_user_id = 0;
      e.data.clear();
    }
    C311_TRY(HideInternalParent(requests_, out.request));
    return out;
  }
  auto orders = workflow_.ListWorkOrders(id);
  if (!orders.ok()) return std::move(orders).error();
  out.work_orders = std::move(orders).value();
  auto followers = workflow_.ListFollowers(id);
  if (!followers.ok()) return std::move(followers).error();
  out.followers = static_cast<std::int64_t>(followers->size());
  return out;
}

}  // namespace civic311
