// Reading the EXIF GPS position of a photo from the text libvips gives for its EXIF fields
// ("exif-ifd3-GPSLatitude" = "42/1 21/1 2844/100 (42, 21, 28.44, Rational, 3 components, 24
// bytes)", "exif-ifd3-GPSLatitudeRef" = "N (N, ASCII, 2 components, 2 bytes)"). Pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace civic311::media {

// Degrees from a "d/1 m/1 s/100 (…)" rational triple; nullopt if malformed.
std::optional<double> ParseGpsRationals(std::string_view text);

// The signed position; nullopt unless all four fields parse and lie in range. (0, 0) is taken
// as "no fix" (cameras write it when they have none).
std::optional<std::pair<double, double>> GpsPosition(std::string_view lat, std::string_view lat_ref,
                                                     std::string_view lon,
                                                     std::string_view lon_ref);

}  // namespace civic311::media
