#include "main/portal_backend.hpp"

#include <algorithm>

namespace civic311 {

Result<std::unique_ptr<PortalBackend>> MakePortalBackend(SqliteStore& store, CitySource city,
                                                         const std::string& db_path,
                                                         const std::string& media_dir,
                                                         const Clock& clock) {
  auto b = std::make_unique<PortalBackend>();
  b->geocoder = std::make_unique<SqliteGazetteer>(store, &clock);
  b->knowledge = std::make_unique<SqliteKnowledgeBase>(store, &clock);
  b->markdown = std::make_unique<CmarkRenderer>();
  auto blobs = FileBlobStore::Open(media_dir.empty() ? db_path + ".media" : media_dir);
  if (!blobs.ok()) return std::move(blobs).error();
  b->blobs = std::move(blobs).value();
  b->processor = std::make_unique<VipsMediaProcessor>();
  b->media_index = std::make_unique<SqliteMediaIndex>(store, &clock);
  // Two photos decode at once at most: each may take ~100 MB at 50 megapixels.
  b->media =
      std::make_unique<MediaService>(*b->processor, *b->blobs, *b->media_index, std::move(city),
                                     /*max_concurrent=*/2);
  return b;
}

void AllowUploads(const City& city, http::ServerOptions& options) {
  options.max_upload_bytes = std::max(options.max_body_bytes, city.media.max_upload_bytes);
  for (const char* path : {"/open311/v2/requests.", "/report", "/staff/desk/create"}) {
    if (std::find(options.upload_paths.begin(), options.upload_paths.end(), path) ==
        options.upload_paths.end()) {
      options.upload_paths.emplace_back(path);
    }
  }
}

}  // namespace civic311
