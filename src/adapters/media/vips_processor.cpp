#include "adapters/media/vips_processor.hpp"

#include <mutex>
#include <vips/vips8>

#include "adapters/media/exif_gps.hpp"
#include "adapters/media/poster_frame.hpp"
#include "adapters/media/sniff.hpp"

namespace civic311 {
namespace {

using vips::VError;
using vips::VImage;

std::once_flag g_vips_once;
bool g_vips_ok = false;

void InitVips() {
  g_vips_ok = VIPS_INIT("civic311") == 0;
  if (!g_vips_ok) return;
  vips_block_untrusted_set(TRUE);  // no ImageMagick, PDF, SVG… whatever the bytes say
  vips_concurrency_set(1);         // MediaService bounds the number of photos in flight
  vips_cache_set_max(0);           // nothing kept between uploads
}

Error NotAccepted() {
  return Error::InvalidField("media",
                             "the file is not a photo (JPEG, PNG, WebP or HEIC) or a video (MP4 or "
                             "WebM)");
}

Error Unreadable(std::string_view detail) {
  Error e = Error::InvalidField("media", "the photo could not be read: the file may be damaged");
  e.detail = std::string(detail);
  return e;
}

// Borrows `bytes` as a VipsBlob for the lifetime of this object.
class Blob {
 public:
  explicit Blob(std::string_view bytes)
      : blob_(vips_blob_new(nullptr, bytes.data(), bytes.size())) {}
  ~Blob() { vips_area_unref(VIPS_AREA(blob_)); }
  Blob(const Blob&) = delete;
  Blob& operator=(const Blob&) = delete;
  VipsBlob* get() const { return blob_; }

 private:
  VipsBlob* blob_;
};

std::string TakeBlob(VipsBlob* blob) {
  const VipsArea* area = VIPS_AREA(blob);
  std::string out(static_cast<const char*>(area->data), area->length);
  vips_area_unref(VIPS_AREA(blob));
  return out;
}

std::string Field(const VImage& img, const char* name) {
  // libvips keeps EXIF fields as VipsRefString (and a few as plain strings).
  const GType type = img.get_typeof(name);
  if (type != VIPS_TYPE_REF_STRING && type != G_TYPE_STRING) return {};
  return img.get_string(name);
}

VImage FitWithin(const VImage& img, int side) {
  const int longest = std::max(img.width(), img.height());
  if (longest <= side) return img;
  return img.resize(static_cast<double>(side) / longest);
}

// 8-bit sRGB (or grey) without alpha, ready for JPEG.
VImage ForJpeg(VImage img) {
  if (img.has_alpha()) {
    img = img.flatten(VImage::option()->set("background", std::vector<double>{255, 255, 255}));
  }
  if (img.interpretation() != VIPS_INTERPRETATION_sRGB &&
      img.interpretation() != VIPS_INTERPRETATION_B_W) {
    img = img.colourspace(VIPS_INTERPRETATION_sRGB);
  }
  if (img.format() != VIPS_FORMAT_UCHAR) img = img.cast(VIPS_FORMAT_UCHAR);
  return img;
}

std::string JpegBytes(const VImage& img, int quality) {
  return TakeBlob(ForJpeg(img).jpegsave_buffer(
      VImage::option()->set("strip", true)->set("Q", quality)->set("optimize_coding", true)));
}

}  // namespace

VipsMediaProcessor::VipsMediaProcessor(std::string ffmpeg) : ffmpeg_(std::move(ffmpeg)) {
  std::call_once(g_vips_once, InitVips);
}

bool VipsMediaProcessor::HeicSupported() {
  std::call_once(g_vips_once, InitVips);
  return g_vips_ok && vips_type_find("VipsOperation", "heifload_buffer") != 0;
}

Result<ProcessedMedia> VipsMediaProcessor::Process(std::string_view bytes,
                                                   const MediaLimits& limits) {
  if (!g_vips_ok) return Error::Unavailable("photos cannot be processed now", "VIPS_INIT failed");
  auto mime = media::SniffMimeType(bytes);
  if (!mime.ok()) return std::move(mime).error();
  const std::string& m = *mime;
  if (m == "image/jpeg" || m == "image/png" || m == "image/webp" || m == "image/heic" ||
      m == "image/heif") {
    if (bytes.size() > limits.max_photo_bytes) {
      return Error::InvalidField("media", "the photo is larger than " +
                                              std::to_string(limits.max_photo_bytes >> 20) + " MB");
    }
    return Photo(bytes, m, limits);
  }
  if (m == "video/mp4" || m == "video/webm") {
    if (bytes.size() > limits.max_video_bytes) {
      return Error::InvalidField("media", "the video is larger than " +
                                              std::to_string(limits.max_video_bytes >> 20) + " MB");
    }
    return Video(bytes, m, limits);
  }
  Error e = NotAccepted();
  e.detail = "sniffed " + m;
  return e;
}

Result<ProcessedMedia> VipsMediaProcessor::Photo(std::string_view bytes, const std::string& mime,
                                                 const MediaLimits& limits) {
  const bool heic = mime == "image/heic" || mime == "image/heif";
  if (heic && !HeicSupported()) {
    return Error::InvalidField("media",
                               "HEIC photos cannot be read here: please send it as JPEG (on an "
                               "iPhone: Settings > Camera > Formats > Most Compatible)");
  }
  ProcessedMedia out;
  out.kind = MediaKind::kPhoto;
  try {
    Blob blob(bytes);
    auto opts = [] { return VImage::option()->set("fail_on", VIPS_FAIL_ON_ERROR); };
    VImage img = mime == "image/jpeg"   ? VImage::jpegload_buffer(blob.get(), opts())
                 : mime == "image/png"  ? VImage::pngload_buffer(blob.get(), opts())
                 : mime == "image/webp" ? VImage::webpload_buffer(blob.get(), opts())
                                        : VImage::heifload_buffer(blob.get(), opts());
    // A small file can still decode to gigapixels: check the header before any pixel.
    if (static_cast<double>(img.width()) * img.height() > limits.max_photo_pixels) {
      return Error::InvalidField("media", "the photo has too many pixels");
    }
    if (auto gps = media::GpsPosition(
            Field(img, "exif-ifd3-GPSLatitude"), Field(img, "exif-ifd3-GPSLatitudeRef"),
            Field(img, "exif-ifd3-GPSLongitude"), Field(img, "exif-ifd3-GPSLongitudeRef"))) {
      out.location = PhotoLocation{gps->first, gps->second};
    }
    // Decode fully once (the loaders are lazy): a truncated or corrupt file fails here.
    VImage oriented = img.autorot().copy_memory();
    VImage stored = FitWithin(oriented, limits.max_photo_side);
    if (mime == "image/png") {
      out.content = TakeBlob(stored.pngsave_buffer(VImage::option()->set("strip", true)));
      out.mime = "image/png";
      out.ext = "png";
    } else if (mime == "image/webp") {
      out.content =
          TakeBlob(stored.webpsave_buffer(VImage::option()->set("strip", true)->set("Q", 85)));
      out.mime = "image/webp";
      out.ext = "webp";
    } else {  // JPEG, and HEIC converted to JPEG
      out.content = JpegBytes(stored, 85);
      out.mime = "image/jpeg";
      out.ext = "jpg";
    }
    out.width = stored.width();
    out.height = stored.height();
    out.thumbnail = JpegBytes(FitWithin(oriented, limits.thumbnail_side), 80);
  } catch (const VError& e) {
    vips_error_clear();
    return Unreadable(e.what());
  }
  return out;
}

Result<ProcessedMedia> VipsMediaProcessor::Video(std::string_view bytes, const std::string& mime,
                                                 const MediaLimits& limits) {
  ProcessedMedia out;
  out.kind = MediaKind::kVideo;
  out.mime = mime;
  out.ext = mime == "video/mp4" ? "mp4" : "webm";
  out.content = std::string(bytes);
  if (!ffmpeg_.empty()) {
    if (auto frame = media::PosterFrame(ffmpeg_, bytes, limits.thumbnail_side)) {
      // Re-encode through libvips: the poster carries no metadata either, and has a known size.
      try {
        Blob blob(*frame);
        VImage poster = VImage::jpegload_buffer(blob.get());
        out.thumbnail = JpegBytes(poster, 80);
      } catch (const VError&) {
        vips_error_clear();
      }
    }
  }
  return out;
}

}  // namespace civic311
