// The bytes of an HTTP/1.x response head, written by hand rather than through Beast's serializer:
// one reused buffer per connection, no per-header allocations.
// Thread-safety: reentrant; the Date cache is per thread.
#pragma once

#include <string>
#include <string_view>

#include "http/api/message.hpp"

namespace civic311::http {

struct HeadOptions {
  int version = 11;             // of the request: 10 or 11
  bool keep_alive = true;       // false: "Connection: close"
  std::string_view request_id;  // echoed as X-Request-Id
};

// Appends the status line and headers (Server, Date, Content-Type, Content-Length — none for a
// streamed response —, X-Request-Id, Connection, then the handler's extra headers) and the blank
// line to `*out`. The handler may not set framing headers (Content-Length, Transfer-Encoding,
// Connection): those are dropped, and so is any header whose name is not a token or whose value
// holds CR, LF or NUL. Returns the number of dropped headers, for the caller to log.
int AppendResponseHead(const Response& resp, const HeadOptions& opts, std::string* out);

// "OK", "Not Found", …; "Unknown" for codes without a standard phrase.
std::string_view ReasonPhrase(int status);

// The default rendering of the transport's own errors: {"error":{"status":N,"message":"…"}}.
Response DefaultErrorResponse(int status, std::string_view message);

// True for statuses whose responses carry no body (1xx, 204, 304).
inline bool StatusHasNoBody(int status) { return status < 200 || status == 204 || status == 304; }

}  // namespace civic311::http
