// POST /api/v1/requests/{id}/work_orders, POST /api/v1/work_orders, PUT /api/v1/work_orders/{id}
#include "adapters/staff_api/handlers.hpp"
#include "adapters/staff_api/json_io.hpp"

namespace civic311::staff_api {

http::Response PostWorkOrder(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto body = ParseBody(req);
  if (!body.ok()) return ErrorResponse(body.error(), req);
  auto w = WorkOrderFromJson(*body);
  if (!w.ok()) return ErrorResponse(w.error(), req);
  if (!req.path_params.empty()) {  // /requests/{id}/work_orders
    auto id = PathId(req.path_params[0]);
    if (!id) return ErrorResponse(Error::NotFound("no such service request"), req);
    w->request_id = *id;
  }
  auto created = d.workflow->CreateWorkOrder(*actor, std::move(*w));
  if (!created.ok()) return ErrorResponse(created.error(), req);
  return JsonResponse(201, WorkOrderJson(*created));
}

http::Response PutWorkOrder(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto id = PathId(req.path_params.at(0));
  if (!id) return ErrorResponse(Error::NotFound("no such work order"), req);
  auto body = ParseBody(req);
  if (!body.ok()) return ErrorResponse(body.error(), req);
  auto w = WorkOrderFromJson(*body);
  if (!w.ok()) return ErrorResponse(w.error(), req);
  w->id = *id;
  auto updated = d.workflow->UpdateWorkOrder(*actor, *w);
  if (!updated.ok()) return ErrorResponse(updated.error(), req);
  return JsonResponse(200, WorkOrderJson(*updated));
}

}  // namespace civic311::staff_api
