// GET/PUT /api/v1/me/alerts: the signed-in member of staff's alert settings
// (docs/notifications.md, "Staff alerts"; docs/staff-api.md).
#include "adapters/staff_api/handlers.hpp"
#include "adapters/staff_api/json_io.hpp"

namespace civic311::staff_api {
namespace {

namespace json = boost::json;

json::object AlertsJson(const StaffAlertPrefs& p) {
  return json::object{{"new_requests", QueueAlertsName(p.queue)}, {"lang", p.lang}};
}

}  // namespace

http::Response GetMyAlerts(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto prefs = d.workflow->GetAlertSettings(*actor);
  if (!prefs.ok()) return ErrorResponse(prefs.error(), req);
  return JsonResponse(200, AlertsJson(*prefs));
}

http::Response PutMyAlerts(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto body = ParseBody(req);
  if (!body.ok()) return ErrorResponse(body.error(), req);
  auto queue = GetString(*body, "new_requests");
  if (!queue.ok()) return ErrorResponse(queue.error(), req);
  auto lang = GetString(*body, "lang");
  if (!lang.ok()) return ErrorResponse(lang.error(), req);
  auto current = d.workflow->GetAlertSettings(*actor);
  if (!current.ok()) return ErrorResponse(current.error(), req);
  QueueAlerts q = current->queue;
  if (*queue) {
    auto parsed = ParseQueueAlerts(**queue);
    if (!parsed) {
      return ErrorResponse(
          Error::InvalidField("new_requests", "must be \"off\", \"immediate\" or \"digest\""), req);
    }
    q = *parsed;
  }
  auto saved = d.workflow->SetAlertSettings(*actor, q, lang->value_or(current->lang));
  if (!saved.ok()) return ErrorResponse(saved.error(), req);
  return JsonResponse(200, AlertsJson(*saved));
}

}  // namespace civic311::staff_api
