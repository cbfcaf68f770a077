// Ports of outbound webhook delivery (docs/webhooks.md): the store side of the outbox
// (WebhookOutbox) and the transport that POSTs one delivery (WebhookTransport).
//
// Model: WorkflowStore::ApplyChange writes one OutboxMessage{"webhook", json} per event in the
// transaction of the change. FanOut turns each such message into one *delivery* per endpoint
// that wants the event, so that every endpoint acknowledges on its own: a failing endpoint never
// causes a re-send to one that already answered 2xx. Deliveries are claimed with a lease, so
// several instances on one database never POST the same delivery at the same time; a delivery
// whose worker died is claimed again when its lease runs out (at-least-once).
//
// Thread-safety: implementations must be safe to call from many threads and processes at once.
// Calls block (disk, network): never call them on network threads.
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

// One POST of one outbox message to one endpoint, as claimed.
struct WebhookDelivery {
  std::int64_t id = 0;         // the delivery id (X-Civic311-Delivery); same on every retry
  std::int64_t outbox_id = 0;  // the message it delivers
  std::string endpoint;        // WebhookEndpoint::name
  std::string event;           // kWebhookEvents name
  std::string payload;         // the outbox message's JSON
  Timestamp created_at{};      // when the change happened (the outbox row)
  int attempt = 0;             // 1 on the first claim; counts every claim
};

struct WebhookOutboxStats {
  std::int64_t pending = 0;                 // not yet acknowledged (including failing)
  std::int64_t failing = 0;                 // not acknowledged, and the last attempt failed
  std::int64_t undispatched = 0;            // webhook outbox messages not yet fanned out
  std::int64_t oldest_pending_seconds = 0;  // age of the oldest unacknowledged delivery
};

class WebhookOutbox {
 public:
  virtual ~WebhookOutbox() = default;

  // For up to `limit` "webhook" outbox messages not yet fanned out (oldest first): creates one
  // delivery per (endpoint, event) that route(payload) returns, due at `now`, and marks the
  // message fanned out, all in one transaction. route runs inside that transaction: it must be
  // quick and must not call the store. Returns the number of messages fanned out.
  using Route = std::function<std::vector<std::pair<std::string, std::string>>(
      std::string_view payload)>;  // → (endpoint name, event) pairs
  virtual Result<int> FanOut(const Route& route, Timestamp now, int limit) = 0;

  // Claims up to `limit` unacknowledged deliveries due at `now` (oldest due first) in one
  // statement: each gets attempt + 1 and is not due again before now + lease, so no other claimer
  // takes it meanwhile. Only deliveries to `endpoints` are claimed (deliveries to an endpoint no
  // longer configured wait, counted as pending, until it comes back).
  virtual Result<std::vector<WebhookDelivery>> Claim(Timestamp now, std::chrono::seconds lease,
                                                     const std::vector<std::string>& endpoints,
                                                     int limit) = 0;

  // The endpoint answered 2xx. Idempotent; the delivery is never claimed again.
  virtual Status MarkDelivered(std::int64_t id, Timestamp at) = 0;
  // The attempt `attempt` failed: records the error and when to retry. Ignored (ok) if the
  // delivery was acknowledged meanwhile or claimed again by someone else (attempt moved on).
  virtual Status MarkFailed(std::int64_t id, int attempt, std::string_view error,
                            Timestamp retry_at) = 0;
  // Gives a claimed delivery back without an attempt (attempt - 1), due at `due`: for deliveries
  // not tried because their endpoint had just failed in the same round.
  virtual Status Release(std::int64_t id, int attempt, Timestamp due) = 0;

  virtual Result<WebhookOutboxStats> Stats(Timestamp now) = 0;

  // Retention: deletes up to `limit` webhook messages written before `before` that are fanned out
  // and whose every delivery is acknowledged (or that had no endpoint to go to), with their
  // deliveries, oldest first, in one transaction. Unacknowledged deliveries are never deleted.
  // Returns how many messages went.
  virtual Result<int> Purge(Timestamp before, int limit) = 0;
};

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
