// Turning results into HTTP responses for the Open311 front door: the one place where an
// ErrorCode becomes an HTTP status and an Error becomes the spec's error list.
// https://wiki.open311.org/GeoReport_v2/#errors
#pragma once

#include <optional>
#include <string>

#include "adapters/open311/format.hpp"
#include "base/error.hpp"
#include "http/api/message.hpp"

namespace civic311::open311 {

// invalid argument 400, not found 404, conflict 409, unauthenticated 401, permission denied 403
// (the spec's answer to a missing or bad api_key), unavailable 503, internal 500.
int HttpStatusOf(ErrorCode code);

// A successful document: `status`, the content type of `f`, and for GET/HEAD the CORS header
// Access-Control-Allow-Origin: * (the data is public; browsers may read it from any page).
http::Response Document(Format f, int status, std::string body, const http::Request& req);

// The error list for `e`: one error per field problem ("field: problem"), else one with
// e.message. kInternal never shows its cause: the client reads "internal error (request id
// …)" and the detail goes to the log with that request id; kUnavailable is logged too.
http::Response ErrorResponse(Format f, const Error& e, const http::Request& req);

// One error with `status` and `message` (transport errors, unsupported formats).
http::Response ErrorResponse(Format f, int status, const std::string& message,
                             const http::Request& req);

// The format asked for: the route's last capture ("{format}"); nullopt when it is not json/xml
// (or, by misuse, there is no capture).
std::optional<Format> RequestFormat(const http::Request& req);

// What a client sent, for echoing in a message: at most `max_bytes`, cut at a character
// boundary, "…" appended when cut (the renderers escape it).
std::string Excerpt(std::string_view s, std::size_t max_bytes = 60);

// 404 for a resource asked in a format other than .json or .xml (rendered as JSON). The
// format is the request's last path capture.
http::Response UnsupportedFormat(const http::Request& req);

}  // namespace civic311::open311
