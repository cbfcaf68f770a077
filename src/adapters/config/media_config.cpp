#include "adapters/config/media_config.hpp"

namespace civic311::config {
namespace {

// An integer key within [lo, hi], or nullopt (absent, or a mistake recorded).
std::optional<std::int64_t> Bounded(const TableReader& r, std::string_view key, std::int64_t lo,
                                    std::int64_t hi) {
  auto v = r.Integer(key);
  if (v && (*v < lo || *v > hi)) {
    r.Add(key, "must be from " + std::to_string(lo) + " to " + std::to_string(hi));
    return std::nullopt;
  }
  return v;
}

}  // namespace

void ReadMedia(const TableReader& root, City& city) {
  const toml::table* t = root.Table("media");
  if (t == nullptr) return;
  TableReader r(
      *t, "media", root.mistakes(),
      {"max_photo_mb", "max_video_mb", "max_upload_mb", "max_per_request", "max_photo_side"});
  MediaLimits& m = city.media;
  if (auto v = Bounded(r, "max_photo_mb", 1, 100)) m.max_photo_bytes = std::size_t(*v) << 20;
  if (auto v = Bounded(r, "max_video_mb", 1, 500)) m.max_video_bytes = std::size_t(*v) << 20;
  if (auto v = Bounded(r, "max_upload_mb", 1, 1000)) m.max_upload_bytes = std::size_t(*v) << 20;
  if (auto v = Bounded(r, "max_per_request", 0, 20)) m.max_per_request = static_cast<int>(*v);
  if (auto v = Bounded(r, "max_photo_side", 320, 8192)) m.max_photo_side = static_cast<int>(*v);
  r.Finish();
}

}  // namespace civic311::config
