#include "adapters/staff_api/routes.hpp"

#include "adapters/staff_api/handlers.hpp"
#include "adapters/staff_api/json_io.hpp"

namespace civic311 {

void AddStaffApiRoutes(http::Router& router, StaffApiDeps deps) {
  using http::Method;
  using SyncFn = http::Response (*)(const StaffApiDeps&, const http::Request&);
  using AsyncFn = void (*)(const StaffApiDeps&, const http::Request&, http::Responder);
  auto d = std::make_shared<StaffApiDeps>(std::move(deps));
  auto bind = [d](SyncFn fn) { return [d, fn](const http::Request& req) { return fn(*d, req); }; };
  // Endpoints that read a JSON body: 415 for any other Content-Type (see RequireJsonBody).
  auto json = [d](SyncFn fn) {
    return [d, fn](const http::Request& req) {
      if (auto refused = staff_api::RequireJsonBody(req)) return *refused;
      return fn(*d, req);
    };
  };
  auto json_async = [d](AsyncFn fn) {
    return [d, fn](const http::Request& req, http::Responder reply) {
      if (auto refused = staff_api::RequireJsonBody(req)) return reply.Send(*refused);
      fn(*d, req, std::move(reply));
    };
  };
  router.AddAsync(Method::kPost, "/api/v1/auth/token", json_async(staff_api::PostAuthToken));
  router.Add(Method::kGet, "/api/v1/requests", bind(staff_api::GetRequests));
  router.Add(Method::kPost, "/api/v1/requests", json(staff_api::PostRequest));
  router.Add(Method::kGet, "/api/v1/requests/{id}", bind(staff_api::GetRequest));
  router.Add(Method::kPost, "/api/v1/requests/{id}/actions", json(staff_api::PostAction));
  router.Add(Method::kPost, "/api/v1/requests/{id}/emergency", json(staff_api::PostEmergency));
  router.Add(Method::kGet, "/api/v1/requests/{id}/templates", bind(staff_api::GetRequestTemplates));
  router.Add(Method::kPost, "/api/v1/requests/{id}/work_orders", json(staff_api::PostWorkOrder));
  router.Add(Method::kPost, "/api/v1/work_orders", json(staff_api::PostWorkOrder));
  router.Add(Method::kPut, "/api/v1/work_orders/{id}", json(staff_api::PutWorkOrder));
  router.Add(Method::kPatch, "/api/v1/work_orders/{id}", json(staff_api::PatchWorkOrder));
  router.AddAsync(Method::kPost, "/api/v1/auth/password_reset",
                  json_async(staff_api::PostPasswordReset));
  router.AddAsync(Method::kPost, "/api/v1/auth/password_reset/confirm",
                  json_async(staff_api::PostPasswordResetConfirm));
  router.Add(Method::kPost, "/api/v1/auth/logout", bind(staff_api::PostLogout));
  router.AddAsync(Method::kPost, "/api/v1/auth/session", json_async(staff_api::PostSession));
  router.Add(Method::kDelete, "/api/v1/auth/session", bind(staff_api::DeleteSession));
  router.Add(Method::kGet, "/api/v1/me", bind(staff_api::GetMe));
  router.Add(Method::kPatch, "/api/v1/me", json(staff_api::PatchMe));
  router.Add(Method::kGet, "/api/v1/me/alerts", bind(staff_api::GetMyAlerts));
  router.Add(Method::kPut, "/api/v1/me/alerts", json(staff_api::PutMyAlerts));
  router.AddAsync(Method::kPost, "/api/v1/me/totp", json_async(staff_api::PostTotp));
  router.Add(Method::kPut, "/api/v1/requests/{id}/follow", bind(staff_api::PutFollow));
  router.Add(Method::kDelete, "/api/v1/requests/{id}/follow", bind(staff_api::DeleteFollow));
  router.Add(Method::kGet, "/api/v1/audit", bind(staff_api::GetAudit));
  router.Add(Method::kGet, "/api/v1/crews", bind(staff_api::GetCrews));
  router.Add(Method::kGet, "/api/v1/openapi.json", staff_api::GetOpenApi);
}

}  // namespace civic311
