// SqlitePortalStore: the RegistrationStore and SupportStore (app/portal_ports.hpp) of the
// database a SqliteStore has open (migrations/0011_portal_accounts.sql). Writes go through the
// store's one writer thread (its group commit), reads through its reader pool.
// Ownership: borrows the SqliteStore, which must outlive it.
// Thread-safety: every method is safe from many threads at once; all calls block (disk).
#pragma once

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/portal_ports.hpp"

namespace civic311 {

class SqlitePortalStore final : public RegistrationStore, public SupportStore {
 public:
  explicit SqlitePortalStore(SqliteStore& store) : store_(store) {}

  Status CreateRegistration(std::string_view token_hash, const PendingAccount& account,
                            const OutboxMessage& mail) override;
  Result<std::optional<User>> ConfirmRegistration(std::string_view token_hash,
                                                  Timestamp now) override;
  Result<int> CountRegistrations(std::string_view email, Timestamp since) override;
  Result<int> PurgeRegistrations(Timestamp created_before, int limit) override;

  Result<bool> AddSupporter(RequestId id, const Supporter& who, Timestamp at,
                            const TimelineEvent& event) override;
  Result<std::int64_t> CountSupporters(RequestId id) override;
  Result<bool> IsSupporter(RequestId id, std::string_view key) override;

 private:
  SqliteStore& store_;
};

}  // namespace civic311
