// POST /api/v1/requests/{id}/work_orders, POST /api/v1/work_orders,
// PUT and PATCH /api/v1/work_orders/{id}, GET /api/v1/crews
#include "adapters/staff_api/handlers.hpp"
#include "adapters/staff_api/json_io.hpp"
#include "app/crew_service.hpp"

namespace civic311::staff_api {
namespace json = boost::json;

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

namespace {

// PUT replaces and PATCH merges (docs/workflow.md, "Work orders"): a PUT that leaves a member out
// is refused rather than blanking it.
http::Response ChangeWorkOrder(const StaffApiDeps& d, const http::Request& req, bool replace) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto id = PathId(req.path_params.at(0));
  if (!id) return ErrorResponse(Error::NotFound("no such work order"), req);
  auto body = ParseBody(req);
  if (!body.ok()) return ErrorResponse(body.error(), req);
  if (replace) {
    Error missing = Error::InvalidArgument(
        "PUT replaces the work order: send every member (or use PATCH to change some)");
    for (const char* key : kWorkOrderMembers)
      if (!body->contains(key)) missing.fields.push_back({key, "is required"});
    if (!missing.fields.empty()) return ErrorResponse(missing, req);
  }
  auto patch = WorkOrderPatchFromJson(*body);
  if (!patch.ok()) return ErrorResponse(patch.error(), req);
  auto updated = d.workflow->PatchWorkOrder(*actor, *id, *patch);
  if (!updated.ok()) return ErrorResponse(updated.error(), req);
  return JsonResponse(200, WorkOrderJson(*updated));
}

}  // namespace

// The crew register of a department (?department=CODE; without it, every department's: admins
// only), for the work-order forms: crew_id of a work order is one of these (docs/console.md,
// "Crews").
http::Response GetCrews(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  if (d.crews == nullptr) return ErrorResponse(Error::NotFound("no crew register here"), req);
  auto crews = d.crews->List(*actor, std::string(req.Param("department")));
  if (!crews.ok()) return ErrorResponse(crews.error(), req);
  json::array out;
  for (const Crew& c : *crews) {
    out.push_back(json::object{{"id", c.id},
                               {"department_code", c.department_code},
                               {"name", c.name},
                               {"active", c.active}});
  }
  return JsonResponse(200, json::object{{"crews", std::move(out)}});
}

http::Response PutWorkOrder(const StaffApiDeps& d, const http::Request& req) {
  return ChangeWorkOrder(d, req, /*replace=*/true);
}

http::Response PatchWorkOrder(const StaffApiDeps& d, const http::Request& req) {
  return ChangeWorkOrder(d, req, /*replace=*/false);
}

}  // namespace civic311::staff_api
