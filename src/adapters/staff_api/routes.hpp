// The staff JSON API (/api/v1): sign-in, the request list and detail, requests on behalf of
// callers and internal requests, actions on requests, work orders, accounts, following, the
// audit log, and its OpenAPI document (openapi.cpp; docs/workflow.md has the prose).
// clang-format off
//   POST   /api/v1/auth/token                    {email, password, totp?} -> {token, expires_at}
//   POST   /api/v1/auth/logout                   the bearer token stops working
//   POST   /api/v1/auth/session                  {email, password, totp?} -> cookie + {csrf_token}
//   DELETE /api/v1/auth/session                  sign out of the cookie session
//   POST   /api/v1/auth/password_reset           {email} -> 202 (an e-mail goes to the outbox)
//   POST   /api/v1/auth/password_reset/confirm   {token, password} -> 204
//   GET    /api/v1/me                            the signed-in account; PATCH {display_name?, hide_name?}
//   POST   /api/v1/me/totp                       {password} -> {otpauth_uri}
//   GET    /api/v1/requests                      ?department=&state=&service=&assignee=&overdue=&at_risk=
//                                                &q=&bbox=minlat,minlon,maxlat,maxlon&limit=&offset=
//   POST   /api/v1/requests                      {service_code, description, channel, …, internal_for?}
//   GET    /api/v1/requests/{id}                 detail: request, timeline, work orders, me_too_count
//   POST   /api/v1/requests/{id}/actions         {action, version, template?, …}
//   GET    /api/v1/requests/{id}/templates       the response templates that fit it now
//   PUT    /api/v1/requests/{id}/follow          follow; DELETE: stop following
//   POST   /api/v1/requests/{id}/work_orders     a work order for the request
//   POST   /api/v1/work_orders                   proactive work (no request)
//   PUT    /api/v1/work_orders/{id}              update (tasks, done, hours, …)
//   GET    /api/v1/audit                         ?department=&limit= (admins; managers: own)
//   GET    /api/v1/openapi.json
// clang-format on
//
// Every endpoint but the token and the OpenAPI document needs "Authorization: Bearer TOKEN".
// Errors: {"error":{"message":…,"fields":[…]}} with 400/401/403/404/409/429/500/503.
// Handlers block on the stores and run Argon2id: the server runs them on worker threads.
#pragma once

#include <memory>

#include "app/auth_service.hpp"
#include "app/portal_ports.hpp"
#include "app/workflow_service.hpp"
#include "http/api/router.hpp"

namespace civic311 {
class CrewService;

struct StaffApiDeps {
  std::shared_ptr<WorkflowService> workflow;
  std::shared_ptr<AuthService> auth;
  // Who said "me too" (the portal's records): the detail's me_too_count. Borrowed, may be null
  // (then the field is absent).
  SupportStore* supporters = nullptr;
  // The crew register (GET /api/v1/crews); borrowed, may be null (then 404).
  CrewService* crews = nullptr;
};

void AddStaffApiRoutes(http::Router& router, StaffApiDeps deps);

}  // namespace civic311
