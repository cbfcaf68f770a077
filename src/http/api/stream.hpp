// ResponseStream: the body of a response that is written a piece at a time, for as long as the
// client stays (Server-Sent Events). Transport-neutral: a handler returns a Response whose
// `stream` is set; the transport writes the head (no Content-Length, "Connection: close": the
// body ends when the connection does), then whatever is Send()-ed, in order, until Close() or
// until the client goes away.
//
// Bounded: at most `max_pending` bytes wait to be written. A client too slow to keep up is cut
// off (Send() returns false and the stream closes) rather than letting memory grow; an
// EventSource client reconnects with Last-Event-ID and catches up.
//
// Thread-safety: every method may be called from any thread. The transport attaches one waker;
// producers never block.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace civic311::http {

class ResponseStream {
 public:
  explicit ResponseStream(std::size_t max_pending = 256 * 1024) : max_pending_(max_pending) {}
  ResponseStream(const ResponseStream&) = delete;
  ResponseStream& operator=(const ResponseStream&) = delete;

  // Producer side. Queues `data` for the client. False (and nothing queued) when the stream is
  // closed, the client has gone, or the client is too far behind (the stream is closed then).
  bool Send(std::string_view data);
  // Ends the response once what is queued has been written. Idempotent.
  void Close();
  // False once closed or the client has gone.
  bool open() const;

  // Transport side. `wake` is called (from the producer's thread, under no lock of ours) when
  // data is queued or the stream closes; it must only schedule work, not do it.
  void Attach(std::function<void()> wake);
  // Moves what is queued into *out (cleared first). True while the stream may still produce.
  bool Take(std::string* out);
  // The client has gone or the server stops: later Send()s return false. Drops the waker.
  void Detach();

 private:
  const std::size_t max_pending_;
  mutable std::mutex mu_;
  std::string pending_;
  bool closed_ = false;
  std::function<void()> wake_;
};

}  // namespace civic311::http
