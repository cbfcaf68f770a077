#include "http/connection.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <charconv>
#include <cstdio>

#include "base/log.hpp"
#include "http/api/stream.hpp"
#include "http/request_id.hpp"
#include "http/wire.hpp"

namespace civic311::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kHeaderReadSize = 8 * 1024;
constexpr std::size_t kBodyReadSize = 64 * 1024;
// Buffers grown past this by a big request or response are released between requests, so idle
// keep-alive connections stay small.
constexpr std::size_t kKeepCapacity = 64 * 1024;
// After an error response the client may still be sending (a rejected body): read and drop for
// a while before closing, or the kernel's RST could destroy the response before it is read.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kMaxLoggedText = 256;

std::int64_t ToNs(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

std::pair<int, const char*> StatusForParseError(const beast::error_code& ec) {
  if (ec == beast::http::error::header_limit) return {431, "request header fields too large"};
  if (ec == beast::http::error::body_limit) return {413, "request body too large"};
  return {400, "malformed request"};
}

std::string_view Truncated(std::string_view s) { return s.substr(0, kMaxLoggedText); }

}  // namespace

// ---- registry (ServerCore needs the complete Connection type) ----

void ServerCore::Register(Connection* c) {
  std::lock_guard lock(mu);
  c->next_ = head;
  if (head != nullptr) head->prev_ = c;
  head = c;
  ++count;
  stats->connections.fetch_add(1, std::memory_order_relaxed);
}

void ServerCore::Unregister(Connection* c) {
  {
    std::lock_guard lock(mu);
    if (c->prev_ == nullptr && head != c) return;  // never registered
    (c->prev_ != nullptr ? c->prev_->next_ : head) = c->next_;
    if (c->next_ != nullptr) c->next_->prev_ = c->prev_;
    --count;
    stats->connections.fetch_sub(1, std::memory_order_relaxed);
  }
  drained.notify_all();
}

Connection* ServerCore::NextOf(Connection* c) { return c->next_; }

// ---- lifecycle ----

Connection::Connection(ServerCore& core, Socket socket)
    : core_(core),
      socket_(std::move(socket)),
      buffer_(core.options.max_header_bytes + kHeaderReadSize + kBodyReadSize) {
  boost::system::error_code ec;
  auto ep = socket_.remote_endpoint(ec);
  if (!ec) {
    peer_.address = Canonical(ep.address());
    peer_.text = peer_.address.to_string();
  } else {
    peer_.text = "unknown";
  }
  head_.reserve(512);
}

Connection::~Connection() { core_.Unregister(this); }

void Connection::Start(std::shared_ptr<Connection> c) {
  c->core_.Register(c.get());
  auto ex = c->socket_.get_executor();
  asio::co_spawn(ex, c->Run(c), asio::detached);
}

asio::awaitable<void> Connection::Run(std::shared_ptr<Connection> self) {
  (void)self;  // the frame's reference keeps the connection alive until the coroutine ends
  try {
    co_await Serve();
  } catch (const std::exception& e) {
    Log(LogLevel::kError, "connection failed", {{"client_ip", peer_.text}, {"error", e.what()}});
  }
  Close();
}

void Connection::Close() {
  ClearDeadline();
  boost::system::error_code ec;
  socket_.shutdown(asio::socket_base::shutdown_both, ec);
  socket_.close(ec);
}

// ---- the request loop ----

asio::awaitable<void> Connection::Serve() {
  for (bool first = true;; first = false) {
    ReadOutcome outcome = co_await ReadRequest(first);
    if (outcome == ReadOutcome::kClosed) co_return;
    core_.stats->inflight.fetch_add(1, std::memory_order_relaxed);
    co_await HandOff();
    if (resp_.stream && outcome == ReadOutcome::kRequest) {
      co_await WriteStream();
      co_return;
    }

    phase_ = Phase::kWriting;
    keep_alive_ = keep_alive_ && outcome == ReadOutcome::kRequest && !stop_requested_ &&
                  !core_.stopping.load(std::memory_order_relaxed);
    head_.clear();
    if (AppendResponseHead(resp_, {version_, keep_alive_, req_.request_id}, &head_) > 0) {
      Log(LogLevel::kWarn, "dropped invalid or framing response headers",
          {{"request_id", req_.request_id}, {"route", resp_.route}});
    }
    bool send_body = req_.method != Method::kHead && !StatusHasNoBody(resp_.status);
    std::array<asio::const_buffer, 2> buffers = {
        asio::buffer(head_), send_body ? asio::buffer(resp_.body) : asio::const_buffer()};
    SetDeadline(core_.options.write_timeout);
    auto [ec, n] = co_await asio::async_write(socket_, buffers, kNoThrow);
    ClearDeadline();
    core_.stats->inflight.fetch_sub(1, std::memory_order_relaxed);
    LogAndCount(send_body ? resp_.body.size() : 0, !ec);
    if (resp_.body.capacity() > kKeepCapacity) std::string().swap(resp_.body);

    if (ec) co_return;
    if (outcome == ReadOutcome::kError || (!keep_alive_ && buffer_.size() > 0)) {
      co_await Linger();
      co_return;
    }
    if (!keep_alive_) co_return;
  }
}

asio::awaitable<void> Connection::WriteStream() {
  std::shared_ptr<ResponseStream> stream = resp_.stream;
  // A stream is not a request in flight: it may stay open for hours.
  core_.stats->inflight.fetch_sub(1, std::memory_order_relaxed);
  phase_ = Phase::kStreaming;
  keep_alive_ = false;
  head_.clear();
  AppendResponseHead(resp_, {version_, false, req_.request_id}, &head_);
  resp_.stream.reset();
  std::size_t sent = 0;
  bool ok = true;
  if (req_.method != Method::kHead && !StatusHasNoBody(resp_.status)) {
    wake_timer_.emplace(socket_.get_executor());
    std::weak_ptr<Connection> weak = weak_from_this();
    stream->Attach([weak] {
      if (auto self = weak.lock()) {
        auto ex = self->socket_.get_executor();
        asio::post(ex, [self = std::move(self)] {
          if (self->wake_timer_) self->wake_timer_->cancel();
        });
      }
    });
  }
  SetDeadline(core_.options.write_timeout);
  auto [hec, hn] = co_await asio::async_write(socket_, asio::buffer(head_), kNoThrow);
  ClearDeadline();
  ok = !hec;
  std::string chunk;
  while (ok && wake_timer_) {
    const bool more = stream->Take(&chunk);
    if (!chunk.empty()) {
      SetDeadline(core_.options.write_timeout);
      auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(chunk), kNoThrow);
      ClearDeadline();
      ok = !ec;
      sent += n;
      continue;
    }
    if (!more || stop_requested_ || core_.stopping.load(std::memory_order_relaxed)) break;
    // A wake posted before this wait runs after it starts (same strand), so none is lost.
    wake_timer_->expires_at(Clock::time_point::max());
    co_await wake_timer_->async_wait(kNoThrow);
  }
  stream->Detach();
  wake_timer_.reset();
  LogAndCount(sent, ok);
}

asio::awaitable<void> Connection::Linger() {
  phase_ = Phase::kLingering;
  if (stop_requested_) co_return;
  SetDeadline(std::min<Clock::duration>(kLingerTime, core_.options.read_timeout));
  boost::system::error_code ec;
  socket_.shutdown(asio::socket_base::shutdown_send, ec);
  if (ec) co_return;
  buffer_.clear();
  for (;;) {
    auto [rec, n] = co_await socket_.async_read_some(buffer_.prepare(kHeaderReadSize), kNoThrow);
    if (rec) break;  // the client closed, the deadline passed, or Stop() came
  }
}

asio::awaitable<Connection::ReadOutcome> Connection::ReadRequest(bool first) {
  ResetRequest();
  parser_.emplace(req_, UploadLimit{core_.max_upload_bytes.load(std::memory_order_relaxed),
                                    &core_.options.upload_paths});
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(core_.options.max_header_bytes, UINT32_MAX)));
  parser_->body_limit(core_.options.max_body_bytes);
  parser_->eager(true);

  bool started = false;
  bool sent_continue = false;
  // Beast applies header_limit to each batch of unread bytes; we consume fields as they parse,
  // so the total is counted here (request line + all fields).
  std::size_t header_bytes = 0;
  if (buffer_.size() == 0) {
    if (stop_requested_ || core_.stopping.load(std::memory_order_relaxed)) {
      co_return ReadOutcome::kClosed;
    }
    phase_ = Phase::kIdle;
    SetDeadline(first ? core_.options.read_timeout : core_.options.idle_timeout);
  }
  for (;;) {
    if (buffer_.size() > 0) {
      if (!started) {
        started = true;
        BeginRequest();
      }
      beast::error_code ec;
      if (!parser_->is_header_done()) {
        // What is left of the header budget bounds this batch (Beast checks per batch only).
        if (header_bytes >= core_.options.max_header_bytes)
          co_return Fail(431, "request header fields too large");
        parser_->header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(core_.options.max_header_bytes - header_bytes, UINT32_MAX)));
      }
      std::size_t n = parser_->put(buffer_.data(), ec);
      buffer_.consume(n);
      if (!parser_->is_header_done()) header_bytes += n;
      if (ec == beast::http::error::need_more) ec = {};
      if (ec) {
        auto [status, message] = StatusForParseError(ec);
        co_return Fail(status, message);
      }
      if (parser_->is_done()) {
        // RFC 9112 §3.2: an HTTP/1.1 request without Host is a 400.
        if (parser_->version() == 11 && !HasHost()) co_return Fail(400, "missing Host header");
        version_ = parser_->version();
        keep_alive_ = parser_->keep_alive();
        AssignRequestId();
        ClearDeadline();
        co_return ReadOutcome::kRequest;
      }
      if (parser_->is_header_done() && parser_->expect_continue() && !sent_continue &&
          parser_->version() == 11) {
        sent_continue = true;
        static constexpr std::string_view k100 = "HTTP/1.1 100 Continue\r\n\r\n";
        auto [wec, wn] =
            co_await asio::async_write(socket_, asio::buffer(k100.data(), k100.size()), kNoThrow);
        if (wec) co_return ReadOutcome::kClosed;
      }
      if (n > 0 && buffer_.size() > 0) continue;
    }
    std::size_t want = parser_->is_header_done() ? kBodyReadSize : kHeaderReadSize;
    std::size_t room = buffer_.max_size() - buffer_.size();
    if (room == 0) co_return Fail(431, "request header fields too large");
    auto [ec, n] =
        co_await socket_.async_read_some(buffer_.prepare(std::min(want, room)), kNoThrow);
    if (ec) {
      if (started && timed_out_) co_return Fail(408, "request timeout");
      if (started && ec == asio::error::eof) co_return Fail(400, "incomplete request");
      co_return ReadOutcome::kClosed;  // idle timeout, stop, reset, or a clean close
    }
    buffer_.commit(n);
  }
}

void Connection::ResetRequest() {
  req_.method = Method::kOther;
  req_.path.clear();
  req_.target.clear();
  req_.query.clear();
  req_.form.clear();
  req_.files.clear();
  req_.headers.clear();
  if (req_.body.capacity() > kKeepCapacity) {
    std::string().swap(req_.body);
  } else {
    req_.body.clear();
  }
  req_.content_type.clear();
  req_.client_ip.clear();
  req_.secure = false;
  req_.request_id.clear();
  req_.path_params.clear();
  error_status_ = 0;
  error_message_.clear();
  version_ = 11;
  keep_alive_ = false;
  if (buffer_.size() == 0 && buffer_.capacity() > kKeepCapacity) buffer_.shrink_to_fit();
}

void Connection::BeginRequest() {
  phase_ = Phase::kReading;
  started_ = Clock::now();
  timed_out_ = false;
  deadline_ns_.store(ToNs(started_ + core_.options.read_timeout), std::memory_order_relaxed);
}

Connection::ReadOutcome Connection::Fail(int status, std::string message) {
  error_status_ = status;
  error_message_ = std::move(message);
  version_ = parser_->version();
  keep_alive_ = false;
  AssignRequestId();
  ClearDeadline();
  return ReadOutcome::kError;
}

bool Connection::HasHost() const {
  for (const auto& h : req_.headers)
    if (h.first == "host") return true;
  return false;
}

void Connection::AssignRequestId() {
  std::string_view incoming = req_.Header("x-request-id");
  if (IsSafeRequestId(incoming)) {
    req_.request_id.assign(incoming);
  } else {
    req_.request_id = NewRequestId();
  }
}

// ---- the hand-off to the worker pool ----

// The suspended coroutine's completion handler travels to a worker inside the task and is posted
// back to its own executor (the connection's strand) once the response is there: when the handler
// returns, or, for an asynchronous handler, when it sends its reply from whatever thread its work
// ran on. Tracked work keeps the io_context alive meanwhile, and ServerCore counts the task so
// that Stop() waits for replies still outstanding.
template <typename Handler>
class HandOffTask final : public WorkerPool::Task {
 public:
  HandOffTask(Connection* c, Handler h)
      : connection_(c),
        work_(asio::prefer(asio::get_associated_executor(h),
                           asio::execution::outstanding_work.tracked)),
        handler_(std::move(h)) {
    connection_->core_.TaskStarted();
  }

  void Run() noexcept override {
    connection_->Process([this](Response r) {
      connection_->resp_ = std::move(r);
      ServerCore& core = connection_->core_;
      {
        std::unique_ptr<HandOffTask> self(this);
        asio::post(std::move(handler_));
      }
      core.TaskFinished();
    });
  }

 private:
  Connection* connection_;
  asio::any_io_executor work_;
  Handler handler_;
};

asio::awaitable<void> Connection::HandOff() {
  phase_ = Phase::kHandling;
  ClearDeadline();
  core_.stats->queue_depth.fetch_add(1, std::memory_order_relaxed);
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
      [this](auto handler) {
        using Task = HandOffTask<decltype(handler)>;
        core_.pool.Post(new Task(this, std::move(handler)));
      },
      asio::use_awaitable);
}

void Connection::Process(Completion done) {
  core_.stats->queue_depth.fetch_sub(1, std::memory_order_relaxed);
  DispatchContext ctx = core_.dispatch_context();
  // Exactly one answer whatever happens below (an allocation failure after an asynchronous
  // handler has already answered must not answer twice).
  Responder reply(std::move(done), [] {
    Response r = DefaultErrorResponse(500, "internal error");
    r.route = kUnmatchedRoute;
    return r;
  });
  try {
    if (error_status_ != 0) {
      reply.Send(DispatchTransportError(ctx, peer_, error_status_, error_message_, req_));
    } else {
      Dispatch(ctx, peer_, req_, [reply](Response r) { reply.Send(std::move(r)); });
    }
  } catch (const std::exception& e) {  // only allocation failures get here
    Log(LogLevel::kError, "dispatch failed",
        {{"request_id", req_.request_id}, {"error", e.what()}});
    Response r = DefaultErrorResponse(500, "internal error");
    r.route = kUnmatchedRoute;
    reply.Send(std::move(r));
  }
}

// ---- observability ----

void Connection::LogAndCount(std::size_t body_bytes, bool write_ok) {
  double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  core_.metrics.Record(resp_.route, req_.method, resp_.status, seconds);
  if (!LogEnabled(LogLevel::kInfo)) return;
  std::string_view raw = req_.target;
  std::string_view raw_path = raw.substr(0, raw.find('?'));
  std::size_t query_len = raw.size() > raw_path.size() ? raw.size() - raw_path.size() - 1 : 0;
  std::string_view path = req_.path.empty() ? raw_path : std::string_view(req_.path);
  std::string_view method = parser_ ? std::string_view(parser_->method_text()) : "";
  char duration_ms[32];
  auto printed =
      std::to_chars(duration_ms, duration_ms + sizeof duration_ms, seconds * 1e3,
                    std::chars_format::fixed, 3);  // snprintf cost ~5,000 instructions a line
  std::string_view duration(duration_ms, printed.ptr - duration_ms);
  Log(LogLevel::kInfo, "request",
      {{"request_id", req_.request_id},
       {"method", Truncated(method.empty() ? "-" : method)},
       {"path", Truncated(path)},
       {"query_len", std::to_string(query_len)},
       {"status", std::to_string(resp_.status)},
       {"bytes", std::to_string(body_bytes)},
       {"duration_ms", duration},
       {"client_ip", req_.client_ip},
       {"user_agent", Truncated(req_.Header("user-agent"))},
       {"route", resp_.route},
       {"completed", write_ok ? "true" : "false"}});
}

// ---- deadlines and stopping ----

void Connection::SetDeadline(Clock::duration from_now) {
  timed_out_ = false;
  deadline_ns_.store(ToNs(Clock::now() + from_now), std::memory_order_relaxed);
}

void Connection::CheckDeadline(std::int64_t now_ns) {
  std::int64_t d = deadline_ns_.load(std::memory_order_relaxed);
  if (d <= 0 || d > now_ns) return;
  if (!deadline_ns_.compare_exchange_strong(d, kFired)) return;  // re-armed meanwhile
  if (auto self = weak_from_this().lock()) {
    asio::post(socket_.get_executor(), [self = std::move(self)] { self->OnDeadline(); });
  }
}

void Connection::OnDeadline() {
  // Still the deadline the sweeper saw? Otherwise the connection has moved on since.
  if (deadline_ns_.load(std::memory_order_relaxed) != kFired) return;
  timed_out_ = true;
  boost::system::error_code ec;
  socket_.cancel(ec);
}

void Connection::RequestStop(bool force) {
  if (auto self = weak_from_this().lock()) {
    asio::post(socket_.get_executor(), [self = std::move(self), force] { self->OnStop(force); });
  }
}

void Connection::OnStop(bool force) {
  stop_requested_ = true;
  boost::system::error_code ec;
  if (force) {
    socket_.close(ec);
  } else if (phase_ == Phase::kStreaming) {
    if (wake_timer_) wake_timer_->cancel();
  } else if (phase_ == Phase::kIdle || phase_ == Phase::kLingering) {
    socket_.cancel(ec);
  }
}

}  // namespace civic311::http
