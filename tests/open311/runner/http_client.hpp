// A plain-socket HTTP/1.1 client for the Open311 suite: one request per connection
// ("Connection: close"), exact bytes on the wire, a deadline on everything.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace open311_suite {

struct HttpResponse {
  int status = 0;  // 0: no response; see error
  std::string error;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;

  // All values of a header (name in any case).
  std::vector<std::string> Values(std::string name) const;
};

// Sends `raw` (a complete request) to 127.0.0.1:port and reads the answer until the server
// closes the connection. Content-Length and chunked bodies are decoded.
HttpResponse Exchange(std::uint16_t port, const std::string& raw,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace open311_suite
