// Open311 POST requests with multipart `media` files (GeoReport v2.1 draft) against the real
// binary: stored without metadata, served at media_url, liars refused, huge uploads refused from
// their headers. Test photos are made by ffmpeg and tagged by exiftool (both in scripts/setup).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "harness.hpp"

namespace civic311::it {
namespace {

namespace json = boost::json;

bool Sh(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0; }

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Every tag exiftool finds in the file, one "[Group] Tag : value" per line.
std::string Tags(const std::filesystem::path& file) {
  std::string out;
  FILE* p = popen(("exiftool -a -G1 -s '" + file.string() + "'").c_str(), "r");
  char buf[4096];
  size_t n;
  while (p != nullptr && (n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  if (p != nullptr) pclose(p);
  return out;
}

std::string Multipart(const Params& fields, const std::vector<std::string>& files,
                      const std::string& boundary) {
  std::string body;
  for (const auto& [k, v] : fields) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v +
            "\r\n";
  }
  int i = 0;
  for (const std::string& f : files) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"p" +
            std::to_string(i++) + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" + f + "\r\n";
  }
  return body + "--" + boundary + "--\r\n";
}

class MediaUploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    photo_path_ = tmp_.path() / "photo.jpg";
    if (!Sh("ffmpeg -nostdin -v error -f lavfi -i testsrc=size=320x240 -frames:v 1 -y '" +
            photo_path_.string() + "'") ||
        !Sh("exiftool -q -overwrite_original -n -GPSLatitude=42.3474 -GPSLatitudeRef=N "
            "-GPSLongitude=71.0944 -GPSLongitudeRef=W '" +
            photo_path_.string() + "'")) {
      GTEST_SKIP() << "ffmpeg and exiftool are needed to make a test photo (scripts/setup)";
    }
    city_.Start();
    city_.PlainServiceCode();
  }

  HttpResponse Post(const std::vector<std::string>& files) {
    Params form = city_.NewRequestForm("pothole with photos");
    const std::string boundary = "c311-test-boundary";
    return city_.Client().Send("POST", "/open311/v2/requests.json",
                               {{"Content-Type", "multipart/form-data; boundary=" + boundary}},
                               Multipart(form, files, boundary));
  }

  TempDir tmp_;
  std::filesystem::path photo_path_;
  Instance city_;
};

TEST_F(MediaUploadTest, PhotosAreStrippedStoredAndServedAtMediaUrl) {
  const std::string photo = ReadAll(photo_path_);
  ASSERT_NE(Tags(photo_path_).find("GPSLatitude"), std::string::npos);  // the test is real
  HttpResponse posted = Post({photo, photo});
  ASSERT_EQ(posted.status, 200) << posted.body;
  std::string id = json::value_to<std::string>(
      json::parse(posted.body).as_array().at(0).as_object().at("service_request_id"));

  HttpResponse got = city_.Client().Get("/open311/v2/requests/" + id + ".json");
  ASSERT_EQ(got.status, 200);
  std::string media_url = json::value_to<std::string>(
      json::parse(got.body).as_array().at(0).as_object().at("media_url"));
  const std::string prefix =
      "http://127.0.0.1:" + std::to_string(city_.server().port()) + "/media/";
  ASSERT_EQ(media_url.rfind(prefix, 0), 0u) << media_url;

  HttpResponse file = city_.Client().Get(media_url.substr(media_url.find("/media/")));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.Header("content-type"), "image/jpeg");
  EXPECT_EQ(file.Header("x-content-type-options"), "nosniff");
  EXPECT_NE(file.Header("cache-control").find("immutable"), std::string::npos);
  const auto stored = tmp_.path() / "stored.jpg";
  std::ofstream(stored, std::ios::binary) << file.body;
  const std::string tags = Tags(stored);
  EXPECT_NE(tags.find("ImageWidth"), std::string::npos) << tags;  // exiftool read it
  EXPECT_EQ(tags.find("GPS"), std::string::npos) << tags;

  // The files live beside the database, private to the server's user.
  EXPECT_TRUE(std::filesystem::is_directory(city_.db().string() + ".media"));
}

TEST_F(MediaUploadTest, AFileLyingAboutItsTypeIsAnOpen311Error) {
  HttpResponse posted = Post({"#!/bin/sh\necho this is no photo\n"});
  EXPECT_EQ(posted.status, 400) << posted.body;
  json::array errors = json::parse(posted.body).as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.at(0).as_object().at("code").as_int64(), 400);
  EXPECT_NE(json::value_to<std::string>(errors.at(0).as_object().at("description")).find("photo"),
            std::string::npos);
  // Nothing was filed.
  HttpResponse list = city_.Client().Get("/open311/v2/requests.json");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find("pothole with photos"), std::string::npos);
}

// A 50 MB upload (over [media] max_upload_mb, 40 by default) is answered 413 from its headers:
// the body is never sent here, so the server cannot have read or buffered it.
TEST_F(MediaUploadTest, FiftyMegabyteUploadIsRefusedFromItsHeaders) {
  HttpResponse r = SendRaw(city_.server().port(),
                           "POST /open311/v2/requests.json HTTP/1.1\r\nHost: t\r\n"
                           "Content-Type: multipart/form-data; boundary=x\r\n"
                           "Content-Length: 52428800\r\n\r\n");
  EXPECT_EQ(r.status, 413) << r.Describe();
  EXPECT_NE(r.body.find("\"code\":413"), std::string::npos) << r.body;  // Open311 format
  // The server is fine afterwards.
  EXPECT_EQ(city_.Client().Get("/open311/v2/services.json").status, 200);
}

}  // namespace
}  // namespace civic311::it
