// A video's poster frame, made by running ffmpeg (if installed) on a private temporary copy.
// Thread-safety: safe from any thread (each call has its own files and process).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace civic311::media {

// The first frame of `video` as a JPEG fitting `side`×`side`, or nullopt when ffmpeg is missing,
// cannot read the video, or runs longer than 20 seconds (it is then killed).
std::optional<std::string> PosterFrame(const std::string& ffmpeg, std::string_view video, int side);

}  // namespace civic311::media
