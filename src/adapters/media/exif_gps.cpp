#include "adapters/media/exif_gps.hpp"

#include <charconv>
#include <cmath>
#include <utility>

namespace civic311::media {

std::optional<double> ParseGpsRationals(std::string_view text) {
  double parts[3] = {0, 0, 0};
  std::size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    long long num = 0, den = 0;
    auto [p1, e1] = std::from_chars(text.data() + pos, text.data() + text.size(), num);
    if (e1 != std::errc() || p1 == text.data() + text.size() || *p1 != '/') return std::nullopt;
    auto [p2, e2] = std::from_chars(p1 + 1, text.data() + text.size(), den);
    if (e2 != std::errc() || den <= 0 || num < 0) return std::nullopt;
    parts[i] = static_cast<double>(num) / static_cast<double>(den);
    pos = static_cast<std::size_t>(p2 - text.data());
  }
  if (parts[1] >= 60 || parts[2] >= 60) return std::nullopt;
  return parts[0] + parts[1] / 60 + parts[2] / 3600;
}

std::optional<std::pair<double, double>> GpsPosition(std::string_view lat, std::string_view lat_ref,
                                                     std::string_view lon,
                                                     std::string_view lon_ref) {
  auto la = ParseGpsRationals(lat);
  auto lo = ParseGpsRationals(lon);
  if (!la || !lo || lat_ref.empty() || lon_ref.empty()) return std::nullopt;
  double lat_v = lat_ref.front() == 'S' ? -*la : lat_ref.front() == 'N' ? *la : NAN;
  double lon_v = lon_ref.front() == 'W' ? -*lo : lon_ref.front() == 'E' ? *lo : NAN;
  if (!std::isfinite(lat_v) || !std::isfinite(lon_v) || std::fabs(lat_v) > 90 ||
      std::fabs(lon_v) > 180 || (lat_v == 0 && lon_v == 0)) {
    return std::nullopt;
  }
  return std::make_pair(lat_v, lon_v);
}

}  // namespace civic311::media
