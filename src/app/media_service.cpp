#include "app/media_service.hpp"

#include <algorithm>

#include "base/crypto.hpp"

namespace civic311 {

const char* MediaKindName(MediaKind kind) { return kind == MediaKind::kVideo ? "video" : "photo"; }

std::optional<MediaKind> ParseMediaKind(std::string_view name) {
  if (name == "photo") return MediaKind::kPhoto;
  if (name == "video") return MediaKind::kVideo;
  return std::nullopt;
}

namespace {

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// Holds one of the service's processing slots for its lifetime.
class Slot {
 public:
  Slot(std::mutex& mu, std::condition_variable& cv, int& running, int max)
      : mu_(mu), cv_(cv), running_(running) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return running_ < max; });
    ++running_;
  }
  ~Slot() {
    {
      std::lock_guard lock(mu_);
      --running_;
    }
    cv_.notify_one();
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  std::mutex& mu_;
  std::condition_variable& cv_;
  int& running_;
};

}  // namespace

MediaService::MediaService(MediaProcessor& processor, MediaBlobStore& blobs, MediaIndex& index,
                           MediaLimits limits, int max_concurrent)
    : processor_(processor),
      blobs_(blobs),
      index_(index),
      limits_([limits] { return limits; }),
      max_concurrent_(max_concurrent < 1 ? 1 : max_concurrent) {}

MediaService::MediaService(MediaProcessor& processor, MediaBlobStore& blobs, MediaIndex& index,
                           CitySource city, int max_concurrent)
    : processor_(processor),
      blobs_(blobs),
      index_(index),
      limits_([city = std::move(city)] { return city.Current()->media; }),
      max_concurrent_(max_concurrent < 1 ? 1 : max_concurrent) {}

Result<AcceptedMedia> MediaService::Accept(std::string_view bytes) {
  if (bytes.empty()) return Error::InvalidField("media", "the file is empty");
  const MediaLimits limits = limits_();  // one version for the whole upload
  const std::size_t most = std::max(limits.max_photo_bytes, limits.max_video_bytes);
  if (bytes.size() > most) {
    return Error::InvalidField(
        "media", "the file is larger than " + std::to_string(most / (1024 * 1024)) + " MB");
  }
  Result<ProcessedMedia> processed = [&] {
    Slot slot(mu_, cv_, running_, max_concurrent_);
    return processor_.Process(bytes, limits);
  }();
  if (!processed.ok()) return std::move(processed).error();
  ProcessedMedia& p = *processed;

  AcceptedMedia out;
  MediaItem& item = out.item;
  item.sha256 = Sha256Hex(p.content);
  item.mime = p.mime;
  item.ext = p.ext;
  item.kind = p.kind;
  item.width = p.width;
  item.height = p.height;
  item.has_thumbnail = !p.thumbnail.empty();
  out.location = p.location;
  // The thumbnail first: a stored file always has the thumbnail its item promises.
  if (item.has_thumbnail) C311_TRY(blobs_.Put(item.ThumbnailName(), p.thumbnail));
  C311_TRY(blobs_.Put(item.FileName(), p.content));
  return out;
}

Status MediaService::Attach(RequestId id, const std::vector<MediaItem>& items) {
  return index_.Attach(id, items);
}

Result<std::optional<MediaItem>> MediaService::Stored(std::string_view file_name) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"jpg", "image/jpeg"},
      {"png", "image/png"},
      {"webp", "image/webp"},
      {"mp4", "video/mp4"},
      {"webm", "video/webm"}};
  if (file_name.size() < 66 || file_name[64] != '.' || !IsHex64(file_name.substr(0, 64))) {
    return std::optional<MediaItem>();
  }
  MediaItem m;
  m.sha256 = std::string(file_name.substr(0, 64));
  m.ext = std::string(file_name.substr(65));
  for (const auto& [ext, mime] : kTypes) {
    if (m.ext == ext) m.mime = std::string(mime);
  }
  if (m.mime.empty()) return std::optional<MediaItem>();
  m.kind = m.mime.starts_with("video/") ? MediaKind::kVideo : MediaKind::kPhoto;
  auto file = blobs_.Get(m.FileName());
  if (!file.ok()) return std::move(file).error();
  if (!file->has_value()) return std::optional<MediaItem>();
  auto thumb = blobs_.Get(m.ThumbnailName());
  if (!thumb.ok()) return std::move(thumb).error();
  m.has_thumbnail = thumb->has_value();
  return std::optional<MediaItem>(std::move(m));
}

Result<std::optional<MediaFile>> MediaService::OpenDraftThumbnail(std::string_view file_name) {
  auto item = Stored(file_name);
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value() || !(*item)->has_thumbnail) return std::optional<MediaFile>();
  auto bytes = blobs_.Get((*item)->ThumbnailName());
  if (!bytes.ok()) return std::move(bytes).error();
  if (!bytes->has_value()) return std::optional<MediaFile>();
  return std::optional<MediaFile>(MediaFile{std::move(**bytes), "image/jpeg"});
}

Result<std::vector<MediaItem>> MediaService::ForRequest(RequestId id, bool include_hidden) {
  return index_.ForRequest(id, include_hidden);
}

Status MediaService::SetHidden(RequestId id, std::string_view sha256, bool hidden) {
  return index_.SetHidden(id, sha256, hidden);
}

Result<std::optional<MediaFile>> MediaService::OpenPublic(std::string_view name) {
  if (name.size() < 66 || name[64] != '.') return std::optional<MediaFile>();
  std::string_view sha = name.substr(0, 64);
  std::string_view rest = name.substr(65);
  if (!IsHex64(sha)) return std::optional<MediaFile>();
  auto item = index_.FindPublic(sha);
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value()) return std::optional<MediaFile>();
  const MediaItem& m = **item;
  MediaFile f;
  if (rest == "thumb.jpg") {
    if (!m.has_thumbnail) return std::optional<MediaFile>();
    f.mime = "image/jpeg";
  } else if (rest == m.ext) {
    f.mime = m.mime;
  } else {
    return std::optional<MediaFile>();
  }
  auto bytes = blobs_.Get(name);
  if (!bytes.ok()) return std::move(bytes).error();
  if (!bytes->has_value()) return std::optional<MediaFile>();
  f.content = std::move(**bytes);
  return std::optional<MediaFile>(std::move(f));
}

}  // namespace civic311
