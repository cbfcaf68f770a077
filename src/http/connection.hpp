// Connection: one client TCP connection, served by one coroutine on its own strand.
//
// The coroutine reads top to bottom: read a request (Beast's parser with the header and body
// limits), hand it to the worker pool (Dispatch), resume on the strand, write the response, log
// and count it, and loop while the connection is kept alive. One request at a time per connection,
// so pipelined requests are answered in order.
//
// Deadlines are not timers per operation: each connection publishes one deadline (an atomic), and
// the server's sweeper, ticking a few times a second, cancels the socket operations of connections
// whose deadline has passed. Arming a deadline is then a single store on the hot path.
//
// A streamed response (Server-Sent Events, Response::stream) keeps the coroutine after the head:
// it waits on a timer that the producer's Send() cancels through the strand, writes what was
// queued under the write deadline, and ends the connection when the stream closes.
//
// Ownership: the coroutine frame holds the only long-lived shared_ptr; the server's registry holds
// a raw pointer, removed in the destructor under the registry lock.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "http/dispatch.hpp"
#include "http/request_parser.hpp"
#include "http/server_core.hpp"

namespace civic311::http {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
  using Socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, Strand>;

  Connection(ServerCore& core, Socket socket);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Registers the connection and starts its coroutine.
  static void Start(std::shared_ptr<Connection> c);

  // Called by the sweeper under the registry lock, from any thread: if the deadline has passed,
  // asks the strand to cancel the pending socket operation.
  void CheckDeadline(std::int64_t now_ns);
  // Called by Stop() under the registry lock. Graceful: an idle keep-alive connection closes now,
  // a busy one after its current response. Forced: the socket is closed at once.
  void RequestStop(bool force);

 private:
  friend struct ServerCore;
  template <typename Handler>
  friend class HandOffTask;
  enum class Phase { kIdle, kReading, kHandling, kWriting, kLingering, kStreaming };
  enum class ReadOutcome { kRequest, kError, kClosed };

  boost::asio::awaitable<void> Run(std::shared_ptr<Connection> self);
  boost::asio::awaitable<void> Serve();
  boost::asio::awaitable<ReadOutcome> ReadRequest(bool first);
  boost::asio::awaitable<void> Linger();
  // Writes a streamed response (Response::stream): the head, then each piece the producer sends,
  // until it closes, the client goes or the server stops. The connection then closes.
  boost::asio::awaitable<void> WriteStream();
  // Runs Process() on the worker pool and resumes on the strand once the response is set.
  boost::asio::awaitable<void> HandOff();
  // On a worker thread: dispatches the request; `done` gets the response exactly once (maybe
  // later, from another thread, for an asynchronous handler).
  void Process(Completion done);

  void ResetRequest();
  void BeginRequest();
  ReadOutcome Fail(int status, std::string message);
  void AssignRequestId();
  bool HasHost() const;
  void LogAndCount(std::size_t body_bytes, bool write_ok);

  void SetDeadline(std::chrono::steady_clock::duration from_now);
  void ClearDeadline() { deadline_ns_.store(kNoDeadline, std::memory_order_relaxed); }
  void OnDeadline();        // on the strand
  void OnStop(bool force);  // on the strand
  void Close();

  static constexpr std::int64_t kNoDeadline = 0;
  static constexpr std::int64_t kFired = -1;

  ServerCore& core_;
  Socket socket_;
  Peer peer_;
  boost::beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  Request req_;
  Response resp_;
  std::string head_;  // serialized response head, reused
  int error_status_ = 0;
  std::string error_message_;
  int version_ = 11;
  bool keep_alive_ = false;
  std::chrono::steady_clock::time_point started_;
  // While streaming: waits for the producer; cancelled (on the strand) to wake the writer.
  std::optional<boost::asio::steady_timer> wake_timer_;

  Phase phase_ = Phase::kIdle;                          // strand only
  bool timed_out_ = false;                              // strand only
  bool stop_requested_ = false;                         // strand only
  std::atomic<std::int64_t> deadline_ns_{kNoDeadline};  // steady clock; read by the sweeper

  Connection* prev_ = nullptr;  // registry links, guarded by ServerCore::mu
  Connection* next_ = nullptr;
};

}  // namespace civic311::http
