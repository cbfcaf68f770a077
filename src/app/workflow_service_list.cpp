// WorkflowService::List: the staff request list.
#include <algorithm>

#include "app/request_visibility.hpp"
#include "app/workflow_service.hpp"
#include "domain/sla_clock.hpp"

namespace civic311 {

Result<std::vector<ServiceRequest>> WorkflowService::List(const Actor& actor, const StaffQuery& q) {
  auto items = ListItems(actor, q);
  if (!items.ok()) return std::move(items).error();
  std::vector<ServiceRequest> out;
  out.reserve(items->size());
  for (StaffListItem& item : *items) out.push_back(std::move(item.request));
  return out;
}

Result<std::optional<StaffListQuery>> WorkflowService::StoreQuery(const Actor& actor,
                                                                  const StaffQuery& q) const {
  if (actor.anonymous) return Error::Unauthenticated("sign in first");
  if ((q.assignee_user_id || q.unassigned || q.crew_id) && !MaySearchWork(actor)) {
    return Error::PermissionDenied(std::string(RoleName(actor.role)) +
                                   "s may not search requests by assignee");
  }
  // Who may see what stays the policy's decision: it describes the requests the actor may view,
  // and the store turns that description into filters.
  const RequestScope scope = ScopeOf(actor, Operation::kViewRequest);
  if (scope.Empty()) return std::optional<StaffListQuery>();
  StaffListQuery sq;
  sq.departments = q.departments;
  sq.states = q.states;
  sq.service_codes = q.service_codes;
  sq.assignee_user_id = q.assignee_user_id;
  const Timestamp now = clock_.Now();
  if (q.overdue) sq.overdue_at = now;
  if (q.at_risk) {
    sq.overdue_at =
        std::max(sq.overdue_at.value_or(now), DueSoonHorizon(*city_.Current(), now).value_or(now));
  }
  sq.text = q.text;
  sq.bbox = q.bbox;
  sq.unassigned = q.unassigned;
  sq.crew_id = q.crew_id;
  sq.channels = q.channels;
  sq.requested_from = q.requested_from;
  sq.requested_to = q.requested_to;
  sq.sort = q.sort;
  sq.include_internal = scope.internal;
  sq.scope_anywhere = scope.anywhere;
  sq.scope_departments = scope.departments;
  sq.scope_reporter_user_id = scope.reporter_user_id;
  sq.limit = std::clamp(q.limit, 1, 200);
  sq.offset = std::max(q.offset, 0);
  sq.count_cap = std::max<std::int64_t>(q.count_cap, 0);
  return std::optional<StaffListQuery>(std::move(sq));
}

Result<StateCounts> WorkflowService::CountByState(const Actor& actor, const StaffQuery& q) {
  auto sq = StoreQuery(actor, q);
  if (!sq.ok()) return std::move(sq).error();
  if (!*sq) return StateCounts{};
  return workflow_.CountStaffRequests(**sq);
}

Result<std::vector<StaffListItem>> WorkflowService::ListItems(const Actor& actor,
                                                              const StaffQuery& q) {
  std::vector<StaffListItem> out;
  auto built = StoreQuery(actor, q);
  if (!built.ok()) return std::move(built).error();
  if (!*built) return out;
  const StaffListQuery& sq = **built;
  auto rows = workflow_.ListStaffRequests(sq);
  if (!rows.ok()) return std::move(rows).error();
  out.reserve(rows->size());
  for (StaffListItem& item : *rows) {
    ServiceRequest& r = item.request;
    const Target target{r.department_code, item.workflow.reporter_user_id, r.internal};
    // Defence in depth: the scope filter must already have left out what the actor may not see.
    if (!Authorize(actor, Operation::kViewRequest, target)) continue;
    // Lists never carry contact details: those are shown (and audited) one request at a time.
    r.contact = Contact{};
    if (!ViewOf(actor, target).internal) C311_TRY(HideInternalParent(requests_, r));
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::vector<PublicUpdate>> WorkflowService::PublicUpdates(Timestamp from, Timestamp to,
                                                                 int limit) {
  if (to < from) return Error::InvalidField("end_date", "must not be before start_date");
  auto updates = workflow_.ListPublicUpdates(from, to, std::clamp(limit, 1, 1000));
  if (!updates.ok()) return updates;
  // Rows stored before media URLs were checked on every path may hold other schemes
  // (javascript:…): they are never published.
  for (PublicUpdate& u : *updates)
    if (!ValidateMediaUrl(u.media_url).ok()) u.media_url.clear();
  return updates;
}

}  // namespace civic311
