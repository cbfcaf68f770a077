// The staff API's OpenAPI 3.0 document (GET /api/v1/openapi.json), in three pieces: the
// components (openapi_components.cpp), the paths (openapi_paths.cpp), and the assembly here,
// which adds what every operation shares so that each path lists only its own answers:
//   - every operation: 500 and 503, and "default" (the transport's rarer 408, 431) — the one
//     error shape;
//   - an operation that needs a sign-in (no "security": []): 401, 403 (a cookie session
//     without its CSRF token is a 403 on anything that changes state);
//   - an operation with a request body: 400 (not a JSON object, or bad members), 413, 415.
// RequestDetail is Request plus the detail's members, built here rather than written twice.
//
// Thread-safety: OpenApiDocument() is built once (a function-local static) and read-only after.
#pragma once

#include <boost/json.hpp>
#include <string_view>

namespace civic311::staff_api {

// The raw pieces (JSON text; parsed at first use: a mistake in them is a programmer error and
// throws from OpenApiDocument()).
std::string_view OpenApiComponentsText();
std::string_view OpenApiPathsText();

// The whole document.
const boost::json::value& OpenApiDocument();

}  // namespace civic311::staff_api
