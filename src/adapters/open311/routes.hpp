// The Open311 GeoReport v2 front door: routes under /open311 and the error renderer for them.
// https://wiki.open311.org/GeoReport_v2 — endpoints, parameters, extensions and every
// deliberate choice are in docs/open311.md.
//
//   GET  /open311/discovery.{json|xml}            (also /open311/v2/discovery.{fmt})
//   GET  /open311/v2/services.{fmt}
//   GET  /open311/v2/services/{service_code}.{fmt}
//   POST /open311/v2/requests.{fmt}               (api_key required)
//   GET  /open311/v2/requests.{fmt}
//   GET  /open311/v2/requests/{service_request_id}.{fmt}
//   GET  /open311/v2/tokens/{token}.{fmt}
//
// Handlers may block on the stores (they run on the server's worker threads) and never throw
// for anything a client or the database can cause.
#pragma once

#include <memory>
#include <string>

#include "app/media_service.hpp"
#include "app/request_service.hpp"
#include "http/api/router.hpp"

namespace civic311 {

// Adds every route above. `service` is shared by the handlers (kept alive by them). `media`
// (may be null: uploads are then ignored) takes the multipart `media` files of POST requests
// (GeoReport v2.1 draft); it must outlive the router.
void AddOpen311Routes(http::Router& router, std::shared_ptr<RequestService> service,
                      MediaService* media = nullptr);

// The transport's own errors (404 no route, 405, 413, …) for paths under /open311, in the
// Open311 error format: XML if the path ends in ".xml", else JSON.
http::Response RenderOpen311Error(int status, const std::string& message, const http::Request& req);

}  // namespace civic311
