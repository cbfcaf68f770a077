// The port for versions of the city configuration (docs/config.md, "Versions"): every save of
// the document is kept whole, with who saved it and when, so that an admin can compare any two
// and revert to any of them. Implemented by storage (SQLite: config_versions, migration 0016).
//
// Thread-safety: implementations are safe from many threads; calls block (disk).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"

namespace civic311 {

struct ConfigVersion {
  std::int64_t number = 0;  // 1, 2, …
  Timestamp created_at{};
  std::int64_t author_user_id = 0;  // 0: the command line
  std::string author;               // an admin's e-mail, or "civic311 config import"
  std::string note;                 // what changed, in words
  std::string toml;                 // the whole document (only from GetConfigVersion)
};

class ConfigVersionStore {
 public:
  virtual ~ConfigVersionStore() = default;
  // Makes `toml` the current configuration and appends it as the next version, in one
  // transaction. `catalogue_changed` as CityConfigStore::SaveCityConfig. With `expected_current`,
  // refuses with kConflict (storing nothing) unless the newest version is still that one: two
  // admins editing at once never overwrite each other silently.
  virtual Result<ConfigVersion> SaveConfigVersion(std::string_view toml, bool catalogue_changed,
                                                  const ConfigVersion& who,
                                                  std::optional<std::int64_t> expected_current) = 0;
  // Newest first, without the documents; at most `limit`.
  virtual Result<std::vector<ConfigVersion>> ListConfigVersions(int limit) = 0;
  // One version with its document; nullopt: no such version.
  virtual Result<std::optional<ConfigVersion>> GetConfigVersion(std::int64_t number) = 0;
  // The newest version number (0: none).
  virtual Result<std::int64_t> CurrentConfigVersion() = 0;
};

}  // namespace civic311
