// WorkflowService::List: the staff request list.
#include <algorithm>
#include <cctype>

#include "app/workflow_service.hpp"

namespace civic311 {
namespace {

bool ContainsFolded(std::string_view hay, std::string_view needle) {
  auto it = std::search(
      hay.begin(), hay.end(), needle.begin(), needle.end(),
      [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
  return it != hay.end();
}

}  // namespace

Result<std::vector<ServiceRequest>> WorkflowService::List(const Actor& actor, const StaffQuery& q) {
  if (actor.anonymous) return Error::Unauthenticated("sign in first");
  const int limit = std::clamp(q.limit, 1, 200);
  const int offset = std::max(q.offset, 0);
  RequestQuery rq;
  rq.service_codes = q.service_codes;
  rq.states = q.states;
  rq.bbox = q.bbox;
  rq.include_internal = true;
  rq.limit = kMaxListScan;
  auto candidates = requests_.List(rq);
  if (!candidates.ok()) return std::move(candidates).error();
  const Timestamp now = clock_.Now();
  std::vector<ServiceRequest> out;
  int skipped = 0;
  for (ServiceRequest& r : *candidates) {
    if (!q.departments.empty() && std::find(q.departments.begin(), q.departments.end(),
                                            r.department_code) == q.departments.end())
      continue;
    if (q.overdue && !(IsOpen(r.state) && r.expected_at && *r.expected_at < now)) continue;
    if (!q.text.empty() && !ContainsFolded(r.description, q.text) &&
        !ContainsFolded(r.address, q.text) && std::to_string(r.id) != q.text)
      continue;
    RequestWorkflow w;
    if (q.assignee_user_id || r.internal) {
      auto got = workflow_.GetWorkflow(r.id);
      if (!got.ok()) return std::move(got).error();
      w = std::move(got).value();
      if (q.assignee_user_id && w.assignee_user_id != q.assignee_user_id) continue;
    }
    if (!Authorize(actor, Operation::kViewRequest,
                   Target{r.department_code, w.reporter_user_id, r.internal}))
      continue;
    if (skipped < offset) {
      ++skipped;
      continue;
    }
    // Lists never carry contact details: those are shown (and audited) one request at a time.
    r.contact = Contact{};
    out.push_back(std::move(r));
    if (static_cast<int>(out.size()) >= limit) break;
  }
  return out;
}

Result<std::vector<PublicUpdate>> WorkflowService::PublicUpdates(Timestamp from, Timestamp to,
                                                                 int limit) {
  if (to < from) return Error::InvalidField("end_date", "must not be before start_date");
  return workflow_.ListPublicUpdates(from, to, std::clamp(limit, 1, 1000));
}

}  // namespace civic311
