// Test photos and videos, made on the spot (libvips, exiftool, ffmpeg): nothing downloaded.
// Included by *_test.cpp only.
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vips/vips8>

namespace civic311::media::testing {

inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline void WriteFileBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// A w×h colour gradient, encoded by libvips in `format` (".jpg", ".png", ".webp").
inline std::string MakeImage(int w, int h, const char* format, bool alpha = false) {
  vips::VImage x = vips::VImage::xyz(w, h);
  vips::VImage img = x[0].bandjoin(x[1]).bandjoin((x[0] + x[1]) / 2);
  img = (img * 255.0 / std::max(w, h)).cast(VIPS_FORMAT_UCHAR);
  img = img.copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  if (alpha) img = img.bandjoin(128);
  void* buf = nullptr;
  size_t size = 0;
  img.write_to_buffer(format, &buf, &size);
  std::string out(static_cast<const char*>(buf), size);
  g_free(buf);
  return out;
}

// Runs a shell command; true if it exited 0.
inline bool Shell(const std::string& cmd) {
  return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0;
}

inline std::string Capture(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// A JPEG with EXIF GPS (Fenway, Boston), a camera make and an orientation tag that says "rotate
// 90° clockwise to display" (6): written by exiftool into a libvips-made image.
inline std::string JpegWithGps(const std::string& dir, int w, int h) {
  const std::string path = dir + "/gps.jpg";
  WriteFileBytes(path, MakeImage(w, h, ".jpg"));
  Shell(
      "exiftool -q -overwrite_original -n -GPSLatitude=42.3474 -GPSLatitudeRef=N "
      "-GPSLongitude=71.0944 -GPSLongitudeRef=W -Make=SecretCam -Orientation=6 "
      "-XMP:Creator=Jane '" +
      path + "'");
  return ReadFileBytes(path);
}

}  // namespace civic311::media::testing
