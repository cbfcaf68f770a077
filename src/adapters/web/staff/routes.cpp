#include "adapters/web/staff/desk.hpp"
#include "adapters/web/staff/handlers.hpp"

namespace civic311 {

void AddConsoleRoutes(http::Router& router, std::shared_ptr<const ConsoleDeps> deps) {
  using http::Method;
  auto bind = [deps](http::Response (*fn)(const ConsoleDeps&, const http::Request&)) {
    return [deps, fn](const http::Request& req) {
      // One configuration version for the whole page (PinCity, adapters/web/portal/portal.hpp).
      auto web = PinCity(deps->web);
      if (web == deps->web) return fn(*deps, req);
      ConsoleDeps pinned = *deps;
      pinned.web = std::move(web);
      return fn(pinned, req);
    };
  };
  namespace c = console;
  router.Add(Method::kGet, "/staff", bind(c::GetHome));
  router.Add(Method::kGet, "/staff/signin", bind(c::GetSignIn));
  router.AddAsync(Method::kPost, "/staff/signin",
                  [deps](const http::Request& req, http::Responder reply) {
                    c::PostSignIn(*deps, req, std::move(reply));
                  });
  router.Add(Method::kPost, "/staff/signout", bind(c::PostSignOut));
  router.Add(Method::kGet, "/staff/queue", bind(c::GetQueue));
  router.Add(Method::kPost, "/staff/queue/bulk", bind(c::PostBulk));
  router.Add(Method::kPost, "/staff/alerts", bind(c::PostAlerts));
  router.Add(Method::kGet, "/staff/requests/{id}", bind(c::GetRequestDesk));
  router.Add(Method::kPost, "/staff/requests/{id}/act", bind(c::PostRequestAction));
  router.Add(Method::kGet, "/staff/desk", bind(c::GetDesk));
  router.Add(Method::kGet, "/staff/desk/answers", bind(c::GetDeskAnswers));
  router.Add(Method::kPost, "/staff/desk/answered", bind(c::PostAnswered));
  router.Add(Method::kPost, "/staff/desk/create", bind(c::PostDeskCreate));
  router.Add(Method::kPost, "/staff/desk/info", bind(c::PostDeskInfo));
  router.Add(Method::kPost, "/staff/queue/filters", bind(c::PostSaveFilter));
  router.Add(Method::kPost, "/staff/queue/filters/{id}/delete", bind(c::PostDeleteFilter));
  router.Add(Method::kGet, "/staff/dashboard", bind(c::GetDashboard));
  router.Add(Method::kGet, "/staff/dashboard.csv", bind(c::GetDashboardCsv));
  router.Add(Method::kPost, "/staff/requests/{id}/photos", bind(c::PostPhotoVisibility));
  router.Add(Method::kPost, "/staff/requests/{id}/internal", bind(c::PostInternalRequest));
  router.Add(Method::kPost, "/staff/requests/{id}/work_orders", bind(c::PostWorkOrderCreate));
  router.Add(Method::kPost, "/staff/requests/{id}/work_orders/{wid}", bind(c::PostWorkOrderUpdate));
  router.Add(Method::kGet, "/staff/forgot", bind(c::GetForgot));
  router.AddAsync(Method::kPost, "/staff/forgot",
                  [deps](const http::Request& req, http::Responder reply) {
                    c::PostForgot(*deps, req, std::move(reply));
                  });
  router.AddAsync(Method::kPost, "/staff/reset",
                  [deps](const http::Request& req, http::Responder reply) {
                    c::PostReset(*deps, req, std::move(reply));
                  });
  router.Add(Method::kGet, "/staff/live",
             [deps](const http::Request& req) { return c::GetLive(deps, req); });
}

}  // namespace civic311
