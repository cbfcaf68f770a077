// WebhookWorker: delivers the "webhook" outbox (docs/webhooks.md). Each round it fans new outbox
// messages out into one delivery per endpoint that wants the event, claims due deliveries with a
// lease, POSTs each one signed (HMAC-SHA256 of "<timestamp>.<body>" under the endpoint's secret)
// and records the answer: 2xx acknowledges; anything else, a timeout or a connection error is a
// failure retried with exponential backoff and jitter (first_retry, doubling, capped at
// max_retry), forever: a message is never dropped, only acknowledged. Pending and failing counts
// are exported as gauges.
//
// At least once: a receiver may see a delivery twice (a crash after the POST and before the
// acknowledgement is recorded; a lease that ran out while a slow endpoint was still answering);
// X-Civic311-Delivery is the same every time, for de-duplication.
//
// Ownership: borrows the outbox, the transport, the clock and the metrics registry, which must
// outlive it. Thread-safety: Start/Stop from one thread; RunOnce may be called by tests instead
// of Start, never both at once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/outbox_ports.hpp"
#include "base/metrics.hpp"
#include "domain/webhook.hpp"

namespace civic311 {

// An endpoint with its secret, read at start-up (main/webhooks.cpp).
struct WebhookTarget {
  WebhookEndpoint endpoint;
  std::string secret;
};

struct WebhookWorkerOptions {
  std::chrono::milliseconds poll_interval{1000};
  // How long a claimed delivery belongs to this worker. Longer than the transport's total
  // deadline, so a delivery in flight is not claimed by another instance.
  std::chrono::seconds lease{120};
  std::chrono::seconds first_retry{10};
  std::chrono::seconds max_retry{3600};
  int batch = 20;  // deliveries per round (and outbox messages fanned out per round)
  // Acknowledged messages (and those no endpoint wanted) are deleted once older than this,
  // checked every purge_interval. Unacknowledged deliveries are kept until acknowledged.
  std::chrono::hours retention{24 * 7};
  std::chrono::minutes purge_interval{60};
  // A number in [0, 1) per retry; null: a random one. Tests fix it.
  std::function<double()> jitter;
  MetricsRegistry* metrics = nullptr;  // may be null
};

class WebhookWorker {
 public:
  WebhookWorker(std::vector<WebhookTarget> targets, WebhookOutbox& outbox,
                WebhookTransport& transport, const Clock& clock, WebhookWorkerOptions options);
  ~WebhookWorker();  // Stop()
  WebhookWorker(const WebhookWorker&) = delete;
  WebhookWorker& operator=(const WebhookWorker&) = delete;

  // Runs rounds on a thread of its own, every poll_interval (at once again after a full batch).
  void Start();
  // Wakes the thread, lets the delivery in flight finish (bounded by the transport's deadline),
  // joins. Idempotent.
  void Stop();

  // One round: fan out, claim, deliver, record. Returns the number of POSTs made.
  Result<int> RunOnce();

  // The delay before retry number `attempt` (1: after the first failure): first * 2^(attempt-1)
  // capped at `max`, of which the upper half is scaled by jitter in [0, 1): in [d/2, d].
  static std::chrono::seconds Backoff(int attempt, double jitter, std::chrono::seconds first,
                                      std::chrono::seconds max);
  // The X-Civic311-Signature value: "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body).
  static std::string Signature(std::string_view secret, std::string_view timestamp,
                               std::string_view body);
  // The POST body of a delivery: the outbox payload with "delivery_id" and "webhook" added in
  // front (the same bytes on every attempt).
  static std::string Body(const WebhookDelivery& d);

 private:
  const WebhookTarget* Find(std::string_view name) const;
  std::vector<std::pair<std::string, std::string>> Route(std::string_view payload) const;
  void Loop();
  void RefreshStats();

  std::vector<WebhookTarget> targets_;
  std::vector<std::string> names_;
  WebhookOutbox& outbox_;
  WebhookTransport& transport_;
  const Clock& clock_;
  WebhookWorkerOptions options_;

  struct Gauges {
    std::atomic<std::int64_t> pending{0}, failing{0}, undispatched{0}, oldest{0};
  };
  std::shared_ptr<Gauges> gauges_ = std::make_shared<Gauges>();  // gauges may outlive us
  Counter* acknowledged_ = nullptr;
  Counter* failed_ = nullptr;

  std::optional<Timestamp> last_purge_;  // only the worker's own thread (or RunOnce's caller)

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace civic311
