#include <gtest/gtest.h>

#include "adapters/media/exif_gps.hpp"
#include "adapters/media/media_test_support.hpp"
#include "adapters/media/vips_processor.hpp"
#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311 {
namespace {

using namespace media::testing;

class MediaProcessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Shell("exiftool -ver")) GTEST_SKIP() << "exiftool is not installed (scripts/setup)";
  }
  // Every tag exiftool finds in bytes, one "Group:Tag" per line.
  std::string Tags(const std::string& bytes, const std::string& name) {
    const std::string path = dir_.File(name);
    WriteFileBytes(path, bytes);
    return Capture("exiftool -a -G1 -s '" + path + "'");
  }
  ::civic311::testing::TempDir dir_;
  VipsMediaProcessor processor_;
  MediaLimits limits_;
};

TEST_F(MediaProcessorTest, PhotoLosesEveryMetadataBlockAndIsOriented) {
  const std::string original = JpegWithGps(dir_.path(), 200, 100);
  ASSERT_NE(Tags(original, "in.jpg").find("GPSLatitude"), std::string::npos);  // the test is real

  auto out = processor_.Process(original, limits_);
  ASSERT_TRUE(out.ok()) << out.error().message << " " << out.error().detail;
  EXPECT_EQ(out->kind, MediaKind::kPhoto);
  EXPECT_EQ(out->mime, "image/jpeg");
  EXPECT_EQ(out->ext, "jpg");
  // Orientation 6: turned upright, so 200×100 becomes 100×200.
  EXPECT_EQ(out->width, 100);
  EXPECT_EQ(out->height, 200);
  // The location was read before stripping, for photo-first reporting.
  ASSERT_TRUE(out->location);
  EXPECT_NEAR(out->location->lat, 42.3474, 1e-4);
  EXPECT_NEAR(out->location->lon, -71.0944, 1e-4);

  for (const auto& [bytes, name] :
       {std::pair{out->content, "stored.jpg"}, std::pair{out->thumbnail, "thumb.jpg"}}) {
    std::string tags = Tags(bytes, name);
    EXPECT_EQ(tags.find("GPS"), std::string::npos) << name << ":\n" << tags;
    EXPECT_EQ(tags.find("SecretCam"), std::string::npos) << name << ":\n" << tags;
    EXPECT_EQ(tags.find("Jane"), std::string::npos) << name << ":\n" << tags;
    EXPECT_EQ(tags.find("Orientation"), std::string::npos) << name << ":\n" << tags;
    EXPECT_EQ(tags.find("[EXIF"), std::string::npos) << name << ":\n" << tags;
    EXPECT_EQ(tags.find("[XMP"), std::string::npos) << name << ":\n" << tags;
  }
  // libvips sees no EXIF either.
  vips::VImage stored = vips::VImage::new_from_buffer(out->content, "");
  EXPECT_EQ(stored.get_typeof("exif-data"), 0u);
}

TEST_F(MediaProcessorTest, LargePhotosAreScaledDownThumbnailsFit) {
  limits_.max_photo_side = 300;
  auto out = processor_.Process(MakeImage(900, 450, ".jpg"), limits_);
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_EQ(out->width, 300);
  EXPECT_EQ(out->height, 150);
  vips::VImage thumb = vips::VImage::new_from_buffer(out->thumbnail, "");
  EXPECT_LE(std::max(thumb.width(), thumb.height()), limits_.thumbnail_side);
  EXPECT_FALSE(out->location);
}

TEST_F(MediaProcessorTest, PngAndWebpStayWhatTheyAre) {
  auto png = processor_.Process(MakeImage(64, 48, ".png", /*alpha=*/true), limits_);
  ASSERT_TRUE(png.ok()) << png.error().detail;
  EXPECT_EQ(png->mime, "image/png");
  EXPECT_EQ(png->ext, "png");
  EXPECT_EQ(png->thumbnail.substr(0, 3), "\xFF\xD8\xFF");  // thumbnails are JPEG
  auto webp = processor_.Process(MakeImage(64, 48, ".webp"), limits_);
  ASSERT_TRUE(webp.ok()) << webp.error().detail;
  EXPECT_EQ(webp->mime, "image/webp");
}

TEST_F(MediaProcessorTest, FilesLyingAboutTheirTypeAreRefused) {
  const std::string lies[] = {
      "<?php system($_GET['c']); ?>",  // a script named photo.jpg
      "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
      "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00,",  // a GIF: not accepted
      "%PDF-1.4\n1 0 obj<<>>endobj\n",
      std::string("\x89PNG\r\n\x1a\n", 8) + std::string(200, 'x'),  // a PNG header, then junk
      std::string("\xFF\xD8\xFF\xE0", 4) + std::string(100, '\0'),  // a JPEG header, then junk
  };
  for (const std::string& bytes : lies) {
    auto out = processor_.Process(bytes, limits_);
    ASSERT_FALSE(out.ok()) << bytes.substr(0, 10);
    EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
    ASSERT_EQ(out.error().fields.size(), 1u);
    EXPECT_EQ(out.error().fields[0].field, "media");
  }
}

TEST_F(MediaProcessorTest, TooLargeAndTooManyPixels) {
  limits_.max_photo_bytes = 1000;
  auto big = processor_.Process(MakeImage(400, 400, ".png"), limits_);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("larger than"), std::string::npos);
  limits_ = MediaLimits{};
  limits_.max_photo_pixels = 1'000'000;
  auto bomb = processor_.Process(MakeImage(2000, 1000, ".png"), limits_);
  ASSERT_FALSE(bomb.ok());
  EXPECT_NE(bomb.error().message.find("too many pixels"), std::string::npos);
}

// HEIC needs libheif with an HEVC decoder. Without one the resident is told what to send
// instead; with one, a broken HEIC is refused like any broken photo. Never a crash or a 500.
TEST_F(MediaProcessorTest, HeicIsRefusedGracefullyWithoutADecoder) {
  std::string heic(
      "\0\0\0\x18"
      "ftypheic\0\0\0\0mif1heic",
      24);
  heic += std::string(64, '\0');
  auto out = processor_.Process(heic, limits_);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
  if (!VipsMediaProcessor::HeicSupported()) {
    EXPECT_NE(out.error().message.find("HEIC"), std::string::npos) << out.error().message;
  }
}

TEST_F(MediaProcessorTest, VideoWithPosterFrame) {
  const std::string path = dir_.File("clip.mp4");
  if (!Shell("ffmpeg -nostdin -v error -f lavfi -i testsrc=duration=1:size=160x120:rate=5 "
             "-pix_fmt yuv420p -y '" +
             path + "'")) {
    GTEST_SKIP() << "no ffmpeg to make a test video";
  }
  auto out = processor_.Process(ReadFileBytes(path), limits_);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->kind, MediaKind::kVideo);
  EXPECT_EQ(out->mime, "video/mp4");
  EXPECT_EQ(out->content, ReadFileBytes(path));
  ASSERT_FALSE(out->thumbnail.empty());
  EXPECT_EQ(out->thumbnail.substr(0, 3), "\xFF\xD8\xFF");
  limits_.max_video_bytes = 100;
  EXPECT_FALSE(processor_.Process(ReadFileBytes(path), limits_).ok());
  // Without ffmpeg: accepted, no poster.
  VipsMediaProcessor no_ffmpeg("/nonexistent/ffmpeg");
  auto plain = no_ffmpeg.Process(ReadFileBytes(path), MediaLimits{});
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->thumbnail.empty());
}

TEST(ExifGps, Rationals) {
  EXPECT_NEAR(*media::ParseGpsRationals("42/1 21/1 2844/100 (42, 21, 28.44, Rational, 3 comp)"),
              42.357900, 1e-6);
  EXPECT_FALSE(media::ParseGpsRationals("42/0 1/1 1/1"));
  EXPECT_FALSE(media::ParseGpsRationals("junk"));
  auto p = media::GpsPosition("42/1 0/1 0/1", "N (N, ASCII)", "71/1 30/1 0/1", "W (W, ASCII)");
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->second, -71.5);
  EXPECT_FALSE(media::GpsPosition("0/1 0/1 0/1", "N", "0/1 0/1 0/1", "E"));  // no fix
  EXPECT_FALSE(media::GpsPosition("95/1 0/1 0/1", "N", "1/1 0/1 0/1", "E"));
}

}  // namespace
}  // namespace civic311
