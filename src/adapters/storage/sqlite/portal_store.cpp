#include "adapters/storage/sqlite/portal_store.hpp"

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {

using sqlite::Db;
using sqlite::ToUnix;

Status SqlitePortalStore::CreateRegistration(std::string_view token_hash, const PendingAccount& a,
                                             const OutboxMessage& mail) {
  const std::int64_t now = ToUnix(a.created_at);
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO account_registrations (token_hash, email, display_name, password_hash, lang, "
        "created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, token_hash)
                 .Bind(2, a.email)
                 .Bind(3, a.display_name)
                 .Bind(4, a.password_hash)
                 .Bind(5, a.lang)
                 .Bind(6, now)
                 .Bind(7, ToUnix(a.expires_at))
                 .Run());
    return sqlite::InsertOutbox(db, mail, now);
  });
}

Result<std::optional<User>> SqlitePortalStore::ConfirmRegistration(std::string_view token_hash,
                                                                   Timestamp now) {
  std::optional<User> created;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto find = db.Prepare(
        "SELECT email, display_name, password_hash FROM account_registrations "
        "WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2");
    if (!find.ok()) return std::move(find).error();
    auto row = find->Bind(1, token_hash).Bind(2, ToUnix(now)).Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return OkStatus();
    User u;
    u.email = find->String(0);
    u.display_name = find->String(1);
    u.password_hash = find->String(2);
    u.role = Role::kResident;
    u.created_at = now;
    auto insert = db.Prepare(
        "INSERT INTO users (email, display_name, role, departments, password_hash, created_at) "
        "VALUES (?1, ?2, ?3, '', ?4, ?5)");
    if (!insert.ok()) return std::move(insert).error();
    Status ran = insert->Bind(1, u.email)
                     .Bind(2, u.display_name)
                     .Bind(3, RoleName(u.role))
                     .Bind(4, u.password_hash)
                     .Bind(5, ToUnix(now))
                     .Run();
    if (!ran.ok()) {
      Error e = std::move(ran).error();
      if (e.code == ErrorCode::kConflict) e.message = "this e-mail address already has an account";
      return e;
    }
    u.id = db.LastInsertRowId();
    // Used up, with every other pending link of the address; the hash now lives in users only.
    auto used = db.Prepare(
        "UPDATE account_registrations SET used_at = ?2, password_hash = '' "
        "WHERE email = ?1 AND used_at IS NULL");
    if (!used.ok()) return std::move(used).error();
    C311_TRY(used->Bind(1, u.email).Bind(2, ToUnix(now)).Run());
    u.password_hash.clear();
    created = std::move(u);
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return created;
}

Result<int> SqlitePortalStore::CountRegistrations(std::string_view email, Timestamp since) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT count(*) FROM account_registrations WHERE email = ?1 AND created_at >= ?2");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, email).Bind(2, ToUnix(since)).Step();
  if (!row.ok()) return std::move(row).error();
  return static_cast<int>(st->Int64(0));
}

Result<int> SqlitePortalStore::PurgeRegistrations(Timestamp created_before, int limit) {
  int deleted = 0;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    // Oldest first, a batch at a time, so one purge never holds the writer for long.
    auto st = db.Prepare(
        "DELETE FROM account_registrations WHERE rowid IN (SELECT rowid FROM "
        "account_registrations WHERE created_at < ?1 ORDER BY created_at LIMIT ?2)");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, ToUnix(created_before)).Bind(2, limit).Run());
    deleted = static_cast<int>(db.Changes());
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return deleted;
}

Result<bool> SqlitePortalStore::AddSupporter(RequestId id, const Supporter& who, Timestamp at,
                                             const TimelineEvent& event) {
  bool added = false;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto exists = db.Prepare("SELECT 1 FROM service_requests WHERE id = ?1");
    if (!exists.ok()) return std::move(exists).error();
    auto found = exists->Bind(1, id).Step();
    if (!found.ok()) return std::move(found).error();
    if (!*found) return Error::NotFound("no such request");
    auto st = db.Prepare(
        "INSERT INTO request_supporters (request_id, supporter, user_id, created_at) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, id).Bind(2, who.key).Bind(3, who.user_id).Bind(4, ToUnix(at)).Run());
    added = db.Changes() > 0;
    if (!added) return OkStatus();
    TimelineEvent e = event;
    e.request_id = id;
    return sqlite::InsertEvent(db, e);
  });
  if (!s.ok()) return std::move(s).error();
  return added;
}

Result<std::int64_t> SqlitePortalStore::CountSupporters(RequestId id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare("SELECT count(*) FROM request_supporters WHERE request_id = ?1");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  return st->Int64(0);
}

Result<bool> SqlitePortalStore::IsSupporter(RequestId id, std::string_view key) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st =
      (*db)->Prepare("SELECT 1 FROM request_supporters WHERE request_id = ?1 AND supporter = ?2");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, id).Bind(2, key).Step();
  if (!row.ok()) return std::move(row).error();
  return *row;
}

}  // namespace civic311
