// What the bytes of an upload are, according to libmagic (Debian libmagic-dev), never to the
// name or the type the client claimed. Thread-safety: safe from any thread (one magic handle
// per thread).
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"

namespace civic311::media {

// The MIME type libmagic reads from the bytes ("image/jpeg", "text/plain", …).
// kUnavailable if libmagic's database cannot be loaded.
Result<std::string> SniffMimeType(std::string_view bytes);

}  // namespace civic311::media
