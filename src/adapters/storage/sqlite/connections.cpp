#include "adapters/storage/sqlite/connections.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <thread>

#include "base/private_files.hpp"

namespace civic311::sqlite {
namespace {

namespace fs = std::filesystem;

std::string Reason(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CANTOPEN:
      return "cannot open the file (check that its directory exists and is writable)";
    case SQLITE_NOTADB:
      return "the file is not a SQLite database";
    case SQLITE_CORRUPT:
      return "the database file is corrupt";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return "the file or its directory is read-only (the server must be able to write the file "
             "and create FILE-wal and FILE-shm beside it)";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "the database is locked by another process";
    case SQLITE_IOERR:
      return "I/O error while reading the file";
    case SQLITE_FULL:
      return "the disk is full";
    default:
      return sqlite3_errstr(rc);
  }
}

bool IsBusy(int rc) { return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED; }

// A failed step on `db`: the error, with its result code for OpenFailure.
Error Failed(Db& db, const std::string& path, Error cause) {
  return OpenFailure(path, sqlite3_extended_errcode(db.raw()), std::move(cause));
}

Status Pragmas(Db& db, const std::string& path, const std::string& sql) {
  Status s = db.Exec(sql);
  if (!s.ok()) return Failed(db, path, std::move(s).error());
  return OkStatus();
}

// Makes a new file's directory entry durable (the file's content is synced by SQLite).
void SyncDirectoryOf(const std::string& path) {
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Error OpenFailure(const std::string& path, int rc, Error cause) {
  std::string reason;
  fs::path p(path);
  std::error_code ec;
  fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (!fs::is_directory(dir, ec)) {
    reason = "directory '" + dir.string() + "' does not exist";
  } else if (fs::is_directory(p, ec)) {
    reason = "it is a directory";
  } else if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) {
    reason = Reason(rc);
  } else {  // not an SQLite failure (or the code is stale): the cause speaks for itself
    reason = cause.message;
  }
  cause.detail = "open " + path + ": " + cause.detail;
  cause.message = "cannot open database '" + path + "': " + reason;
  cause.code = ErrorCode::kUnavailable;
  return cause;
}

Result<std::unique_ptr<Db>> OpenWriteConnection(const std::string& path, int cache_kib) {
  // The database holds password hashes, TOTP secrets and contact details: 0600, created so
  // before SQLite sees it (SQLite then gives -wal and -shm the same mode), and tightened if an
  // older version left it readable by others. A failure here is left for SQLite to report.
  const bool on_disk = !path.empty() && path != ":memory:" && !path.starts_with("file:");
  if (on_disk) (void)MakeFilePrivate(path);
  int rc = SQLITE_OK;
  auto db = Db::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &rc);
  if (!db.ok()) return OpenFailure(path, rc, std::move(db).error());
  if (on_disk) {
    for (const char* suffix : {"-wal", "-shm"}) {
      if (Status s = TightenIfExists(path + suffix); !s.ok()) return s.error();
    }
  }
  Db& d = **db;
  sqlite3_busy_timeout(d.raw(), kBusyTimeoutMs);
  // The first statement reads the file: this is where "not a database" shows up. Switching a new
  // file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once, without its busy
  // handler, while another process or connection has the file open (found by a test opening one
  // new file from four threads): retry for as long as busy_timeout would have waited.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  auto mode = d.QueryText("PRAGMA journal_mode = WAL");
  while (!mode.ok() && IsBusy(sqlite3_errcode(d.raw())) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    mode = d.QueryText("PRAGMA journal_mode = WAL");
  }
  if (!mode.ok()) return Failed(d, path, std::move(mode).error());
  if (*mode != "wal") {
    return OpenFailure(path, SQLITE_OK,
                       Error::Unavailable("WAL mode is not supported for this file (is it on a "
                                          "network file system?)",
                                          "journal_mode=" + *mode));
  }
  C311_TRY(Pragmas(d, path,
                   "PRAGMA synchronous = FULL;"
                   "PRAGMA foreign_keys = ON;"
                   "PRAGMA temp_store = MEMORY;"
                   // cache_size: below.
                   // Cap the WAL file after checkpoints (it only grows while a reader or a
                   // backup holds an old snapshot).
                   "PRAGMA journal_size_limit = 67108864;"
                   // Sampled ANALYZE: milliseconds even for millions of rows.
                   "PRAGMA analysis_limit = 1000;"));
  // Index inserts land all over the file; with SQLite's default 2 MiB cache a large database
  // thrashes (bulk loads measured 15x slower at 1M rows with 2 MiB than with 64 MiB).
  C311_TRY(Pragmas(d, path, "PRAGMA cache_size = -" + std::to_string(std::max(cache_kib, 1024))));
  return db;
}

Result<std::unique_ptr<Db>> OpenReadConnection(const std::string& path, int cache_kib) {
  int rc = SQLITE_OK;
  auto db = Db::Open(path, SQLITE_OPEN_READONLY, &rc);
  if (!db.ok()) return OpenFailure(path, rc, std::move(db).error());
  sqlite3_busy_timeout((*db)->raw(), kBusyTimeoutMs);
  // No memory map: each reader mapping the whole file made the server's resident size grow by
  // the database size per reader (1.5 GB at 1M requests, measured), and an I/O error would
  // become SIGBUS. pread() through the OS page cache plus a 16 MiB page cache per reader is
  // within a few percent for our point reads and keeps RSS bounded. The page cache (cache_kib)
  // keeps a B-tree's upper levels; random leaves miss at any affordable size.
  C311_TRY(Pragmas(**db, path,
                   "PRAGMA cache_size = -" + std::to_string(std::max(cache_kib, 256)) +
                       "; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 0;"));
  return db;
}

Status BackupDatabase(const std::string& from, const std::string& to) {
  // O_EXCL: never overwrite, not even a file that appears between a check and the copy.
  int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    int err = errno;
    if (err == EEXIST) return Error::InvalidArgument("the backup file '" + to + "' already exists");
    return Error::Unavailable("cannot create the backup file '" + to + "': " + std::strerror(err));
  }
  ::close(fd);
  auto fail = [&to](Error e) -> Status {
    std::error_code ec;
    fs::remove(to, ec);
    if (e.code != ErrorCode::kInvalidArgument) e.message = "backup to '" + to + "' failed";
    return e;
  };

  auto src = Db::Open(from, SQLITE_OPEN_READONLY);
  if (!src.ok()) return fail(std::move(src).error());
  auto dst = Db::Open(to, SQLITE_OPEN_READWRITE);
  if (!dst.ok()) return fail(std::move(dst).error());
  sqlite3_busy_timeout((*src)->raw(), kBusyTimeoutMs);
  sqlite3_busy_timeout((*dst)->raw(), kBusyTimeoutMs);

  // Hold one read transaction for the whole copy: every step then reads the same snapshot, so
  // the copy is consistent and commits by the writer meanwhile do not restart it.
  Status begin = (*src)->Exec("BEGIN");
  if (!begin.ok()) return fail(std::move(begin).error());
  auto snapshot = (*src)->QueryInt("SELECT count(*) FROM sqlite_schema");  // starts the read
  if (!snapshot.ok()) return fail(std::move(snapshot).error());

  sqlite3_backup* b = sqlite3_backup_init((*dst)->raw(), "main", (*src)->raw(), "main");
  if (b == nullptr) {
    return fail(SqliteError((*dst)->raw(), sqlite3_errcode((*dst)->raw()), "backup_init"));
  }
  constexpr int kPagesPerStep = 256;  // 1 MiB at the default page size
  int rc = SQLITE_OK;
  while (true) {
    rc = sqlite3_backup_step(b, kPagesPerStep);
    if (rc == SQLITE_DONE) break;
    if (rc == SQLITE_OK) {
      std::this_thread::yield();  // let the server's threads run between steps
    } else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    } else {
      break;
    }
  }
  int finish_rc = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE || finish_rc != SQLITE_OK) {
    int code = rc != SQLITE_DONE ? rc : finish_rc;
    return fail(SqliteError((*dst)->raw(), code, "backup_step"));
  }
  (void)(*src)->Exec("COMMIT");
  SyncDirectoryOf(to);
  return OkStatus();
}

}  // namespace civic311::sqlite
