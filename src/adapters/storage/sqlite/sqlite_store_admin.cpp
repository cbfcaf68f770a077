// SqliteStore: the ApiKeyStore and CityConfigStore ports.
#include <charconv>
#include <chrono>

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/storage/sqlite/sqlite_store_internal.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {

using sqlite::Db;

namespace {

constexpr char kKeyColumns[] = "SELECT id, name, prefix, created_at, revoked_at FROM api_keys ";

Timestamp FromUnix(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

ApiKeyInfo ReadKey(const sqlite::Statement& row) {
  ApiKeyInfo k;
  k.id = row.Int64(0);
  k.name = row.String(1);
  k.prefix = row.String(2);
  k.created_at = FromUnix(row.Int64(3));
  if (!row.IsNull(4)) k.revoked_at = FromUnix(row.Int64(4));
  return k;
}

// Whether `sql` (with ?1 bound to `value`) returns a row.
Result<bool> Exists(Db& db, const char* sql, std::string_view value) {
  auto st = db.Prepare(sql);
  if (!st.ok()) return std::move(st).error();
  return st->Bind(1, value).Step();
}

}  // namespace

Result<ApiKeyInfo> SqliteStore::CreateApiKey(std::string_view name, std::string_view prefix,
                                             std::string_view key_hash) {
  sqlite::ScopedTimer timer(metrics_->api_keys);
  if (name.empty()) return Error::InvalidArgument("an API key needs a name");
  if (key_hash.empty()) return Error::InvalidArgument("an API key needs a hash");
  ApiKeyInfo key;
  key.name = name;
  key.prefix = prefix;
  key.created_at = FromUnix(NowUnix());
  Status s = writer_->Run([&](Db& db) -> Status {
    // Checked here rather than read from a UNIQUE error: inside the writer's transaction nobody
    // else can insert between the check and the insert.
    auto taken =
        Exists(db, "SELECT 1 FROM api_keys WHERE name = ?1 AND revoked_at IS NULL", key.name);
    if (!taken.ok()) return std::move(taken).error();
    if (*taken) return Error::Conflict("an active API key with this name already exists");
    auto dup = Exists(db, "SELECT 1 FROM api_keys WHERE key_hash = ?1", key_hash);
    if (!dup.ok()) return std::move(dup).error();
    if (*dup) return Error::Conflict("this API key already exists");
    auto ins = db.Prepare(
        "INSERT INTO api_keys (name, prefix, key_hash, created_at) VALUES (?1, ?2, ?3, ?4)");
    if (!ins.ok()) return std::move(ins).error();
    C311_TRY(ins->Bind(1, key.name)
                 .Bind(2, key.prefix)
                 .Bind(3, key_hash)
                 .Bind(4, key.created_at.time_since_epoch().count())
                 .Run());
    key.id = db.LastInsertRowId();
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return key;
}

Result<std::optional<ApiKeyInfo>> SqliteStore::FindActiveApiKey(std::string_view key_hash) {
  sqlite::ScopedTimer timer(metrics_->api_keys);
  auto db = readers_->Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(std::string(kKeyColumns) + "WHERE key_hash = ?1 AND revoked_at IS NULL");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, key_hash).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<ApiKeyInfo>();
  return std::optional<ApiKeyInfo>(ReadKey(*st));
}

Result<std::vector<ApiKeyInfo>> SqliteStore::ListApiKeys() {
  sqlite::ScopedTimer timer(metrics_->api_keys);
  auto db = readers_->Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(std::string(kKeyColumns) + "ORDER BY id");
  if (!st.ok()) return std::move(st).error();
  std::vector<ApiKeyInfo> keys;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    keys.push_back(ReadKey(*st));
  }
  return keys;
}

Status SqliteStore::RevokeApiKey(std::string_view name_or_id) {
  sqlite::ScopedTimer timer(metrics_->api_keys);
  std::optional<std::int64_t> id;
  std::int64_t parsed = 0;
  auto [end, ec] =
      std::from_chars(name_or_id.data(), name_or_id.data() + name_or_id.size(), parsed);
  if (!name_or_id.empty() && ec == std::errc() && end == name_or_id.data() + name_or_id.size()) {
    id = parsed;
  }
  const std::int64_t now = NowUnix();
  bool revoked = false;
  Status s = writer_->Run([&](Db& db) -> Status {
    auto by_name =
        db.Prepare("UPDATE api_keys SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL");
    if (!by_name.ok()) return std::move(by_name).error();
    C311_TRY(by_name->Bind(1, name_or_id).Bind(2, now).Run());
    revoked = db.Changes() > 0;
    if (!revoked && id) {
      auto by_id =
          db.Prepare("UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
      if (!by_id.ok()) return std::move(by_id).error();
      C311_TRY(by_id->Bind(1, *id).Bind(2, now).Run());
      revoked = db.Changes() > 0;
    }
    return OkStatus();
  });
  if (!s.ok()) return s;
  if (!revoked) return Error::NotFound("no active API key with that name or id");
  return OkStatus();
}

Status SqliteStore::SaveCityConfig(std::string_view toml_text, bool catalogue_changed) {
  sqlite::ScopedTimer timer(metrics_->city_config);
  const std::int64_t now = NowUnix();
  return writer_->Run([&](Db& db) -> Status {
    // updated_at is the catalogue version (CityConfigStore): it moves only when asked to.
    auto st = db.Prepare(
        "INSERT INTO city_config (id, toml, updated_at) VALUES (1, ?1, ?2) "
        "ON CONFLICT (id) DO UPDATE SET toml = excluded.toml, updated_at = CASE WHEN ?3 THEN "
        "excluded.updated_at ELSE city_config.updated_at END");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, toml_text).Bind(2, now).Bind(3, catalogue_changed ? 1 : 0).Run());
    // Every stored document is also a version (migration 0016, config_version_store.hpp).
    auto version = db.Prepare(
        "INSERT INTO config_versions (version, toml, created_at, author) "
        "SELECT coalesce(max(version), 0) + 1, ?1, ?2, 'civic311 init' FROM config_versions");
    if (!version.ok()) return std::move(version).error();
    return version->Bind(1, toml_text).Bind(2, now).Run();
  });
}

Result<std::optional<Timestamp>> SqliteStore::CatalogueVersion() {
  sqlite::ScopedTimer timer(metrics_->city_config);
  auto db = readers_->Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare("SELECT updated_at FROM city_config WHERE id = 1");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Timestamp>();
  return std::optional<Timestamp>(FromUnix(st->Int64(0)));
}

Result<std::optional<std::string>> SqliteStore::LoadCityConfig() {
  sqlite::ScopedTimer timer(metrics_->city_config);
  auto db = readers_->Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare("SELECT toml FROM city_config WHERE id = 1");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->String(0));
}

}  // namespace civic311
