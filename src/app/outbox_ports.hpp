// The port of the webhook channel's HTTP client (docs/webhooks.md): one POST of one delivery
// (WebhookTransport; adapters/webhook/http_transport.* over Boost.Beast). The webhook rows
// themselves are rows of the one outbox (notify_ports.hpp).
//
// Thread-safety: implementations must be safe to call from many threads at once. Calls block
// (network): never call them on network threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"

namespace civic311 {

// One HTTP POST. The transport owns connection handling, TLS and deadlines.
struct WebhookPost {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct WebhookResponse {
  int status = 0;     // HTTP status; 0: no response (error says why)
  std::string error;  // readable cause when status is 0 ("connect: Connection refused", …)
};

class WebhookTransport {
 public:
  virtual ~WebhookTransport() = default;
  // Blocks until the response head and body arrived, the deadline passed, or the connection
  // failed. Must not throw.
  virtual WebhookResponse Post(const WebhookPost& post) = 0;
};

}  // namespace civic311
