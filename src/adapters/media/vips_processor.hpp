// VipsMediaProcessor: the MediaProcessor (app/media_ports.hpp) over libmagic, libvips (C++ API,
// Debian libvips-dev) and, when it is on PATH, ffmpeg (docs/media.md).
//
// Photos: the type is sniffed from the bytes (JPEG, PNG, WebP; HEIC/HEIF when libvips has a
// HEIF loader that can decode it); the matching libvips loader alone is used (never a sniffing
// or an "untrusted" one: vips_block_untrusted_set), so a file is decoded only as what libmagic
// says it is. The EXIF GPS position is read, the image auto-oriented, scaled down to fit
// max_photo_side, and re-encoded with every metadata block stripped (EXIF, XMP, IPTC, ICC
// comments); HEIC becomes JPEG. The thumbnail is a JPEG fitting thumbnail_side.
// Videos: MP4 or WebM by their bytes and within max_video_bytes; stored as received. A poster
// frame (the thumbnail) is made by ffmpeg when available, with a 20 s time limit.
//
// Thread-safety: Process is safe from many threads (libvips is; libmagic is used per thread).
// It is CPU- and memory-heavy: MediaService bounds how many run at once.
#pragma once

#include <string>

#include "app/media_ports.hpp"

namespace civic311 {

class VipsMediaProcessor final : public MediaProcessor {
 public:
  // Initialises libvips once per process. ffmpeg: the program for poster frames ("" = none).
  explicit VipsMediaProcessor(std::string ffmpeg = "ffmpeg");

  Result<ProcessedMedia> Process(std::string_view bytes, const MediaLimits& limits) override;

  // Whether libvips can decode HEIC here (a HEIF loader with an HEVC decoder).
  static bool HeicSupported();

 private:
  Result<ProcessedMedia> Photo(std::string_view bytes, const std::string& mime,
                               const MediaLimits& limits);
  Result<ProcessedMedia> Video(std::string_view bytes, const std::string& mime,
                               const MediaLimits& limits);
  std::string ffmpeg_;
};

}  // namespace civic311
