#include "adapters/staff_api/routes.hpp"

#include "adapters/staff_api/handlers.hpp"

namespace civic311 {

void AddStaffApiRoutes(http::Router& router, StaffApiDeps deps) {
  using http::Method;
  auto d = std::make_shared<StaffApiDeps>(std::move(deps));
  auto bind = [d](http::Response (*fn)(const StaffApiDeps&, const http::Request&)) {
    return [d, fn](const http::Request& req) { return fn(*d, req); };
  };
  router.Add(Method::kPost, "/api/v1/auth/token",
             [d](const http::Request& req) { return staff_api::PostAuthToken(*d->auth, req); });
  router.Add(Method::kGet, "/api/v1/requests", bind(staff_api::GetRequests));
  router.Add(Method::kPost, "/api/v1/requests", bind(staff_api::PostRequest));
  router.Add(Method::kGet, "/api/v1/requests/{id}", bind(staff_api::GetRequest));
  router.Add(Method::kPost, "/api/v1/requests/{id}/actions", bind(staff_api::PostAction));
  router.Add(Method::kGet, "/api/v1/requests/{id}/templates", bind(staff_api::GetRequestTemplates));
  router.Add(Method::kPost, "/api/v1/requests/{id}/work_orders", bind(staff_api::PostWorkOrder));
  router.Add(Method::kPost, "/api/v1/work_orders", bind(staff_api::PostWorkOrder));
  router.Add(Method::kPut, "/api/v1/work_orders/{id}", bind(staff_api::PutWorkOrder));
  router.Add(Method::kPost, "/api/v1/auth/password_reset", bind(staff_api::PostPasswordReset));
  router.Add(Method::kPost, "/api/v1/auth/password_reset/confirm",
             bind(staff_api::PostPasswordResetConfirm));
  router.Add(Method::kPost, "/api/v1/auth/logout", bind(staff_api::PostLogout));
  router.Add(Method::kPost, "/api/v1/auth/session", bind(staff_api::PostSession));
  router.Add(Method::kDelete, "/api/v1/auth/session", bind(staff_api::DeleteSession));
  router.Add(Method::kGet, "/api/v1/me", bind(staff_api::GetMe));
  router.Add(Method::kPatch, "/api/v1/me", bind(staff_api::PatchMe));
  router.Add(Method::kPost, "/api/v1/me/totp", bind(staff_api::PostTotp));
  router.Add(Method::kPut, "/api/v1/requests/{id}/follow", bind(staff_api::PutFollow));
  router.Add(Method::kDelete, "/api/v1/requests/{id}/follow", bind(staff_api::DeleteFollow));
  router.Add(Method::kGet, "/api/v1/audit", bind(staff_api::GetAudit));
  router.Add(Method::kGet, "/api/v1/openapi.json", staff_api::GetOpenApi);
}

}  // namespace civic311
