// Limits on residents' photos and videos, from the city configuration's [media] table
// (docs/config.md, docs/media.md). Plain data; the defaults are what a city gets without [media].
#pragma once

#include <cstddef>

namespace civic311 {

struct MediaLimits {
  std::size_t max_photo_bytes = 15u << 20;
  std::size_t max_video_bytes = 30u << 20;
  // One HTTP request carrying uploads (all its files and fields): the server refuses a larger
  // body with 413 as soon as its Content-Length is read, before reading any of it.
  std::size_t max_upload_bytes = 40u << 20;
  int max_photo_pixels = 50'000'000;  // decompression-bomb guard (width × height)
  int max_photo_side = 2560;          // stored photos are scaled down to fit this square
  int thumbnail_side = 400;           // thumbnails fit this square
  int max_per_request = 6;            // files attached to one request
};

}  // namespace civic311
