// SqliteWorkflowStore: users, sessions, password resets, login attempts and the audit log.
#include <algorithm>
#include <cctype>

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {

using sqlite::Db;
using sqlite::FromUnixSeconds;
using sqlite::SplitDepartments;
using sqlite::ToUnix;

namespace sqlite {

std::vector<std::string> SplitDepartments(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    auto comma = s.find(',');
    std::string_view part = s.substr(0, comma);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace sqlite

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string JoinDepartments(const std::vector<std::string>& d) {
  std::string out;
  for (const auto& code : d) {
    if (!out.empty()) out += ',';
    out += code;
  }
  return out;
}

constexpr char kSelectUser[] =
    "SELECT id, email, display_name, role, departments, password_hash, disabled, hide_name, "
    "totp_secret, totp_last_step, created_at FROM users ";

Result<User> ReadUser(const sqlite::Statement& st) {
  User u;
  u.id = st.Int64(0);
  u.email = st.String(1);
  u.display_name = st.String(2);
  auto role = ParseRole(st.Text(3));
  if (!role) return Error::Internal("users row " + std::to_string(u.id) + ": bad role");
  u.role = *role;
  u.departments = SplitDepartments(st.Text(4));
  u.password_hash = st.String(5);
  u.disabled = st.Int64(6) != 0;
  u.hide_name = st.Int64(7) != 0;
  u.totp_secret = st.String(8);
  u.totp_last_step = sqlite::OptInt(st, 9);
  u.created_at = FromUnixSeconds(st.Int64(10));
  return u;
}

// Runs a single-row user query on a reader.
template <typename BindFn>
Result<std::optional<User>> QueryUser(sqlite::ReaderPool& readers, const std::string& sql,
                                      BindFn bind) {
  auto db = readers.Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(sql);
  if (!st.ok()) return std::move(st).error();
  bind(*st);
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<User>();
  auto u = ReadUser(*st);
  if (!u.ok()) return std::move(u).error();
  return std::optional<User>(std::move(*u));
}

// A one-statement write; kNotFound when it changed no row and `must_change`.
template <typename BindFn>
Status WriteOne(sqlite::Writer& writer, const char* sql, BindFn bind, bool must_change,
                const char* not_found) {
  return writer.Run([&](Db& db) -> Status {
    auto st = db.Prepare(sql);
    if (!st.ok()) return std::move(st).error();
    bind(*st);
    C311_TRY(st->Run());
    if (must_change && db.Changes() == 0) return Error::NotFound(not_found);
    return OkStatus();
  });
}

}  // namespace

Result<User> SqliteWorkflowStore::CreateUser(User u) {
  u.email = Lower(u.email);
  if (u.created_at == Timestamp{}) u.created_at = clock_.Now();
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO users (email, display_name, role, departments, password_hash, disabled, "
        "hide_name, totp_secret, totp_last_step, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!st.ok()) return std::move(st).error();
    Status run = st->Bind(1, u.email)
                     .Bind(2, u.display_name)
                     .Bind(3, RoleName(u.role))
                     .Bind(4, JoinDepartments(u.departments))
                     .Bind(5, u.password_hash)
                     .Bind(6, u.disabled)
                     .Bind(7, u.hide_name)
                     .Bind(8, u.totp_secret)
                     .Bind(9, u.totp_last_step)
                     .Bind(10, ToUnix(u.created_at))
                     .Run();
    if (!run.ok()) {
      Error e = std::move(run).error();
      if (e.code == ErrorCode::kConflict) e.message = "a user with this e-mail already exists";
      return e;
    }
    u.id = db.LastInsertRowId();
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return u;
}

Result<std::optional<User>> SqliteWorkflowStore::GetUser(UserId id) {
  return QueryUser(store_.readers(), std::string(kSelectUser) + "WHERE id = ?1",
                   [&](sqlite::Statement& st) { st.Bind(1, id); });
}

Result<std::optional<User>> SqliteWorkflowStore::FindUserByEmail(std::string_view email) {
  std::string lower = Lower(email);
  return QueryUser(store_.readers(), std::string(kSelectUser) + "WHERE email = ?1",
                   [&](sqlite::Statement& st) { st.Bind(1, lower); });
}

Result<std::vector<User>> SqliteWorkflowStore::ListUsers() {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(std::string(kSelectUser) + "ORDER BY email");
  if (!st.ok()) return std::move(st).error();
  std::vector<User> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    auto u = ReadUser(*st);
    if (!u.ok()) return std::move(u).error();
    out.push_back(std::move(*u));
  }
  return out;
}

Status SqliteWorkflowStore::SetUserDisabled(std::string_view email, bool disabled) {
  std::string lower = Lower(email);
  return WriteOne(
      store_.writer(), "UPDATE users SET disabled = ?2 WHERE email = ?1",
      [&](sqlite::Statement& st) { st.Bind(1, lower).Bind(2, disabled); }, true, "no such user");
}

Status SqliteWorkflowStore::SetUserAccess(UserId id, Role role,
                                          const std::vector<std::string>& departments) {
  const std::string joined = JoinDepartments(departments);
  return WriteOne(
      store_.writer(), "UPDATE users SET role = ?2, departments = ?3 WHERE id = ?1",
      [&](sqlite::Statement& st) { st.Bind(1, id).Bind(2, RoleName(role)).Bind(3, joined); }, true,
      "no such user");
}

Status SqliteWorkflowStore::SetPasswordHash(UserId id, std::string_view hash) {
  return WriteOne(
      store_.writer(), "UPDATE users SET password_hash = ?2 WHERE id = ?1",
      [&](sqlite::Statement& st) { st.Bind(1, id).Bind(2, hash); }, true, "no such user");
}

Status SqliteWorkflowStore::SetProfile(UserId id, std::string_view display_name, bool hide_name) {
  return WriteOne(
      store_.writer(), "UPDATE users SET display_name = ?2, hide_name = ?3 WHERE id = ?1",
      [&](sqlite::Statement& st) { st.Bind(1, id).Bind(2, display_name).Bind(3, hide_name); }, true,
      "no such user");
}

Status SqliteWorkflowStore::SetTotpSecret(UserId id, std::string_view base32_secret) {
  return WriteOne(
      store_.writer(), "UPDATE users SET totp_secret = ?2, totp_last_step = NULL WHERE id = ?1",
      [&](sqlite::Statement& st) { st.Bind(1, id).Bind(2, base32_secret); }, true, "no such user");
}

Status SqliteWorkflowStore::RecordTotpStep(UserId id, std::int64_t step) {
  Status s = WriteOne(
      store_.writer(),
      "UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND "
      "(totp_last_step IS NULL OR totp_last_step < ?2)",
      [&](sqlite::Statement& st) { st.Bind(1, id).Bind(2, step); }, true, "");
  if (!s.ok() && s.error().code == ErrorCode::kNotFound) {
    return Error::Conflict("this code was already used");
  }
  return s;
}

Status SqliteWorkflowStore::CreateSession(const Session& s) {
  return WriteOne(
      store_.writer(),
      "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
      [&](sqlite::Statement& st) {
        st.Bind(1, s.token_hash)
            .Bind(2, s.user_id)
            .Bind(3, ToUnix(s.created_at))
            .Bind(4, ToUnix(s.expires_at));
      },
      false, "");
}

Result<std::optional<Session>> SqliteWorkflowStore::FindSession(std::string_view token_hash,
                                                                Timestamp now) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT token_hash, user_id, created_at, expires_at FROM sessions "
      "WHERE token_hash = ?1 AND expires_at > ?2");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, token_hash).Bind(2, ToUnix(now)).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Session>();
  return std::optional<Session>(Session{st->String(0), st->Int64(1), FromUnixSeconds(st->Int64(2)),
                                        FromUnixSeconds(st->Int64(3))});
}

Status SqliteWorkflowStore::DeleteSession(std::string_view token_hash) {
  return WriteOne(
      store_.writer(), "DELETE FROM sessions WHERE token_hash = ?1",
      [&](sqlite::Statement& st) { st.Bind(1, token_hash); }, false, "");
}

Status SqliteWorkflowStore::DeleteSessionsOfUser(UserId id) {
  return WriteOne(
      store_.writer(), "DELETE FROM sessions WHERE user_id = ?1",
      [&](sqlite::Statement& st) { st.Bind(1, id); }, false, "");
}

Status SqliteWorkflowStore::CreatePasswordReset(std::string_view token_hash, UserId id,
                                                Timestamp expires_at, const OutboxMessage* mail) {
  const std::int64_t now = NowUnix();
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?1, ?2, ?3)");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, token_hash).Bind(2, id).Bind(3, ToUnix(expires_at)).Run());
    if (mail == nullptr) return OkStatus();
    return sqlite::InsertOutbox(db, *mail, now);
  });
}

Result<std::optional<UserId>> SqliteWorkflowStore::FindPasswordReset(std::string_view token_hash,
                                                                     Timestamp now) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT user_id FROM password_resets WHERE token_hash = ?1 AND used_at IS NULL "
      "AND expires_at > ?2");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, token_hash).Bind(2, ToUnix(now)).Step();
  if (!row.ok()) return std::move(row).error();
  return *row ? std::optional<UserId>(st->Int64(0)) : std::optional<UserId>();
}

Result<std::optional<UserId>> SqliteWorkflowStore::ConsumePasswordReset(std::string_view token_hash,
                                                                        Timestamp now) {
  std::optional<UserId> user;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE password_resets SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL "
        "AND expires_at > ?2 RETURNING user_id");
    if (!st.ok()) return std::move(st).error();
    auto row = st->Bind(1, token_hash).Bind(2, ToUnix(now)).Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return OkStatus();
    user = st->Int64(0);
    if (auto done = st->Step(); !done.ok()) return std::move(done).error();  // finish the UPDATE
    // A completed reset voids every other link sent to the account.
    auto others = db.Prepare(
        "UPDATE password_resets SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL");
    if (!others.ok()) return std::move(others).error();
    return others->Bind(1, *user).Bind(2, ToUnix(now)).Run();
  });
  if (!s.ok()) return std::move(s).error();
  return user;
}

Status SqliteWorkflowStore::RecordLoginAttempt(std::string_view email, Timestamp at, bool success) {
  std::string lower = Lower(email);
  return WriteOne(
      store_.writer(), "INSERT INTO login_attempts (email, at, success) VALUES (?1, ?2, ?3)",
      [&](sqlite::Statement& st) { st.Bind(1, lower).Bind(2, ToUnix(at)).Bind(3, success); }, false,
      "");
}

Result<int> SqliteWorkflowStore::CountFailedLogins(std::string_view email, Timestamp since) {
  std::string lower = Lower(email);
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT count(*) FROM login_attempts WHERE email = ?1 AND success = 0 AND at >= max(?2, "
      "coalesce((SELECT max(at) + 1 FROM login_attempts WHERE email = ?1 AND success = 1), 0))");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, lower).Bind(2, ToUnix(since)).Step();
  if (!row.ok()) return std::move(row).error();
  return *row ? static_cast<int>(st->Int64(0)) : 0;
}

Status SqliteWorkflowStore::AppendAudit(const AuditEntry& e) {
  return store_.writer().Run([&](Db& db) { return sqlite::InsertAudit(db, e); });
}

Result<std::vector<AuditEntry>> SqliteWorkflowStore::ListAudit(std::string_view department_code,
                                                               int limit) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT id, at, actor_user_id, action, department_code, request_id, detail FROM audit_log "
      "WHERE (?1 = '' OR department_code = ?1) ORDER BY id DESC LIMIT ?2");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, department_code).Bind(2, limit);
  std::vector<AuditEntry> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(AuditEntry{st->Int64(0), FromUnixSeconds(st->Int64(1)), st->Int64(2),
                             st->String(3), st->String(4), sqlite::OptInt(*st, 5), st->String(6)});
  }
  return out;
}

}  // namespace civic311
