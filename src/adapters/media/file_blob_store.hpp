// FileBlobStore: the MediaBlobStore (app/media_ports.hpp) as files in one directory
// (`serve --media-dir`, default "<db>.media/"): "<sha256>.<ext>" and "<sha256>.thumb.jpg".
//
// The directory is created 0700 and files 0600: only the server's user reads them (they are
// served through /media, which checks that a file is attached and not hidden). Put writes a
// temporary file, fsyncs it, renames it into place and fsyncs the directory, so a stored file is
// whole and durable before the request that refers to it is committed.
//
// Thread-safety: safe from many threads and processes (rename is atomic; same name, same bytes).
#pragma once

#include <memory>
#include <string>

#include "app/media_ports.hpp"

namespace civic311 {

class FileBlobStore final : public MediaBlobStore {
 public:
  // Creates the directory (0700) if missing. kUnavailable with the reason if it cannot.
  static Result<std::unique_ptr<FileBlobStore>> Open(const std::string& dir);

  Status Put(std::string_view name, std::string_view bytes) override;
  Result<std::optional<std::string>> Get(std::string_view name) override;

  // Whether a name has the shape the store accepts.
  static bool ValidName(std::string_view name);

 private:
  explicit FileBlobStore(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace civic311
