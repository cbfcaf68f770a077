// HttpMetrics: the transport's Prometheus series, with the series lookups cached per thread so
// that counting a request takes no lock at all once a thread has seen its (route, method, status).
//
//   civic311_http_requests_total{route,method,status}     counter
//   civic311_http_request_duration_seconds{route}          histogram
//   civic311_http_connections_active                       gauge
//   civic311_http_inflight_requests                        gauge
//   civic311_worker_queue_depth                            gauge (handlers waiting for a worker)
//
// Thread-safety: Record may be called from any thread; the registry must outlive this object.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>

#include "base/metrics.hpp"
#include "http/api/router.hpp"

namespace civic311::http {

// Live gauges, shared with the registry's gauge callbacks (which may outlive the server).
struct ServerStats {
  std::atomic<std::int64_t> connections{0};
  std::atomic<std::int64_t> inflight{0};
  std::atomic<std::int64_t> queue_depth{0};
};

class HttpMetrics {
 public:
  HttpMetrics(MetricsRegistry& registry, std::shared_ptr<ServerStats> stats);

  // Registers the gauges (reading `stats`). Call once, before serving.
  void RegisterGauges();
  void Record(std::string_view route, Method method, int status, double seconds);

  ServerStats& stats() { return *stats_; }

 private:
  MetricsRegistry& registry_;
  std::shared_ptr<ServerStats> stats_;
  const std::uint64_t id_;  // distinguishes this instance in the per-thread caches
};

// Escapes a Prometheus label value (backslash, double quote, newline).
std::string EscapeLabelValue(std::string_view v);

}  // namespace civic311::http
