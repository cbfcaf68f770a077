#include "adapters/media/file_blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "base/crypto.hpp"

namespace civic311 {
namespace {

Error IoError(const std::string& what, const std::string& path) {
  return Error::Unavailable("the file could not be stored",
                            what + " " + path + ": " + std::strerror(errno));
}

Status WriteAll(int fd, std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error::Unavailable("the file could not be stored", std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  return OkStatus();
}

}  // namespace

bool FileBlobStore::ValidName(std::string_view name) {
  if (name.size() < 64 + 3) return false;
  for (std::size_t i = 0; i < 64; ++i) {
    char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  std::string_view rest = name.substr(64);
  if (rest == ".thumb.jpg") return true;
  if (rest.size() < 3 || rest.size() > 6 || rest[0] != '.') return false;
  for (char c : rest.substr(1))
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

Result<std::unique_ptr<FileBlobStore>> FileBlobStore::Open(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Error::Unavailable("cannot create the media directory '" + dir +
                              "': " + std::strerror(errno));
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Error::Unavailable("the media directory '" + dir + "' is not a directory");
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return Error::Unavailable("cannot write to the media directory '" + dir +
                              "': " + std::strerror(errno));
  }
  return std::unique_ptr<FileBlobStore>(new FileBlobStore(dir));
}

Status FileBlobStore::Put(std::string_view name, std::string_view bytes) {
  if (!ValidName(name)) return Error::Internal("bad media file name " + std::string(name));
  const std::string path = dir_ + "/" + std::string(name);
  if (::access(path.c_str(), F_OK) == 0) return OkStatus();  // content-addressed: same bytes
  static std::atomic<unsigned> counter{0};
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" +
                          std::to_string(counter.fetch_add(1)) + "-" + RandomToken(4);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("open", tmp);
  Status s = WriteAll(fd, bytes);
  if (s.ok() && ::fsync(fd) != 0) s = IoError("fsync", tmp);
  if (::close(fd) != 0 && s.ok()) s = IoError("close", tmp);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) s = IoError("rename", tmp);
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);  // the rename itself survives a crash
    ::close(dfd);
  }
  return OkStatus();
}

Result<std::optional<std::string>> FileBlobStore::Get(std::string_view name) {
  if (!ValidName(name)) return std::optional<std::string>();
  const std::string path = dir_ + "/" + std::string(name);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return Error::Unavailable("the file could not be read", path + ": " + std::strerror(errno));
  }
  std::string out;
  struct stat st {};
  if (::fstat(fd, &st) == 0) out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return Error::Unavailable("the file could not be read", path + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return std::optional<std::string>(std::move(out));
}

}  // namespace civic311
