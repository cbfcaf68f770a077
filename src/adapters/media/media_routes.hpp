// The public media route (docs/media.md):
//   GET /media/{sha256}.{ext}        a request's photo or video
//   GET /media/{sha256}.thumb.jpg    its thumbnail (poster frame for a video)
// Served only while attached to a request and not hidden (else 404), with the sniffed type,
// `X-Content-Type-Options: nosniff`, a year-long immutable cache (the name is the content's
// hash) and a CSP that lets nothing in the file run. Handlers run on worker threads.
#pragma once

#include "app/media_service.hpp"
#include "http/api/router.hpp"

namespace civic311 {

// `media` must outlive the router.
void AddMediaRoutes(http::Router& router, MediaService& media);

}  // namespace civic311
