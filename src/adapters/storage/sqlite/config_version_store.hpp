// SqliteConfigVersions: the ConfigVersionStore (app/config_ports.hpp) of the database a
// SqliteStore has open (schema: migrations/0016_config_versions.sql). Saving writes the current
// document (city_config, read by every command and at start-up) and the new version row in one
// write transaction on the store's writer thread.
//
// Ownership: borrows the SqliteStore, which must outlive it.
// Thread-safety: every method is safe from many threads at once; all calls block (disk).
#pragma once

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/config_ports.hpp"

namespace civic311 {

class SqliteConfigVersions final : public ConfigVersionStore {
 public:
  explicit SqliteConfigVersions(SqliteStore& store, const Clock* clock = nullptr)
      : store_(store), clock_(clock) {}

  Result<ConfigVersion> SaveConfigVersion(std::string_view toml, bool catalogue_changed,
                                          const ConfigVersion& who,
                                          std::optional<std::int64_t> expected_current) override;
  Result<std::vector<ConfigVersion>> ListConfigVersions(int limit) override;
  Result<std::optional<ConfigVersion>> GetConfigVersion(std::int64_t number) override;
  Result<std::int64_t> CurrentConfigVersion() override;

 private:
  SqliteStore& store_;
  const Clock* clock_;
};

}  // namespace civic311
