// Ports of photos and videos attached to requests (docs/media.md).
//
//   MediaProcessor  bytes → a checked, cleaned file (type sniffed from the bytes, photos
//                   auto-oriented and stripped of every metadata block, a JPEG thumbnail, video
//                   container check and poster frame). adapters/media (libmagic, libvips, ffmpeg).
//   MediaBlobStore  content-addressed files ("<sha256>.<ext>", "<sha256>.thumb.jpg").
//                   adapters/media/file_blob_store (a directory beside the database).
//   MediaIndex      which files belong to which request, in order, and which staff hid.
//                   adapters/storage/sqlite/media_store (table request_media).
//
// Thread-safety: implementations are safe from many threads at once. Every call may block
// (disk, CPU-heavy decoding): call them on worker threads, never on network threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/media_limits.hpp"
#include "domain/request.hpp"

namespace civic311 {

enum class MediaKind { kPhoto, kVideo };
const char* MediaKindName(MediaKind kind);  // "photo", "video"
std::optional<MediaKind> ParseMediaKind(std::string_view name);

// A point read from a photo's EXIF GPS block (WGS 84 degrees).
struct PhotoLocation {
  double lat = 0;
  double lon = 0;
};

// What the processor made of uploaded bytes.
struct ProcessedMedia {
  MediaKind kind = MediaKind::kPhoto;
  std::string mime;       // of `content`: image/jpeg, image/png, image/webp, video/mp4, video/webm
  std::string ext;        // jpg, png, webp, mp4, webm
  std::string content;    // the bytes to store (photos re-encoded without metadata)
  std::string thumbnail;  // JPEG; empty for a video when no poster frame could be made
  int width = 0;          // of the stored photo or the video (0 if unknown)
  int height = 0;
  std::optional<PhotoLocation> location;  // EXIF GPS of the original, read before stripping
};

class MediaProcessor {
 public:
  virtual ~MediaProcessor() = default;
  // kInvalidArgument (public message names the problem: not an accepted type, too large, cannot
  // be decoded) for bytes that are not an accepted photo or video, whatever name or type the
  // client claimed; kUnavailable when the processor is out of resources.
  virtual Result<ProcessedMedia> Process(std::string_view bytes, const MediaLimits& limits) = 0;
};

class MediaBlobStore {
 public:
  virtual ~MediaBlobStore() = default;
  // Stores `bytes` under `name` durably (written to a temporary file, fsynced, renamed). A name
  // that already exists is left as it is (content addressing: same name, same bytes).
  virtual Status Put(std::string_view name, std::string_view bytes) = 0;
  // The whole file; nullopt if there is none. Names are validated: anything but
  // [0-9a-f]{64}(\.thumb)?\.[a-z0-9]{2,5} is nullopt.
  virtual Result<std::optional<std::string>> Get(std::string_view name) = 0;
};

// One file attached to a request.
struct MediaItem {
  std::string sha256;  // lower-case hex of the stored content
  std::string mime;    // sniffed, of the stored file
  std::string ext;
  MediaKind kind = MediaKind::kPhoto;
  int width = 0;
  int height = 0;
  bool has_thumbnail = false;
  // Set by the index:
  RequestId request_id = 0;
  int position = 0;  // 0, 1, 2, … in the order the resident gave them
  bool hidden = false;
  Timestamp created_at{};

  std::string FileName() const { return sha256 + "." + ext; }  // "<sha>.jpg"
  std::string ThumbnailName() const { return sha256 + ".thumb.jpg"; }
  // The public path: "/media/<sha>.<ext>" (prefix the site's base URL for absolute links).
  std::string Path() const { return "/media/" + FileName(); }
  std::string ThumbnailPath() const { return "/media/" + ThumbnailName(); }
};

class MediaIndex {
 public:
  virtual ~MediaIndex() = default;
  // Appends items to the request's media (positions continue after the existing ones), in one
  // transaction. kNotFound if the request does not exist.
  virtual Status Attach(RequestId id, const std::vector<MediaItem>& items) = 0;
  // The request's media by position; hidden ones only if include_hidden (staff).
  virtual Result<std::vector<MediaItem>> ForRequest(RequestId id, bool include_hidden) = 0;
  // A file that may be served publicly: attached to some request and not hidden there.
  virtual Result<std::optional<MediaItem>> FindPublic(std::string_view sha256) = 0;
  // Hides (or shows again) one file of a request. kNotFound if it is not attached to it.
  virtual Status SetHidden(RequestId id, std::string_view sha256, bool hidden) = 0;
};

}  // namespace civic311
