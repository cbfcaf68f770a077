// Photos for the demo city's replayed requests: real JPEGs drawn by libvips (a coloured scene
// with the service's name and "Demo City"), so the demo shows photos without downloading any.
// Thread-safety: safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace civic311 {

// A 960×720 JPEG with EXIF-free content; `variant` (0, 1, 2) changes colours and layout.
std::string DemoPhotoJpeg(std::string_view caption, int variant);

}  // namespace civic311
