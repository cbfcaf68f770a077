// SqliteNotifyOutbox: the NotifyOutbox (app/notify_ports.hpp) of the database a SqliteStore has
// open (schema: migrations/0002, 0008 and 0014_one_outbox.sql). Writes go through the store's one
// writer thread, one transaction per call; across processes SQLite's write lock serialises them, so
// a claim (one UPDATE … RETURNING moving next_at past the lease) is never shared.
//
// Ownership: borrows the SqliteStore. Thread-safety: safe from many threads; calls block (disk).
#pragma once

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/notify_ports.hpp"

namespace civic311 {

class SqliteNotifyOutbox final : public NotifyOutbox {
 public:
  explicit SqliteNotifyOutbox(SqliteStore& store) : store_(store) {}

  Result<std::vector<OutboxItem>> Claim(int lane, Timestamp now, std::chrono::seconds lease,
                                        const std::vector<ClaimRoute>& routes, int limit) override;
  Status MarkDelivered(const std::vector<std::int64_t>& ids, Timestamp at,
                       std::string_view note = {}) override;
  Status MarkFailed(std::int64_t id, int attempt, std::string_view error,
                    Timestamp retry_at) override;
  Status Park(std::int64_t id, int attempt, std::string_view error, Timestamp at) override;
  Status Release(std::int64_t id, int attempt, Timestamp due) override;
  Result<std::vector<OutboxItem>> List(bool parked_only, int limit) override;
  Result<std::vector<OutboxItem>> ListRecent(std::string_view kind, int limit) override;
  Result<int> Retry(std::int64_t id, Timestamp now) override;
  Result<int> RetryAllParked(Timestamp now) override;
  Result<int> Purge(Timestamp delivered_before, Timestamp parked_before, int limit) override;
  Result<NotifyStats> Stats(Timestamp now, std::string_view kind = {}) override;
  Result<int> FanOutUnrouted(const EndpointsFor& endpoints, Timestamp now, int limit) override;
  Result<std::vector<OutboxItem>> UnacknowledgedDispatch(Timestamp created_before,
                                                         int limit) override;
  Status RecordDispatchAlert(std::int64_t id, const std::vector<OutboxMessage>& alerts,
                             Timestamp now) override;
  Result<bool> IsStopped(std::string_view address, std::int64_t request_id) override;
  Status Stop(std::string_view address, std::int64_t request_id, Timestamp at) override;

  // The key that signs stop and survey links (made once per database by the migration).
  Result<std::string> LinkKey();

 private:
  SqliteStore& store_;
};

}  // namespace civic311
