#include "adapters/media/demo_photo.hpp"

#include <functional>
#include <mutex>
#include <vips/vips8>

namespace civic311 {

std::string DemoPhotoJpeg(std::string_view caption, int variant) {
  using vips::VImage;
  static std::once_flag once;
  std::call_once(once, [] { (void)VIPS_INIT("civic311"); });
  const int w = 960, h = 720;
  const std::size_t hash =
      std::hash<std::string_view>()(caption) + static_cast<std::size_t>(variant);
  const double r = 60 + static_cast<double>(hash % 140),
               g = 60 + static_cast<double>((hash / 7) % 140),
               b = 60 + static_cast<double>((hash / 49) % 140);
  try {
    // A sky-to-ground gradient tinted by the service, with a darker "street" band.
    VImage y = VImage::xyz(w, h)[1] / static_cast<double>(h);
    VImage img =
        (y * std::vector<double>{r, g, b} + (1.0 - y) * std::vector<double>{200, 220, 240});
    VImage street = (VImage::xyz(w, h)[1] > h * (0.6 + 0.05 * variant))
                        .ifthenelse(std::vector<double>{70, 70, 75}, img);
    img = street.cast(VIPS_FORMAT_UCHAR)
              .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
    try {
      std::string label = std::string(caption) + " — Demo City";
      VImage text =
          VImage::text(label.c_str(),
                       VImage::option()->set("font", "DejaVu Sans Bold 40")->set("width", w - 80));
      VImage ink = text.embed(40, 40, w, h);
      img = ink.ifthenelse(std::vector<double>{255, 255, 255}, img,
                           VImage::option()->set("blend", true));
    } catch (const vips::VError&) {
      vips_error_clear();  // no fonts: a picture without a caption
    }
    void* buf = nullptr;
    std::size_t size = 0;
    img.write_to_buffer(".jpg", &buf, &size, VImage::option()->set("Q", 80)->set("strip", true));
    std::string out(static_cast<const char*>(buf), size);
    g_free(buf);
    return out;
  } catch (const vips::VError&) {
    vips_error_clear();
    return {};
  }
}

}  // namespace civic311
