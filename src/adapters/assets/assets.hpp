// Assets: the files of web/ (page and message templates, static files, message catalogs), compiled
// into the binary (cmake/embed_web.cmake) and optionally shadowed by a directory on disk, so a city
// can edit a template or a catalog without rebuilding (`--web-dir DIR`; restart to pick it up).
//
// Names are paths relative to web/ ("static/portal.css",
// "templates/email/received.en.txt.mustache"). A name with "..", a leading '/', a backslash or an
// empty segment is never looked up (no path traversal into the override directory).
//
// Ownership: Find() returns views into memory owned by the Assets object (embedded data, or an
// override file read once and kept); they stay valid while it lives.
// Thread-safety: safe from any thread (override files are read under a mutex, then immutable).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civic311::assets {

struct Asset {
  std::string_view name;
  std::string_view bytes;
  std::string_view content_type;  // from the extension, e.g. "text/css; charset=utf-8"
  std::string_view etag;          // strong validator: "\"<first 16 hex of sha256>\""
};

// The files compiled into the binary (generated).
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedFiles();

// The Content-Type for a file name, by its extension; "application/octet-stream" when unknown.
std::string_view ContentTypeFor(std::string_view name);

// True when `name` is a safe relative asset name (see above).
bool IsSafeAssetName(std::string_view name);

class Assets {
 public:
  // override_dir empty: embedded files only.
  explicit Assets(std::filesystem::path override_dir = {});
  Assets(const Assets&) = delete;
  Assets& operator=(const Assets&) = delete;

  // The file called `name`: the override directory's copy when it has one, else the embedded one.
  std::optional<Asset> Find(std::string_view name) const;
  // Names under a prefix ("templates/email/"), embedded and overridden, sorted, without repeats.
  std::vector<std::string> List(std::string_view prefix) const;
  const std::filesystem::path& override_dir() const { return override_dir_; }

 private:
  struct Stored {
    std::string name;
    std::string bytes;  // empty for embedded files (they use `view`)
    std::string_view view;
    std::string etag;
  };
  const Stored* Load(std::string_view name) const;

  std::filesystem::path override_dir_;
  mutable std::mutex mu_;
  // Never erased: pointers stay valid. Keyed by name; nullptr caches "not found".
  mutable std::map<std::string, std::unique_ptr<Stored>, std::less<>> cache_;
};

}  // namespace civic311::assets
