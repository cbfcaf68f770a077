// Outbound webhooks for `civic311 serve`: reads each [[webhooks]] endpoint's signing secret
// (from its environment variable or file) and starts the delivery worker (app/webhook_worker.hpp)
// on the store's outbox. No endpoints configured: nothing runs, and webhook messages wait in
// the outbox until an endpoint is configured.
#pragma once

#include <memory>

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/storage/sqlite/webhook_outbox_store.hpp"
#include "adapters/webhook/http_transport.hpp"
#include "app/webhook_worker.hpp"
#include "base/metrics.hpp"
#include "domain/city.hpp"

namespace civic311 {

struct RunningWebhooks {
  // Declaration order = reverse destruction order: the worker stops first.
  std::unique_ptr<SqliteWebhookOutbox> outbox;
  std::unique_ptr<HttpWebhookTransport> transport;
  std::unique_ptr<WebhookWorker> worker;
};

// kInvalidArgument (one line per endpoint) when a secret is missing, empty or shorter than 16
// bytes. Borrows store, clock and metrics, which must outlive the result.
Result<std::unique_ptr<RunningWebhooks>> StartWebhooks(const City& city, SqliteStore& store,
                                                       const Clock& clock,
                                                       MetricsRegistry& metrics);

}  // namespace civic311
