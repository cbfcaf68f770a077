// Forward-only, numbered schema migrations for the SQLite store.
//
// Each migration is a file migrations/NNNN_name.sql, compiled into the binary (see
// migrations.cpp), so the server needs no files at run time and works from any directory. A
// database records what it has applied in the table schema_migrations; Migrate() applies the rest
// in order, each in its own IMMEDIATE transaction together with its schema_migrations row, so a
// crash leaves the database at some whole version, and two processes migrating at once serialise
// on the write lock (the second sees the first's rows and applies nothing).
//
// Adding a migration: create the next NNNN_name.sql (copy the first and last lines of an existing
// one) and add it to the list in migrations.cpp. Never edit a migration that has shipped.
#pragma once

#include <span>
#include <string_view>

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "base/result.hpp"

namespace civic311::sqlite {

struct Migration {
  int version;
  std::string_view name;  // as in the file name: 0001_initial.sql -> "initial"
  std::string_view sql;
};

// Every known migration, by ascending version (1, 2, 3, … without gaps).
std::span<const Migration> Migrations();
int LatestSchemaVersion();

// Brings the database on `db` (a read-write connection) to LatestSchemaVersion(). Fails, without
// touching anything, for a database of another application or of a newer civic311.
// `now_unix` is recorded as the applied_at time.
Status Migrate(Db& db, std::int64_t now_unix);

// The highest applied version; 0 for a database without schema_migrations.
Result<int> CurrentSchemaVersion(Db& db);

}  // namespace civic311::sqlite
