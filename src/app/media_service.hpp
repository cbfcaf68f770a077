// MediaService: the use cases of photos and videos (docs/media.md).
//
//   Accept(bytes)       checks and cleans one upload (MediaProcessor), stores the file and its
//                       thumbnail (MediaBlobStore) and returns what to attach. Nothing is linked
//                       to a request yet: the submit use case links the items in the request's
//                       own transaction (RequestChange::media), or later with Attach.
//   Attach / ForRequest / SetHidden   the request ⇄ media links (MediaIndex).
//   OpenPublic(name)    the bytes and type to serve for "/media/<name>", only for files attached
//                       to a request and not hidden.
//
// Processing is CPU- and memory-heavy, so at most `max_concurrent` Accept calls process at once;
// the others wait (bounded memory under an upload storm). Callers are request worker threads,
// never network threads.
//
// The limits are fixed, or the live city's [media] read at each call (an admin's change applies
// to the next upload without a restart).
//
// Ownership: borrows the ports (they must outlive the service). Thread-safety: every method is
// safe from many threads at once.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/media_ports.hpp"
#include "domain/live_city.hpp"

namespace civic311 {

struct AcceptedMedia {
  MediaItem item;                         // to attach (request_id, position set by the index)
  std::optional<PhotoLocation> location;  // the photo's EXIF GPS, if it had one: the caller may
                                          // offer it as the report's location
};

struct MediaFile {
  std::string content;
  std::string mime;  // what to send as Content-Type
};

class MediaService {
 public:
  MediaService(MediaProcessor& processor, MediaBlobStore& blobs, MediaIndex& index,
               MediaLimits limits, int max_concurrent = 2);
  // The limits of the city's current [media] at each call.
  MediaService(MediaProcessor& processor, MediaBlobStore& blobs, MediaIndex& index, CitySource city,
               int max_concurrent = 2);

  // kInvalidArgument (public message for the resident, field "media") for an empty, too large,
  // unrecognised or lying file; kUnavailable if it cannot be stored.
  Result<AcceptedMedia> Accept(std::string_view bytes);

  Status Attach(RequestId id, const std::vector<MediaItem>& items);
  // The item of a file Accept stored earlier, from its name "<sha>.<ext>" alone (what a form
  // carries from step to step): its type from the extension Accept gave it, its thumbnail if
  // stored. nullopt when the name is malformed, the extension is not one Accept gives, or no
  // such file is stored (a name made up by the client links nothing).
  Result<std::optional<MediaItem>> Stored(std::string_view file_name);
  // The thumbnail of a file Accept stored, attached to a request or not yet: the preview of a
  // report's photos step before it is sent. The name ("<sha>.<ext>" of the processed file, 256
  // bits) is the capability: only the browser that uploaded it knows it. nullopt when unknown.
  Result<std::optional<MediaFile>> OpenDraftThumbnail(std::string_view file_name);
  Result<std::vector<MediaItem>> ForRequest(RequestId id, bool include_hidden);
  Status SetHidden(RequestId id, std::string_view sha256, bool hidden);

  // name: "<sha>.<ext>" or "<sha>.thumb.jpg" as in the URL. nullopt (→ 404) if the name is
  // malformed, the file is unknown, not attached, or hidden.
  Result<std::optional<MediaFile>> OpenPublic(std::string_view name);

  // The limits now (a copy: take it once per request).
  MediaLimits limits() const { return limits_(); }

 private:
  MediaProcessor& processor_;
  MediaBlobStore& blobs_;
  MediaIndex& index_;
  const std::function<MediaLimits()> limits_;
  const int max_concurrent_;
  std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0;
};

}  // namespace civic311
