// Server: the Boost.Beast/Asio HTTP/1.1 transport. Knows nothing of 311.
//
// Network threads (io_threads) only parse and write; every handler runs on a separate worker pool
// (handlers may block on the database), and the session awaits it. An asynchronous handler
// (Router::AddAsync) frees its worker at once and answers later through its Responder, from any
// thread; the session awaits that reply the same way. Every read and write has a
// deadline, every parser a header and body limit; bad bytes get a 4xx and the server keeps serving.
// Stop() stops accepting, lets in-flight requests finish (up to drain_timeout), then returns.
//
// Thread-safety: Start/Stop/Wait from the owning thread; handlers run concurrently on workers.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/metrics.hpp"
#include "base/result.hpp"
#include "http/api/router.hpp"

namespace civic311::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8311;  // 0: pick a free port (tests)
  int io_threads = 0;         // 0: hardware concurrency
  int worker_threads = 64;    // handlers may block on the database: keep many
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  // multipart/form-data POSTs to targets starting with one of upload_paths (raw, as sent:
  // "/open311/v2/requests.") may carry up to max_upload_bytes (photos, videos); a larger
  // Content-Length is refused with 413 before any of the body is read.
  std::size_t max_upload_bytes = 0;
  std::vector<std::string> upload_paths;
  std::chrono::seconds read_timeout{30};  // whole request, headers and body
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds idle_timeout{60};   // keep-alive between requests
  std::chrono::seconds drain_timeout{20};  // graceful shutdown
  // Catch SIGINT/SIGTERM from Start() on (a signal that arrives before WaitForSignal() is not
  // lost: WaitForSignal() then returns at once). The binary sets it; tests usually don't.
  bool handle_signals = false;
  // X-Forwarded-For / X-Forwarded-Proto are honoured only from these peer addresses.
  std::vector<std::string> trusted_proxies;
  // Renders the transport's own errors (400 bad request, 404 no route, 405, 408, 413, 431, 500,
  // 503) in the caller's format, e.g. the Open311 error list for /open311 paths. `req` may be only
  // partly filled (path and headers at least, when they could be parsed). Default: JSON
  // {"error": {"status": N, "message": "…"}}.
  std::function<Response(int status, const std::string& message, const Request& req)>
      error_renderer;
};

class Server {
 public:
  Server(ServerOptions options, std::shared_ptr<const Router> router, MetricsRegistry& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving; returns the bound port. kUnavailable if the address can't be bound.
  Result<std::uint16_t> Start();
  // Graceful: stop accepting, finish in-flight requests, close idle connections; waits for the
  // replies of asynchronous handlers still outstanding.
  void Stop();
  // Blocks until SIGINT or SIGTERM arrives, then calls Stop().
  void WaitForSignal();
  // Changes options.max_upload_bytes for every request whose head is read from now on (the
  // city's [media] limit, changed by an admin without a restart). Safe from any thread.
  void SetMaxUploadBytes(std::size_t bytes);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace civic311::http
