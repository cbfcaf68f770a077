// Private files and directories: what civic311 stores (password hashes, TOTP secrets, contact
// details, photos) is readable by the service's own user only, whatever the umask.
//
//   files        0600  the database and its -wal/-shm (SQLite gives those the database file's
//                      mode), backups (created 0600 with O_EXCL), anything else with personal data
//   directories  0700  the media directory (photos attached to requests), caches of it
//
// Use these for every new place that stores such data: EnsurePrivateDirectory before writing
// into a directory, MakeFilePrivate on a file someone else may have created more open (an
// existing 0644 database from before this rule is tightened when the server opens it).
// Thread-safety: plain system calls; safe from any thread.
#pragma once

#include <string>

#include "base/result.hpp"

namespace civic311 {

inline constexpr unsigned kPrivateFileMode = 0600;
inline constexpr unsigned kPrivateDirectoryMode = 0700;

// Creates `path` (mode 0600) if it does not exist, and removes any group/other permission bits
// if it does. kUnavailable with the system's reason on failure (missing directory, read-only…).
Status MakeFilePrivate(const std::string& path);
// Like MakeFilePrivate, but does nothing when `path` does not exist.
Status TightenIfExists(const std::string& path);
// Creates the directory `path` and its missing parents (the new ones 0700), and sets `path`
// itself to 0700. kUnavailable with the reason on failure, kInvalidArgument if it is not a
// directory.
Status EnsurePrivateDirectory(const std::string& path);

}  // namespace civic311
