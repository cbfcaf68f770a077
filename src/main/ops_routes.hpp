// Operational routes: GET /healthz, GET /metrics, GET / (a landing page), and the renderer for
// the transport's own errors (Open311 format under /open311, JSON elsewhere).
#pragma once

#include <memory>

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
http::Response RenderTransportError(int status, const std::string& message,
                                    const http::Request& req);

}  // namespace civic311
