// WebhookChannel: the "webhook" channel of the one delivery worker (docs/webhooks.md). A
// webhook outbox row is one (event, endpoint) delivery — recipient = the [[webhooks]] name —
// POSTed signed through the WebhookTransport (Beast, TLS-verifying): HMAC-SHA256 of
// "<timestamp>.<body>" under the endpoint's secret. 2xx acknowledges; anything else, a timeout
// or a connection error is retried with backoff (10 s doubling to 1 h) for ever: a webhook is
// never parked, only acknowledged. An endpoint that fails is not tried again in the same round
// (fails_together). The body is the row's payload with "delivery_id" and "webhook" in front,
// the same bytes on every attempt.
//
// The delivery id (X-Civic311-Delivery): the row's id, or, for a delivery moved from the old
// webhook_deliveries table by migration 0014, its old id (kept as the row's all-digit key).
//
// The endpoints follow the city configuration without a restart: SetTargets replaces them (an
// admin's new version, main/notify.cpp); a Send already under way finishes with the endpoint it
// started with, and rows to an endpoint that is gone wait, counted as pending.
//
// Ownership: borrows the transport and the clock. Thread-safety: Send, recipients and
// SetTargets from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "app/notify_ports.hpp"
#include "app/outbox_ports.hpp"
#include "domain/webhook.hpp"

namespace civic311 {

// An endpoint with its secret, read when the configuration is published (main/webhooks.cpp).
struct WebhookTarget {
  WebhookEndpoint endpoint;
  std::string secret;
};

class WebhookChannel final : public NotifyChannel {
 public:
  WebhookChannel(std::vector<WebhookTarget> targets, WebhookTransport& transport,
                 const Clock& clock);

  std::string_view kind() const override { return "webhook"; }
  std::vector<std::string> recipients() const override;
  bool recipients_exhaustive() const override { return true; }
  bool fails_together() const override { return true; }
  std::chrono::seconds budget() const override { return kForever; }
  std::chrono::seconds first_retry() const override { return std::chrono::seconds(10); }
  std::chrono::seconds max_retry() const override { return std::chrono::seconds(3600); }
  SendResult Send(const OutboxItem& m) override;

  // The endpoints from now on (the deliveries in flight keep theirs).
  void SetTargets(std::vector<WebhookTarget> targets);

  // X-Civic311-Delivery of a row (see above).
  static std::string DeliveryId(const OutboxItem& m);
  // The POST body: {"delivery_id":…,"webhook":…, then the row's payload members}.
  static std::string Body(const OutboxItem& m);

 private:
  using Targets = std::vector<WebhookTarget>;
  std::atomic<std::shared_ptr<const Targets>> targets_;
  WebhookTransport& transport_;
  const Clock& clock_;
};

}  // namespace civic311
