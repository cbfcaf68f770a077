// The pages the links of follow and area-alert e-mails land on (docs/notifications.md,
// "Follows and area alerts"):
//   GET  /notify/confirm?t=TOKEN   "confirm" page with one button (a POST form): a GET never
//                                  confirms, so a mail scanner following links confirms nothing
//   POST /notify/confirm           t=TOKEN: confirms the follow (scope "follow", id = request)
//                                  or the alert (scope "alert", id = alert)
//   GET  /alerts/stop?t=TOKEN      "stop this alert" / "stop all messages to this address"
//   POST /alerts/stop              t=TOKEN&scope=alert|all, or RFC 8058 one-click (stops the
//                                  alert)
// The signed token (links.hpp) is the capability and the CSRF defence, as for stop links.
// Thread-safety: handlers may run on many worker threads at once.
#pragma once

#include "adapters/notify/stop_routes.hpp"
#include "app/alert_service.hpp"

namespace civic311::notify {

void AddAlertLinkRoutes(http::Router& router, StopRouteDeps deps, AlertService* alerts);

}  // namespace civic311::notify
