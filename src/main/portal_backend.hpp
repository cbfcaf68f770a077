// The back-end pieces the resident portal calls through app-layer ports (docs/portal-backend.md),
// built once by `serve` over the open SqliteStore: geocoder, knowledge base, Markdown renderer,
// media service. The portal's routes take references to the ports from here.
#pragma once

#include <memory>
#include <string>

#include "adapters/markdown/cmark_renderer.hpp"
#include "adapters/media/file_blob_store.hpp"
#include "adapters/media/vips_processor.hpp"
#include "adapters/storage/sqlite/gazetteer_store.hpp"
#include "adapters/storage/sqlite/knowledge_store.hpp"
#include "adapters/storage/sqlite/media_store.hpp"
#include "app/media_service.hpp"
#include "domain/city.hpp"
#include "domain/live_city.hpp"
#include "http/server.hpp"

namespace civic311 {

struct PortalBackend {
  std::unique_ptr<SqliteGazetteer> geocoder;
  std::unique_ptr<SqliteKnowledgeBase> knowledge;
  std::unique_ptr<CmarkRenderer> markdown;
  std::unique_ptr<FileBlobStore> blobs;
  std::unique_ptr<VipsMediaProcessor> processor;
  std::unique_ptr<SqliteMediaIndex> media_index;
  std::unique_ptr<MediaService> media;
};

// media_dir: where photos and videos are kept ("" = "<db>.media"). kUnavailable if it cannot be
// created or written. `store` and `clock` must outlive the result.
// `city`: the media service reads its [media] limits from it at each upload.
Result<std::unique_ptr<PortalBackend>> MakePortalBackend(SqliteStore& store, CitySource city,
                                                         const std::string& db_path,
                                                         const std::string& media_dir,
                                                         const Clock& clock);

// Lets the upload paths (Open311 POST requests, the portal's report form) carry the city's
// [media] max_upload_mb.
void AllowUploads(const City& city, http::ServerOptions& options);

}  // namespace civic311
