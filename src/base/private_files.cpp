#include "base/private_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace civic311 {
namespace {

Error SystemError(const std::string& what, const std::string& path, int err) {
  return Error::Unavailable("cannot " + what + " '" + path + "': " + std::strerror(err));
}

// Drops group/other bits on an open file (owner bits stay: a read-only file stays read-only).
Status Tighten(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return SystemError("inspect", path, errno);
  if ((st.st_mode & 077) == 0) return OkStatus();
  if (::fchmod(fd, st.st_mode & 0700) != 0) return SystemError("restrict", path, errno);
  return OkStatus();
}

Status OpenAndTighten(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC | O_NOCTTY, kPrivateFileMode);
  if (fd < 0) return SystemError("open", path, errno);
  Status s = Tighten(fd, path);
  ::close(fd);
  return s;
}

}  // namespace

Status MakeFilePrivate(const std::string& path) {
  // O_RDONLY|O_CREAT creates the file; fchmod needs only ownership, not write access.
  return OpenAndTighten(path, O_RDONLY | O_CREAT);
}

Status TightenIfExists(const std::string& path) {
  Status s = OpenAndTighten(path, O_RDONLY);
  if (!s.ok() && ::access(path.c_str(), F_OK) != 0 && errno == ENOENT) return OkStatus();
  return s;
}

Status EnsurePrivateDirectory(const std::string& path) {
  if (path.empty()) return Error::InvalidArgument("an empty directory name");
  // Parents first, so that each new level is created 0700 (std::filesystem would use the umask).
  for (std::size_t i = 1; i <= path.size(); ++i) {
    if (i != path.size() && path[i] != '/') continue;
    const std::string part = path.substr(0, i);
    if (::mkdir(part.c_str(), kPrivateDirectoryMode) != 0 && errno != EEXIST) {
      return SystemError("create the directory", part, errno);
    }
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return SystemError("inspect", path, errno);
  if (!S_ISDIR(st.st_mode)) {
    return Error::InvalidArgument("'" + path + "' exists and is not a directory");
  }
  if ((st.st_mode & 0777) != kPrivateDirectoryMode &&
      ::chmod(path.c_str(), kPrivateDirectoryMode) != 0) {
    return SystemError("restrict", path, errno);
  }
  return OkStatus();
}

}  // namespace civic311
