#include "adapters/media/sniff.hpp"

#include <magic.h>

namespace civic311::media {
namespace {

// A libmagic cookie is not thread-safe: each thread gets its own, loaded once.
struct Cookie {
  magic_t m = nullptr;
  bool loaded = false;
  Cookie() {
    m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS);
    loaded = m != nullptr && magic_load(m, nullptr) == 0;
  }
  ~Cookie() {
    if (m != nullptr) magic_close(m);
  }
  Cookie(const Cookie&) = delete;
  Cookie& operator=(const Cookie&) = delete;
};

}  // namespace

Result<std::string> SniffMimeType(std::string_view bytes) {
  thread_local Cookie cookie;
  if (!cookie.loaded) return Error::Unavailable("cannot check files now", "magic_load failed");
  const char* type = magic_buffer(cookie.m, bytes.data(), bytes.size());
  if (type == nullptr) {
    const char* why = magic_error(cookie.m);
    return Error::Unavailable("cannot check files now", why != nullptr ? why : "magic_buffer");
  }
  return std::string(type);
}

}  // namespace civic311::media
