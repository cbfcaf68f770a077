// Narrow ports the use cases need from the outside world. Storage adapters (SQLite now,
// PostgreSQL later) implement them; nothing above this line knows SQL.
//
// Thread-safety: every implementation must be safe to call from many threads at once. Calls may
// block (disk, network): callers run them on worker threads, never on network threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/request.hpp"

namespace civic311 {

class RequestStore {
 public:
  virtual ~RequestStore() = default;

  // Assigns id (and keeps r.token), writes the request and returns only once it is durable
  // (committed and synced). Many concurrent calls may share one commit.
  virtual Result<ServiceRequest> Create(ServiceRequest r) = 0;

  // nullopt: no such request.
  virtual Result<std::optional<ServiceRequest>> Get(RequestId id) = 0;

  // The id a token was issued for; nullopt: unknown token.
  virtual Result<std::optional<RequestId>> FindIdByToken(std::string_view token) = 0;

  // Requests matching q, newest first (requested_at desc, id desc), q.offset/q.limit applied.
  virtual Result<std::vector<ServiceRequest>> List(const RequestQuery& q) = 0;

  // Cheap liveness check of the database (for /healthz).
  virtual Status Ping() = 0;
};

struct ApiKeyInfo {
  std::int64_t id = 0;
  std::string name;
  std::string prefix;  // the first characters of the key, to tell keys apart in listings
  Timestamp created_at{};
  std::optional<Timestamp> revoked_at;
};

class ApiKeyStore {
 public:
  virtual ~ApiKeyStore() = default;
  // Stores the key's hash (never the key). Names are unique among keys that are not revoked.
  virtual Result<ApiKeyInfo> CreateApiKey(std::string_view name, std::string_view prefix,
                                          std::string_view key_hash) = 0;
  // The active (not revoked) key with this hash; nullopt: none.
  virtual Result<std::optional<ApiKeyInfo>> FindActiveApiKey(std::string_view key_hash) = 0;
  virtual Result<std::vector<ApiKeyInfo>> ListApiKeys() = 0;
  // Revokes by name or by id (decimal); kNotFound if no active key matches.
  virtual Status RevokeApiKey(std::string_view name_or_id) = 0;
};

// The city configuration as the operator wrote it (TOML text), kept in the database so that
// `serve --db FILE` needs nothing else, with its catalogue version: when what Open311 clients
// cache of it (services, definitions, discovery) last changed — the discovery "changeset".
class CityConfigStore {
 public:
  virtual ~CityConfigStore() = default;
  // Stores `toml_text`. The catalogue version moves to now on the first save and when
  // `catalogue_changed`; otherwise it keeps its value (a calendar edit, a re-init with the same
  // catalogue: clients keep their cached service lists).
  virtual Status SaveCityConfig(std::string_view toml_text, bool catalogue_changed) = 0;
  virtual Result<std::optional<std::string>> LoadCityConfig() = 0;
  // The catalogue version; nullopt when no configuration is stored.
  virtual Result<std::optional<Timestamp>> CatalogueVersion() = 0;
};

}  // namespace civic311
