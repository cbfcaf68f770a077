// A small blocking HTTP/1.1 client for the integration tests, over raw loopback sockets.
//
// Raw sockets rather than Beast on purpose: the robustness tests must be able to send bytes no
// well-behaved client would (garbage, half requests, oversized headers), and the same code then
// serves the ordinary GET/POST calls. Every operation has a deadline, so no test can hang on a
// server that stops answering. Responses are parsed for Content-Length, chunked and
// read-until-close bodies.
//
// Thread-safety: one HttpClient or Socket per thread; distinct objects are independent.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civic311::it {

using Params = std::vector<std::pair<std::string, std::string>>;
using Clock = std::chrono::steady_clock;

struct HttpResponse {
  int status = 0;     // 0: no (complete) response; see error
  std::string error;  // transport error, e.g. "connect: Connection refused", "timeout"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  bool keep_alive = true;

  bool ok() const { return status >= 200 && status < 300; }
  // First value of header `name` (lower-case), or empty.
  std::string Header(std::string_view name) const;
  // "status 404: {body…}" or "error: …", for assertion messages.
  std::string Describe() const;
};

// Percent-encodes everything outside unreserved characters (RFC 3986 §2.3).
std::string UrlEncode(std::string_view s);
// application/x-www-form-urlencoded body from (name, value) pairs.
std::string FormEncode(const Params& params);

// A connected loopback TCP socket (close-on-exec, so child processes never inherit it).
class Socket {
 public:
  Socket() = default;
  ~Socket() { Close(); }
  Socket(Socket&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Socket& operator=(Socket&& o) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // Connects to 127.0.0.1:port; empty string on success, else the error.
  std::string Connect(std::uint16_t port, std::chrono::milliseconds timeout);
  bool connected() const { return fd_ >= 0; }
  void Close();
  // Sends all of `data`; false (and *error set) on failure or when the deadline passes.
  bool SendAll(std::string_view data, Clock::time_point deadline, std::string* error = nullptr);
  // Receives what is available (waiting until the deadline): >0 bytes appended, 0 on orderly
  // close, -1 on error or timeout (*error set).
  long Receive(std::string& into, Clock::time_point deadline, std::string* error = nullptr);
  // Reads one response; `buffer` keeps bytes of any following response.
  HttpResponse ReadResponse(std::string& buffer, Clock::time_point deadline);
  // Waits until the peer closes the connection (true) or the deadline passes (false); any bytes
  // received meanwhile are appended to `got`.
  bool WaitForClose(Clock::time_point deadline, std::string* got = nullptr);

 private:
  int fd_ = -1;
};

// A keep-alive client for one server. Reconnects as needed.
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30))
      : port_(port), timeout_(timeout) {}

  HttpResponse Get(std::string_view target, const Params& headers = {});
  HttpResponse PostForm(std::string_view target, const Params& form, const Params& headers = {});
  HttpResponse Send(std::string_view method, std::string_view target, const Params& headers,
                    std::string_view body);
  void Close() { socket_.Close(); }

 private:
  std::uint16_t port_;
  std::chrono::milliseconds timeout_;
  Socket socket_;
  std::string buffer_;
};

// Opens a fresh connection, writes `bytes` as-is, and reads one response (or until close).
HttpResponse SendRaw(std::uint16_t port, std::string_view bytes,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace civic311::it
