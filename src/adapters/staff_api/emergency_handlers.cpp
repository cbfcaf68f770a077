// POST /api/v1/requests/{id}/emergency {"version": N, "reason": "…"}: flag a request as an
// emergency (docs/workflow.md). The flag_emergency action of WorkflowService::Act — policy
// (add_internal_note), one internal timeline event, an audit entry and the dispatch push, all
// in one transaction; the push is delivered at once by the urgent lane (docs/notifications.md).
// The same action is also accepted by POST …/actions {"action": "flag_emergency", "text": …}.
#include "adapters/staff_api/handlers.hpp"
#include "adapters/staff_api/json_io.hpp"

namespace civic311::staff_api {

http::Response PostEmergency(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto id = PathId(req.path_params.at(0));
  if (!id) return ErrorResponse(Error::NotFound("no such service request"), req);
  auto body = ParseBody(req);
  if (!body.ok()) return ErrorResponse(body.error(), req);
  auto version = GetInt(*body, "version");
  if (!version.ok()) return ErrorResponse(version.error(), req);
  if (!*version)
    return ErrorResponse(Error::InvalidField("version", "is required (the version you read)"), req);
  auto reason = GetString(*body, "reason");
  if (!reason.ok()) return ErrorResponse(reason.error(), req);
  ActionInput in;
  in.action = Action::kFlagEmergency;
  in.version = **version;
  in.text = reason->value_or("");
  auto done = d.workflow->Act(*actor, *id, in);
  if (!done.ok()) {
    Error e = std::move(done).error();
    // The action names its reason "text"; this endpoint names it "reason".
    for (auto& f : e.fields)
      if (f.field == "text") f.field = "reason";
    return ErrorResponse(e, req);
  }
  return JsonResponse(200, RequestJson(*done, false));
}

}  // namespace civic311::staff_api
