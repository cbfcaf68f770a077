// ScopedTempDir: a fresh private directory (mkdtemp: mode 0700) under $TMPDIR (or /tmp), removed
// with everything in it on destruction. path() is empty if it could not be created.
// Thread-safety: one owner; creating several at once from many threads is safe.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace civic311 {

class ScopedTempDir {
 public:
  // prefix: the start of the directory's name ("c311-poster" → /tmp/c311-poster-Ab12Cd).
  explicit ScopedTempDir(const std::string& prefix = "c311") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
  }
  ~ScopedTempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace civic311
