// SqliteWebhookOutbox: the WebhookOutbox (app/outbox_ports.hpp) of the database a SqliteStore has
// open (schema: migrations/0004_webhooks.sql).
//
// Writes go through the SqliteStore's one writer thread; each method is one writer job, so
// FanOut and Claim are each one transaction. Across processes on the same file, SQLite's write
// lock serialises those transactions, so two instances never claim the same delivery: Claim is a
// single UPDATE … RETURNING that moves next_at past the lease.
//
// Ownership: borrows the SqliteStore, which must outlive it.
// Thread-safety: every method is safe from many threads at once; all calls block (disk).
#pragma once

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/outbox_ports.hpp"

namespace civic311 {

class SqliteWebhookOutbox final : public WebhookOutbox {
 public:
  explicit SqliteWebhookOutbox(SqliteStore& store) : store_(store) {}

  Result<int> FanOut(const Route& route, Timestamp now, int limit) override;
  Result<std::vector<WebhookDelivery>> Claim(Timestamp now, std::chrono::seconds lease,
                                             const std::vector<std::string>& endpoints,
                                             int limit) override;
  Status MarkDelivered(std::int64_t id, Timestamp at) override;
  Status MarkFailed(std::int64_t id, int attempt, std::string_view error,
                    Timestamp retry_at) override;
  Status Release(std::int64_t id, int attempt, Timestamp due) override;
  Result<WebhookOutboxStats> Stats(Timestamp now) override;
  Result<int> Purge(Timestamp before, int limit) override;

 private:
  SqliteStore& store_;
};

}  // namespace civic311
