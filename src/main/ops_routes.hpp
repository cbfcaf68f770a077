// Operational routes: GET /healthz, GET /metrics, and the renderer for the transport's own errors
// (Open311 format under /open311, JSON under /api and for the machine routes, the portal's HTML
// error page elsewhere). The home page is the portal's (adapters/web/portal).
#pragma once

#include <memory>

#include "adapters/web/portal/portal.hpp"
#include "app/ports.hpp"
#include "base/metrics.hpp"
#include "domain/city.hpp"
#include "http/api/router.hpp"

namespace civic311 {

struct OpsDeps {
  RequestStore* store;
  MetricsRegistry* metrics;
  std::shared_ptr<const City> city;
};

void AddOpsRoutes(http::Router& router, OpsDeps deps);
// portal null: JSON instead of the HTML page (tools without the portal).
http::Response RenderTransportError(int status, const std::string& message,
                                    const http::Request& req, const PortalDeps* portal);

}  // namespace civic311
