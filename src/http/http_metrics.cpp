#include "http/http_metrics.hpp"

#include <string>
#include <unordered_map>

namespace civic311::http {
namespace {

std::atomic<std::uint64_t> g_next_id{1};

constexpr const char* kRequests = "civic311_http_requests_total";
constexpr const char* kDuration = "civic311_http_request_duration_seconds";

// One per thread. Keys are built in a reused buffer, so a cache hit allocates nothing. The cache
// belongs to one HttpMetrics at a time (by id, never by address, which could be reused).
struct ThreadCache {
  std::uint64_t owner = 0;
  std::unordered_map<std::string, Counter*> counters;
  std::unordered_map<std::string, Histogram*> durations;
  std::string key;
};

}  // namespace

std::string EscapeLabelValue(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

HttpMetrics::HttpMetrics(MetricsRegistry& registry, std::shared_ptr<ServerStats> stats)
    : registry_(registry), stats_(std::move(stats)), id_(g_next_id.fetch_add(1)) {}

void HttpMetrics::RegisterGauges() {
  auto s = stats_;
  registry_.AddGauge("civic311_http_connections_active", "", "Open client connections.",
                     [s] { return static_cast<double>(s->connections.load()); });
  registry_.AddGauge("civic311_http_inflight_requests", "",
                     "Requests read and not yet fully answered.",
                     [s] { return static_cast<double>(s->inflight.load()); });
  registry_.AddGauge("civic311_worker_queue_depth", "", "Handlers waiting for a worker thread.",
                     [s] { return static_cast<double>(s->queue_depth.load()); });
}

void HttpMetrics::Record(std::string_view route, Method method, int status, double seconds) {
  thread_local ThreadCache cache;
  if (cache.owner != id_) {
    cache.counters.clear();
    cache.durations.clear();
    cache.owner = id_;
  }
  std::string& key = cache.key;
  key.assign(route);
  auto h = cache.durations.find(key);
  if (h == cache.durations.end()) {
    Histogram& hist = registry_.GetHistogram(
        kDuration, "route=\"" + EscapeLabelValue(route) + "\"",
        "Time from the first byte of a request to the last byte of its response.");
    h = cache.durations.emplace(key, &hist).first;
  }
  h->second->Observe(seconds);

  const char* method_name = MethodName(method);
  key.push_back('\n');
  key.append(method_name);
  key.push_back('\n');
  key.append(std::to_string(status));  // small-string: no allocation
  auto c = cache.counters.find(key);
  if (c == cache.counters.end()) {
    std::string labels = "route=\"" + EscapeLabelValue(route) + "\",method=\"" + method_name +
                         "\",status=\"" + std::to_string(status) + "\"";
    Counter& counter = registry_.GetCounter(kRequests, labels, "HTTP requests answered.");
    c = cache.counters.emplace(key, &counter).first;
  }
  c->second->Inc();
}

}  // namespace civic311::http
