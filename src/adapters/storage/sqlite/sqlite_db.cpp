#include "adapters/storage/sqlite/sqlite_db.hpp"

#include <mutex>
#include <utility>

namespace civic311::sqlite {

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string detail(what);
  detail += ": ";
  detail += sqlite3_errstr(rc);
  if (db != nullptr && sqlite3_errcode(db) == rc) {
    detail += " (";
    detail += sqlite3_errmsg(db);
    detail += ")";
  }
  detail += " [sqlite rc=" + std::to_string(rc) + "]";
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
    case SQLITE_NOMEM:
    case SQLITE_INTERRUPT:
      return Error::Unavailable("the database is temporarily unavailable", std::move(detail));
    case SQLITE_CONSTRAINT:
      return {ErrorCode::kConflict, "conflicts with existing data", std::move(detail), {}};
    default:
      return Error::Internal(std::move(detail));
  }
}

Statement::Statement(Statement&& o) noexcept
    : db_(o.db_),
      stmt_(std::exchange(o.stmt_, nullptr)),
      in_use_(std::exchange(o.in_use_, nullptr)),
      bind_rc_(o.bind_rc_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

Statement& Statement::Bind(int i, std::int64_t v) {
  int rc = sqlite3_bind_int64(stmt_, i, v);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int i, double v) {
  int rc = sqlite3_bind_double(stmt_, i, v);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int i, std::string_view v) {
  // A non-null pointer even for "", so that empty text binds '' rather than NULL.
  int rc = sqlite3_bind_text64(stmt_, i, v.empty() ? "" : v.data(), v.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::BindNull(int i) {
  int rc = sqlite3_bind_null(stmt_, i);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::BindTextOrNull(int i, std::string_view v) {
  return v.empty() ? BindNull(i) : Bind(i, v);
}

Result<bool> Statement::Step() {
  if (bind_rc_ != SQLITE_OK) return SqliteError(db_, bind_rc_, "bind");
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, sqlite3_sql(stmt_));
}

Status Statement::Run() {
  while (true) {
    auto r = Step();
    if (!r.ok()) return std::move(r).error();
    if (!*r) return OkStatus();
  }
}

bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::int64_t Statement::Int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::Double(int col) const { return sqlite3_column_double(stmt_, col); }
std::string_view Statement::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (p == nullptr) return {};
  return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, int flags, int* rc_out) {
  // Before the first connection: no global memory statistics. With them on (Debian's default),
  // every allocation SQLite makes takes one process-wide mutex, which all readers and the writer
  // contend for (~40 lock/unlock pairs per GET by id, docs/performance.md). We never read the
  // statistics. Fails harmlessly (SQLITE_MISUSE) if SQLite was already initialized.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* raw = nullptr;
  // The system SQLite is built with SQLITE_USE_URI, so a relative name starting with "file:"
  // would be parsed as a URI; "./" keeps it a plain file name.
  std::string name = path.starts_with("file:") ? "./" + path : path;
  int rc = sqlite3_open_v2(name.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc_out != nullptr) *rc_out = rc;
  if (rc != SQLITE_OK) {
    Error e = SqliteError(raw, rc, "open " + path);
    sqlite3_close_v2(raw);  // a handle is returned even on failure
    return e;
  }
  sqlite3_extended_result_codes(raw, 1);
  return std::unique_ptr<Db>(new Db(raw, path));
}

Db::~Db() {
  for (auto& [sql, c] : cache_) sqlite3_finalize(c.stmt);
  sqlite3_close_v2(db_);
}

Status Db::Exec(const std::string& sql) {
  char* msg = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg);
  sqlite3_free(msg);  // the same text is available from sqlite3_errmsg
  if (rc != SQLITE_OK) return SqliteError(db_, rc, sql.size() > 200 ? sql.substr(0, 200) : sql);
  return OkStatus();
}

Result<Statement> Db::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(db_, it->second.stmt, &it->second.in_use);
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              it == cache_.end() ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
  if (stmt == nullptr) return Error::Internal("empty SQL statement");
  if (it != cache_.end()) return Statement(db_, stmt, nullptr);  // nested use: one-off
  auto [slot, inserted] = cache_.emplace(std::string(sql), Cached{stmt, true});
  return Statement(db_, stmt, &slot->second.in_use);
}

Result<std::string> Db::QueryText(const std::string& sql) {
  auto st = Prepare(sql);
  if (!st.ok()) return std::move(st).error();
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::string();
  return st->String(0);
}

Result<std::int64_t> Db::QueryInt(const std::string& sql) {
  auto st = Prepare(sql);
  if (!st.ok()) return std::move(st).error();
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::int64_t{0};
  return st->Int64(0);
}

}  // namespace civic311::sqlite
