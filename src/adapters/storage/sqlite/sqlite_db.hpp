// Thin RAII wrappers over the SQLite C API, private to the SQLite adapter.
//
// Db owns one connection and a cache of its prepared statements (keyed by SQL text, prepared on
// first use and kept for the connection's lifetime). Statement is a short-lived handle to one of
// those cached statements: it binds, steps and reads columns, and on destruction resets the
// statement, so that no statement is left mid-step holding a read transaction open (which would
// keep WAL checkpoints from completing).
//
// Errors: every SQLite failure becomes an Error whose public message is generic and whose detail
// holds the SQLite text (see SqliteError). Nothing here throws for database errors.
//
// Thread-safety: a Db and its Statements belong to one thread at a time (connections are opened
// with SQLITE_OPEN_NOMUTEX); the writer thread and the reader pool enforce that.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.hpp"

namespace civic311::sqlite {

// Maps a SQLite result code to an Error. busy/locked/I/O/full/cannot-open/read-only become
// kUnavailable, constraint violations kConflict, everything else kInternal. `what` names the
// operation for the log; the SQLite message goes into Error::detail only.
Error SqliteError(sqlite3* db, int rc, std::string_view what);

// A borrowed, reset-on-destruction handle to a cached prepared statement. Bind indexes are
// 1-based, column indexes 0-based (as in SQLite). Text binds are copied (SQLITE_TRANSIENT), so
// temporaries are safe. A bind failure is remembered and reported by the next Step()/Run().
class Statement {
 public:
  // in_use: the cache's busy flag, cleared on destruction; null means the handle owns a one-off
  // statement and finalizes it.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use)
      : db_(db), stmt_(stmt), in_use_(in_use) {}
  Statement(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& Bind(int i, std::int64_t v);
  Statement& Bind(int i, int v) { return Bind(i, static_cast<std::int64_t>(v)); }
  Statement& Bind(int i, bool v) { return Bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  Statement& Bind(int i, double v);
  Statement& Bind(int i, std::string_view v);
  Statement& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Statement& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Statement& BindNull(int i);
  // Empty text binds NULL (for optional unique columns such as tokens).
  Statement& BindTextOrNull(int i, std::string_view v);
  template <typename T>
  Statement& Bind(int i, const std::optional<T>& v) {
    return v ? Bind(i, *v) : BindNull(i);
  }

  // true: a row is available; false: done.
  Result<bool> Step();
  // Steps to completion, ignoring any rows.
  Status Run();

  bool IsNull(int col) const;
  std::int64_t Int64(int col) const;
  double Double(int col) const;
  std::string_view Text(int col) const;  // valid until the next Step() or destruction
  std::string String(int col) const { return std::string(Text(col)); }

  sqlite3_stmt* raw() const { return stmt_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
  int bind_rc_ = SQLITE_OK;
};

class Db {
 public:
  // Opens `path` with SQLite open flags (SQLITE_OPEN_NOMUTEX is always added). The returned
  // error's detail carries SQLite's message, and *rc (if given) its result code; callers add the
  // public context.
  static Result<std::unique_ptr<Db>> Open(const std::string& path, int flags, int* rc = nullptr);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs a script of trusted, constant SQL (pragmas, migrations, BEGIN/COMMIT). Never pass it
  // anything derived from input: values must go through Prepare() and Bind().
  Status Exec(const std::string& sql);

  // The cached statement for `sql`, prepared on first use. If that statement is already borrowed
  // (a nested use of the same SQL), a one-off statement is prepared instead.
  Result<Statement> Prepare(std::string_view sql);

  // Runs a one-column query (e.g. a PRAGMA) and returns the first row's value as text.
  Result<std::string> QueryText(const std::string& sql);
  Result<std::int64_t> QueryInt(const std::string& sql);

  std::int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  // Rows changed by the last INSERT/UPDATE/DELETE.
  std::int64_t Changes() const { return sqlite3_changes64(db_); }
  // True when no transaction is open (e.g. after SQLite rolled one back on an I/O error).
  bool InAutocommit() const { return sqlite3_get_autocommit(db_) != 0; }
  sqlite3* raw() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  // Lookup by string_view without building a std::string (hot: every query goes through it).
  // Hashes the length and the last 64 bytes only: our statements are long (a 500-byte column
  // list) and differ at their end (the WHERE clause), and hashing all of it cost more than the
  // rest of the lookup (docs/performance.md). Equality still compares the whole text.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      std::string_view tail = s.size() > 64 ? s.substr(s.size() - 64) : s;
      return std::hash<std::string_view>()(tail) ^ (s.size() * 0x9e3779b97f4a7c15ull);
    }
  };
  // unordered_map never moves its values, so Statement may point at Cached::in_use.
  std::unordered_map<std::string, Cached, SqlHash, std::equal_to<>> cache_;
};

}  // namespace civic311::sqlite
