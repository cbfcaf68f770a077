#include "main/ops_routes.hpp"

#include "adapters/open311/routes.hpp"
#include "adapters/staff_api/json_io.hpp"
#include "base/log.hpp"

namespace civic311 {
http::Response RenderTransportError(int status, const std::string& message,
                                    const http::Request& req, const PortalDeps* portal) {
  // Each front door renders its own errors: the Open311 error list under /open311, JSON for the
  // staff API and the machine routes, an HTML page in the visitor's language everywhere else.
  if (req.path.rfind("/open311", 0) == 0) return RenderOpen311Error(status, message, req);
  const bool machine = req.path.rfind("/api/", 0) == 0 || req.path == "/healthz" ||
                       req.path == "/metrics" || req.path.rfind("/media/", 0) == 0;
  if (portal != nullptr && !machine) return RenderPortalError(*portal, status, message, req);
  // The staff API's one error shape, for its transport errors too (404, 405, 413, …).
  if (req.path.rfind("/api/", 0) == 0) {
    return staff_api::TransportErrorResponse(status, message, req);
  }
  http::Response r;
  r.status = status;
  r.body = "{\"error\":{\"status\":" + std::to_string(status) + ",\"message\":\"";
  AppendJsonEscaped(r.body, message);
  r.body += "\"}}";
  return r;
}

void AddOpsRoutes(http::Router& router, OpsDeps deps) {
  router.Add(http::Method::kGet, "/healthz", [deps](const http::Request&) {
    http::Response r;
    auto s = deps.store->Ping();
    r.status = s.ok() ? 200 : 503;
    r.body = s.ok() ? R"({"status":"ok","database":"ok"})"
                    : R"({"status":"unavailable","database":"unreachable"})";
    r.SetHeader("Cache-Control", "no-store");
    return r;
  });
  router.Add(http::Method::kGet, "/metrics", [deps](const http::Request&) {
    http::Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = deps.metrics->Render();
    return r;
  });
}

}  // namespace civic311
