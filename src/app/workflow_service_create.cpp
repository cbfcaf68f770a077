// WorkflowService: requests raised by staff (on behalf of callers, internal) and work orders.
#include "app/request_events.hpp"
#include "app/workflow_service.hpp"
#include "base/crypto.hpp"
#include "domain/routing.hpp"

namespace civic311 {
namespace {
constexpr std::size_t kTokenBytes = 16;
}  // namespace

Result<ServiceRequest> WorkflowService::CreateRequest(const Actor& actor,
                                                      const SubmissionInput& input,
                                                      std::optional<std::string> internal_for) {
  // Permission first. On behalf of a caller: judged without a department (anyone taking calls
  // may file for any department). Internal: judged on the department it is raised for. A
  // signed-in resident reports as themselves (create_request) and becomes the reporter.
  const bool as_reporter = !internal_for && !actor.anonymous && actor.role == Role::kResident;
  if (internal_for) {
    if (city_->FindDepartment(*internal_for) == nullptr) {
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

  auto validated = ValidateSubmission(input, *city_);
  if (!validated.ok()) return std::move(validated).error();
  ServiceRequest r = std::move(validated).value();
  const Service* service = city_->FindService(r.service_code);
  if (service == nullptr) return Error::Internal("validated service vanished: " + r.service_code);
  std::optional<LonLat> location;
  if (r.lat && r.lon) location = LonLat{*r.lon, *r.lat};
  auto routed = RouteRequest(*city_, *service, location);
  if (!routed.ok()) return std::move(routed).error();
  r.department_code = std::move(routed->department_code);
  r.emergency = routed->emergency;
  if (internal_for) {
    r.internal = true;
    r.department_code = *internal_for;
    r.channel = Channel::kInternal;
  }
  r.state = RequestState::kSubmitted;
  r.requested_at = r.updated_at = clock_.Now();
  if (city_->calendar) r.expected_at = city_->calendar->Due(r.requested_at, service->sla);
  r.token = RandomToken(kTokenBytes);

  // The request, its "created" event, the audit entry and the webhook message: one transaction,
  // so no request is ever stored without the record of who filed it.
  RequestChange change;
  change.events.push_back(CreatedEvent(r, actor.user_id));
  if (as_reporter) {
    change.workflow.reporter_user_id = actor.user_id;  // their own: they see and follow it
  } else {
    change.audit.push_back(AuditEntry{0, r.requested_at, actor.user_id,
                                      internal_for ? "create_internal" : "create_on_behalf",
                                      r.department_code, std::nullopt, ""});
  }
  change.make_outbox = RequestNotices;
  return workflow_.CreateRequest(std::move(r), change);
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
    if (city_->FindDepartment(department) == nullptr) {
      return Error::InvalidField("department_code", "is not a department of this city");
    }
    Decision d = Authorize(actor, Operation::kManageWorkOrders, Target{department, {}});
    if (!d) return ToStatus(d, actor).error();
  }
  w.id = 0;
  w.department_code = department;
  w.created_at = w.updated_at = clock_.Now();
  auto created = workflow_.CreateWorkOrder(std::move(w));
  if (!created.ok()) return created;
  C311_TRY(audit_.AppendAudit(AuditEntry{0, created->created_at, actor.user_id, "work_order_create",
                                         department, created->request_id,
                                         "work order " + std::to_string(created->id)}));
  return created;
}

Result<WorkOrder> WorkflowService::UpdateWorkOrder(const Actor& actor, const WorkOrder& w) {
  auto existing = workflow_.GetWorkOrder(w.id);
  if (!existing.ok()) return std::move(existing).error();
  if (!existing->has_value()) return Error::NotFound("no such work order");
  const WorkOrder& old = **existing;
  Decision d = Authorize(actor, Operation::kManageWorkOrders, Target{old.department_code, {}});
  if (!d) return ToStatus(d, actor).error();
  WorkOrder updated = w;
  updated.request_id = old.request_id;  // a work order never moves between requests
  updated.department_code = old.department_code;
  updated.created_at = old.created_at;
  updated.updated_at = clock_.Now();
  C311_TRY(workflow_.UpdateWorkOrder(updated));
  C311_TRY(audit_.AppendAudit(AuditEntry{0, updated.updated_at, actor.user_id, "work_order_update",
                                         updated.department_code, updated.request_id,
                                         "work order " + std::to_string(updated.id)}));
  return updated;
}

}  // namespace civic311
