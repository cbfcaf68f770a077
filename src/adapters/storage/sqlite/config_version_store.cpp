#include "adapters/storage/sqlite/config_version_store.hpp"

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {
namespace {

using sqlite::Db;
using sqlite::Statement;

ConfigVersion RowOf(const Statement& st, bool with_toml) {
  ConfigVersion v;
  v.number = st.Int64(0);
  v.created_at = Timestamp(std::chrono::seconds(st.Int64(1)));
  v.author_user_id = st.Int64(2);
  v.author = st.String(3);
  v.note = st.String(4);
  if (with_toml) v.toml = st.String(5);
  return v;
}

}  // namespace

Result<ConfigVersion> SqliteConfigVersions::SaveConfigVersion(
    std::string_view toml, bool catalogue_changed, const ConfigVersion& who,
    std::optional<std::int64_t> expected_current) {
  const std::int64_t now =
      (clock_ != nullptr ? clock_->Now() : SystemClock().Now()).time_since_epoch().count();
  ConfigVersion saved = who;
  saved.created_at = Timestamp(std::chrono::seconds(now));
  bool stale = false;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto newest = db.QueryInt("SELECT coalesce(max(version), 0) FROM config_versions");
    if (!newest.ok()) return std::move(newest).error();
    // Checked inside the write transaction: no other save can slip in between.
    if (expected_current && *expected_current != *newest) {
      stale = true;
      return Error::Conflict("the configuration changed meanwhile");
    }
    saved.number = *newest + 1;
    auto current = db.Prepare(
        "INSERT INTO city_config (id, toml, updated_at) VALUES (1, ?1, ?2) "
        "ON CONFLICT (id) DO UPDATE SET toml = excluded.toml, updated_at = CASE WHEN ?3 THEN "
        "excluded.updated_at ELSE city_config.updated_at END");
    if (!current.ok()) return std::move(current).error();
    C311_TRY(current->Bind(1, toml).Bind(2, now).Bind(3, catalogue_changed).Run());
    auto version = db.Prepare(
        "INSERT INTO config_versions (version, toml, created_at, author_user_id, author, note) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!version.ok()) return std::move(version).error();
    return version->Bind(1, saved.number)
        .Bind(2, toml)
        .Bind(3, now)
        .Bind(4, saved.author_user_id)
        .Bind(5, saved.author)
        .Bind(6, saved.note)
        .Run();
  });
  if (!s.ok()) {
    if (stale) {
      return Error::Conflict(
          "someone else saved the configuration after you opened it: reload and apply your "
          "change again");
    }
    return std::move(s).error();
  }
  return saved;
}

Result<std::vector<ConfigVersion>> SqliteConfigVersions::ListConfigVersions(int limit) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT version, created_at, author_user_id, author, note FROM config_versions "
      "ORDER BY version DESC LIMIT ?1");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, limit);
  std::vector<ConfigVersion> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(RowOf(*st, false));
  }
  return out;
}

Result<std::optional<ConfigVersion>> SqliteConfigVersions::GetConfigVersion(std::int64_t number) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT version, created_at, author_user_id, author, note, toml FROM config_versions "
      "WHERE version = ?1");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, number);
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<ConfigVersion>();
  return std::optional<ConfigVersion>(RowOf(*st, true));
}

Result<std::int64_t> SqliteConfigVersions::CurrentConfigVersion() {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  return (*db)->QueryInt("SELECT coalesce(max(version), 0) FROM config_versions");
}

}  // namespace civic311
