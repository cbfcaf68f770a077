// Opening the store's connections with the settings the design depends on, and explaining a
// failure to the operator.
//
// Write connection: created if missing; journal_mode=WAL (readers never block the writer and
// vice versa), synchronous=FULL (the WAL is fsynced at every commit: a commit survives power
// loss), foreign_keys=ON, busy_timeout (waits for another process's write lock).
// Read connections: SQLITE_OPEN_READONLY, busy_timeout. They need the write connection (which
// creates the -wal and -shm files) to be open first.
//
// Failures are kUnavailable with a public message "cannot open database 'PATH': REASON", where
// REASON says what to fix (missing directory, permissions, not a database, …); SQLite's text
// goes to Error::detail.
#pragma once

#include <memory>
#include <string>

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "base/result.hpp"

namespace civic311::sqlite {

inline constexpr int kBusyTimeoutMs = 5000;

// cache_kib: SQLite's page cache of the connection (the memory budget, docs/performance.md).
Result<std::unique_ptr<Db>> OpenWriteConnection(const std::string& path, int cache_kib = 65536);
Result<std::unique_ptr<Db>> OpenReadConnection(const std::string& path, int cache_kib = 16384);

// Wraps an error met while opening or migrating `path` (rc: the SQLite result code, 0 if none)
// into the operator-facing form above.
Error OpenFailure(const std::string& path, int rc, Error cause);

// Copies the database at `from` to the new file `to` (which must not exist) from one consistent
// snapshot, in steps on connections of its own; writers carry on meanwhile (WAL).
Status BackupDatabase(const std::string& from, const std::string& to);

}  // namespace civic311::sqlite
