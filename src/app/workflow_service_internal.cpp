// WorkflowService: internal requests raised from a request's desk (workflow_service.hpp).
#include "app/workflow_service.hpp"

namespace civic311 {

Result<ServiceRequest> WorkflowService::RaiseInternalRequest(const Actor& actor, RequestId from,
                                                             const SubmissionInput& input,
                                                             const std::string& department) {
  auto source = Load(actor, from);
  if (!source.ok()) return std::move(source).error();
  auto wf = workflow_.GetWorkflow(from);
  if (!wf.ok()) return std::move(wf).error();
  if (Status st = Check(actor, Operation::kViewRequest, *source, *wf); !st.ok()) {
    if (source->internal) return Error::NotFound("no such service request");
    return std::move(st).error();
  }
  return Create(actor, input, department, {}, {}, from);
}

Result<std::vector<InternalRequestItem>> WorkflowService::ListInternalRequests(const Actor& actor,
                                                                               RequestId from) {
  auto source = Load(actor, from);
  if (!source.ok()) return std::move(source).error();
  auto wf = workflow_.GetWorkflow(from);
  if (!wf.ok()) return std::move(wf).error();
  std::vector<InternalRequestItem> out;
  const Target source_target{source->department_code, wf->reporter_user_id, source->internal};
  if (!Authorize(actor, Operation::kViewRequest, source_target) ||
      !ViewOf(actor, source_target).internal) {
    return out;
  }
  auto ids = workflow_.ListRaisedFrom(from);
  if (!ids.ok()) return std::move(ids).error();
  for (RequestId id : *ids) {
    auto r = requests_.Get(id);
    if (!r.ok()) return std::move(r).error();
    if (!r->has_value()) continue;
    auto w = workflow_.GetWorkflow(id);
    if (!w.ok()) return std::move(w).error();
    const Target t{(*r)->department_code, w->reporter_user_id, (*r)->internal};
    if (!Authorize(actor, Operation::kViewRequest, t)) continue;
    InternalRequestItem item{std::move(**r), std::move(*w)};
    item.request.contact = Contact{};
    if (!ViewOf(actor, t).internal) item.workflow.assignee_user_id.reset();
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace civic311
