// MediaService end to end on real parts: the libvips processor, files in a temporary directory,
// the request_media table of a real SQLite database, and the /media route.
#include "app/media_service.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "adapters/media/file_blob_store.hpp"
#include "adapters/media/media_routes.hpp"
#include "adapters/media/media_test_support.hpp"
#include "adapters/media/vips_processor.hpp"
#include "adapters/storage/sqlite/media_store.hpp"
#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311 {
namespace {

using namespace media::testing;
using ::civic311::testing::Day;
using ::civic311::testing::NewRequest;
using ::civic311::testing::TempDir;

class MediaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStore::Options o;
    o.path = dir_.File("m.db");
    o.clock = &clock_;
    store_ = std::move(SqliteStore::Open(o)).value();
    blobs_ = std::move(FileBlobStore::Open(dir_.File("m.db.media"))).value();
    index_ = std::make_unique<SqliteMediaIndex>(*store_, &clock_);
    media_ = std::make_unique<MediaService>(processor_, *blobs_, *index_, MediaLimits{});
    request_ = store_->Create(NewRequest("POTHOLE", Day(1))).value().id;
    router_.Add(http::Method::kGet, "/other",
                [](const http::Request&) { return http::Response{}; });
    AddMediaRoutes(router_, *media_);
  }

  http::Response Get(const std::string& path) {
    auto m = router_.Find(http::Method::kGet, path);
    if (m.handler == nullptr) {  // no route: the transport's 404
      http::Response none;
      none.status = 404;
      return none;
    }
    http::Request req;
    req.path = path;
    req.path_params = m.params;
    return (*m.handler)(req);
  }

  std::string Header(const http::Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }

  TempDir dir_;
  FakeClock clock_{Day(2)};
  std::unique_ptr<SqliteStore> store_;
  VipsMediaProcessor processor_;
  std::unique_ptr<FileBlobStore> blobs_;
  std::unique_ptr<SqliteMediaIndex> index_;
  std::unique_ptr<MediaService> media_;
  http::Router router_;
  RequestId request_ = 0;
};

TEST_F(MediaServiceTest, AcceptStoresPrivatelyAttachServesHideHides) {
  auto a = media_->Accept(MakeImage(120, 80, ".jpg"));
  ASSERT_TRUE(a.ok()) << a.error().message << a.error().detail;
  auto b = media_->Accept(MakeImage(50, 50, ".png"));
  ASSERT_TRUE(b.ok());
  const MediaItem& item = a->item;
  EXPECT_EQ(item.sha256.size(), 64u);
  EXPECT_TRUE(item.has_thumbnail);

  // Files 0600 in a 0700 directory.
  struct stat st {};
  ASSERT_EQ(::stat(dir_.File("m.db.media").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat(dir_.File("m.db.media/" + item.FileName()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // Not attached yet: not served.
  EXPECT_EQ(Get(item.Path()).status, 404);
  ASSERT_TRUE(media_->Attach(request_, {item, b->item}).ok());
  ASSERT_TRUE(media_->Attach(request_, {item}).ok());  // the same file again: once
  auto list = media_->ForRequest(request_, false);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].sha256, item.sha256);
  EXPECT_EQ((*list)[1].position, 1);
  EXPECT_EQ((*list)[1].mime, "image/png");
  EXPECT_EQ((*list)[0].created_at, Day(2));

  http::Response r = Get(item.Path());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "image/jpeg");
  EXPECT_EQ(r.body.substr(0, 3), "\xFF\xD8\xFF");
  EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Header(r, "Cache-Control"), "public, max-age=31536000, immutable");
  http::Response t = Get(item.ThumbnailPath());
  EXPECT_EQ(t.status, 200);
  EXPECT_EQ(t.content_type, "image/jpeg");
  EXPECT_EQ(Get("/media/" + item.sha256 + ".png").status, 404);  // wrong extension
  EXPECT_EQ(Get("/media/../m.db").status, 404);
  EXPECT_EQ(Get("/media/" + std::string(64, 'a') + ".jpg").status, 404);

  ASSERT_TRUE(media_->SetHidden(request_, item.sha256, true).ok());
  EXPECT_EQ(Get(item.Path()).status, 404);
  EXPECT_EQ(Get(item.ThumbnailPath()).status, 404);
  EXPECT_EQ(media_->ForRequest(request_, false)->size(), 1u);
  EXPECT_EQ(media_->ForRequest(request_, true)->size(), 2u);
  ASSERT_TRUE(media_->SetHidden(request_, item.sha256, false).ok());
  EXPECT_EQ(Get(item.Path()).status, 200);

  EXPECT_EQ(media_->SetHidden(request_ + 1, item.sha256, true).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(media_->Attach(request_ + 99, {item}).error().code, ErrorCode::kNotFound);
}

TEST_F(MediaServiceTest, RefusalsStoreNothing) {
  auto r = media_->Accept("just text, named photo.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(media_->Accept("").ok());
  std::size_t files = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir_.File("m.db.media")))
    ++files;
  EXPECT_EQ(files, 0u);
}

TEST(FileBlobStore, NamesAreCheckedAndPutIsIdempotent) {
  TempDir dir;
  auto store = FileBlobStore::Open(dir.File("media"));
  ASSERT_TRUE(store.ok());
  const std::string name = std::string(64, 'f') + ".jpg";
  ASSERT_TRUE((*store)->Put(name, "one").ok());
  ASSERT_TRUE((*store)->Put(name, "two").ok());  // content-addressed: the first stays
  EXPECT_EQ(*(*store)->Get(name).value(), "one");
  EXPECT_FALSE((*store)->Put("../evil.jpg", "x").ok());
  EXPECT_FALSE((*store)->Get("../../etc/passwd").value().has_value());
  EXPECT_FALSE((*store)->Get(std::string(64, 'F') + ".jpg").value().has_value());
  EXPECT_TRUE(FileBlobStore::ValidName(std::string(64, '0') + ".thumb.jpg"));
  EXPECT_FALSE(FileBlobStore::ValidName(std::string(64, '0') + ".j/g"));
  EXPECT_FALSE(FileBlobStore::Open("/proc/nope/media").ok());
}

}  // namespace
}  // namespace civic311
