// GET /api/v1/requests/{id}/templates: the response templates staff may use on a request now.
#include "adapters/staff_api/handlers.hpp"
#include "adapters/staff_api/json_io.hpp"

namespace civic311::staff_api {
namespace json = boost::json;

http::Response GetRequestTemplates(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto id = PathId(req.path_params.at(0));
  if (!id) return ErrorResponse(Error::NotFound("no such service request"), req);
  auto list = d.workflow->ListTemplates(*actor, *id);
  if (!list.ok()) return ErrorResponse(list.error(), req);
  json::array rows;
  for (const ResponseTemplate& t : *list) {
    json::object o{{"id", t.id}, {"title", t.title}, {"state", t.StateText()}, {"text", t.text}};
    if (!t.text_es.empty()) o["text_es"] = t.text_es;
    rows.push_back(std::move(o));
  }
  return JsonResponse(200, json::object{{"templates", std::move(rows)}});
}

}  // namespace civic311::staff_api
