// SqliteAlertStore: the AlertStore (app/alert_ports.hpp) of the database a SqliteStore has open
// (schema: migrations/0012_follows_alerts.sql). Writes go through the store's one writer thread,
// one transaction per call; reads use the reader pool. Candidate alerts for a point come from
// the R*Tree `area_alert_boxes` (confirmed alerts only), so matching costs one index lookup
// however many alerts there are.
//
// Ownership: borrows the SqliteStore. Thread-safety: safe from many threads; calls block (disk).
#pragma once

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/alert_ports.hpp"

namespace civic311 {

class SqliteAlertStore final : public AlertStore {
 public:
  explicit SqliteAlertStore(SqliteStore& store) : store_(store) {}

  Result<EmailFollow> AddEmailFollow(RequestId id, std::string_view address, std::string_view lang,
                                     bool confirmed, Timestamp now,
                                     const OutboxMessage* confirm) override;
  Result<bool> ConfirmEmailFollow(RequestId id, std::string_view address, Timestamp now,
                                  Timestamp asked_after) override;
  Status RemoveEmailFollow(RequestId id, std::string_view address) override;
  Result<std::vector<RequestId>> FollowedBy(std::string_view address,
                                            std::optional<UserId> user) override;
  Result<std::vector<FollowerAddress>> FollowerAddresses(RequestId id) override;
  Result<int> CountFollowers(RequestId id) override;

  Result<AreaAlert> CreateAlert(
      AreaAlert a,
      const std::function<std::optional<OutboxMessage>(const AreaAlert&)>& make_confirm) override;
  Result<std::optional<AreaAlert>> GetAlert(std::int64_t id) override;
  Result<std::optional<AreaAlert>> FindAlertByFeedToken(std::string_view token) override;
  Result<std::vector<AreaAlert>> ListAlerts(std::string_view address,
                                            std::optional<UserId> user) override;
  Result<bool> ConfirmAlert(std::int64_t id, std::string_view address, Timestamp now,
                            Timestamp next_digest_at, Timestamp asked_after) override;
  Result<int> PurgeUnconfirmed(Timestamp asked_before, int limit) override;
  Status DeleteAlert(std::int64_t id) override;
  Result<std::vector<AreaAlert>> AlertsCovering(double lat, double lon) override;
  Result<int> RefreshAreaBoxes(
      const std::function<std::optional<RequestQuery::BBox>(std::string_view area)>& box_of)
      override;

  Result<ResidentPrefs> GetPrefs(UserId user) override;
  Status SetPrefs(UserId user, const ResidentPrefs& p) override;

  Result<FanoutBatch> ReadFanout(int limit) override;
  Result<bool> CommitFanout(
      std::int64_t from, std::int64_t to, const std::vector<OutboxMessage>& messages,
      const std::vector<std::pair<std::int64_t, RequestId>>& digest_items) override;
  Result<std::vector<std::int64_t>> DueDigests(Timestamp now, int limit) override;
  Result<int> TakeDigest(std::int64_t alert_id, Timestamp next,
                         const std::function<std::optional<OutboxMessage>(
                             const AreaAlert&, const std::vector<ServiceRequest>&)>& make) override;

 private:
  SqliteStore& store_;
};

}  // namespace civic311
