#include "http/server.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <future>
#include <optional>
#include <thread>

#include "base/log.hpp"
#include "http/connection.hpp"
#include "http/server_core.hpp"

namespace civic311::http {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Deadline resolution: timeouts fire up to this much late. nginx-like coarse timers keep the
// per-request cost of a deadline to one atomic store.
constexpr auto kSweepInterval = std::chrono::milliseconds(200);
// After the drain timeout, force-closed connections get this long to unwind.
constexpr auto kForceCloseGrace = std::chrono::seconds(1);
constexpr auto kAcceptBackoff = std::chrono::milliseconds(50);

std::string HostPort(const std::string& host, std::uint16_t port) {
  bool v6 = host.find(':') != std::string::npos && host.front() != '[';
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, std::shared_ptr<const Router> router, MetricsRegistry& metrics)
      : core_(std::move(options), std::move(router), metrics),
        acceptor_strand_(asio::make_strand(core_.ioc)),
        acceptor_(acceptor_strand_) {}

  ~Impl() { Stop(); }

  Result<std::uint16_t> Start();
  void Stop();
  void WaitForSignal();
  void InstallSignalsLocked();  // state_mu_ held
  void SetMaxUploadBytes(std::size_t bytes) {
    core_.max_upload_bytes.store(bytes, std::memory_order_relaxed);
  }

 private:
  enum class State { kNew, kRunning, kStopped };

  Status Listen();
  asio::awaitable<void> Accept();
  asio::awaitable<void> Sweep();
  void WakeWaiters();

  ServerCore core_;  // first member: its io_context is destroyed last
  asio::strand<asio::io_context::executor_type> acceptor_strand_;
  tcp::acceptor acceptor_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::optional<asio::signal_set> signals_;
  std::vector<std::thread> threads_;

  std::mutex state_mu_;  // serializes Start/Stop; Stop is idempotent
  State state_ = State::kNew;

  std::mutex wait_mu_;  // WaitForSignal's wake-up: a signal, or Stop() from elsewhere
  std::condition_variable wait_cv_;
  bool wake_ = false;
};

Status Server::Impl::Listen() {
  const ServerOptions& o = core_.options;
  std::string host = o.host;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string where = HostPort(host, o.port);
  std::vector<tcp::endpoint> endpoints;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    endpoints.emplace_back(address, o.port);
  } else {
    tcp::resolver resolver(core_.ioc);
    auto results = resolver.resolve(host, std::to_string(o.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec) return Error::Unavailable("cannot listen on " + where + ": " + ec.message());
    for (const auto& r : results) endpoints.push_back(r.endpoint());
    // "localhost": prefer IPv4, which is what most clients try first.
    std::stable_partition(endpoints.begin(), endpoints.end(),
                          [](const tcp::endpoint& e) { return e.address().is_v4(); });
  }
  for (const auto& ep : endpoints) {
    boost::system::error_code e;
    acceptor_.open(ep.protocol(), e);
    if (!e) acceptor_.set_option(asio::socket_base::reuse_address(true), e);
    if (!e) acceptor_.bind(ep, e);
    if (!e) acceptor_.listen(asio::socket_base::max_listen_connections, e);
    if (!e) return OkStatus();
    ec = e;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  }
  return Error::Unavailable("cannot listen on " + where + ": " + ec.message());
}

Result<std::uint16_t> Server::Impl::Start() {
  std::lock_guard lock(state_mu_);
  if (state_ != State::kNew) return Error::Internal("http server started twice");
  auto proxies = TrustedProxies::Parse(core_.options.trusted_proxies);
  if (!proxies) return std::move(proxies).error();
  core_.proxies = std::move(*proxies);
  C311_TRY(Listen());
  boost::system::error_code ec;
  std::uint16_t port = acceptor_.local_endpoint(ec).port();

  core_.metrics.RegisterGauges();
  work_.emplace(core_.ioc.get_executor());
  asio::co_spawn(acceptor_strand_, Accept(), asio::detached);
  asio::co_spawn(core_.ioc, Sweep(), asio::detached);
  int n = core_.options.io_threads > 0 ? core_.options.io_threads
                                       : static_cast<int>(std::thread::hardware_concurrency());
  n = std::max(n, 1);
  for (int i = 0; i < n; ++i) {
    threads_.emplace_back([this] {
      for (;;) {
        try {
          core_.ioc.run();
          return;
        } catch (const std::exception& e) {
          Log(LogLevel::kError, "io thread caught an exception", {{"error", e.what()}});
        }
      }
    });
  }
  state_ = State::kRunning;
  if (core_.options.handle_signals) InstallSignalsLocked();
  Log(LogLevel::kInfo, "http server listening",
      {{"address", HostPort(acceptor_.local_endpoint(ec).address().to_string(), port)},
       {"io_threads", std::to_string(n)},
       {"worker_threads", std::to_string(core_.options.worker_threads)}});
  return port;
}

asio::awaitable<void> Server::Impl::Accept() {
  for (;;) {
    auto strand = asio::make_strand(core_.ioc);
    auto [ec, socket] = co_await acceptor_.async_accept(strand, kNoThrow);
    if (core_.stopping.load() || !acceptor_.is_open()) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      // Out of descriptors or memory: back off rather than spin; the listen queue holds the rest.
      Log(LogLevel::kWarn, "accept failed", {{"error", ec.message()}});
      asio::steady_timer backoff(acceptor_strand_, kAcceptBackoff);
      co_await backoff.async_wait(kNoThrow);
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    Connection::Start(std::make_shared<Connection>(core_, std::move(socket)));
  }
}

asio::awaitable<void> Server::Impl::Sweep() {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(kSweepInterval);
    auto [ec] = co_await timer.async_wait(kNoThrow);
    if (ec) co_return;
    std::int64_t now =
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
            .count();
    core_.ForEachConnection([now](Connection* c) { c->CheckDeadline(now); });
  }
}

void Server::Impl::Stop() {
  std::lock_guard lock(state_mu_);
  if (state_ != State::kRunning) {
    state_ = State::kStopped;
    return;
  }
  state_ = State::kStopped;
  core_.stopping.store(true);

  // 1. Stop accepting. 2. Close idle connections; busy ones close after their response.
  std::promise<void> closed;
  asio::post(acceptor_strand_, [this, &closed] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    closed.set_value();
  });
  closed.get_future().wait();  // the io threads are running: this is quick
  core_.ForEachConnection([](Connection* c) { c->RequestStop(false); });

  // 3. Wait for in-flight requests, up to the drain timeout; then force the rest closed.
  {
    std::unique_lock registry(core_.mu);
    auto deadline = Clock::now() + core_.options.drain_timeout;
    if (!core_.drained.wait_until(registry, deadline, [&] { return core_.count == 0; })) {
      Log(LogLevel::kWarn, "drain timeout: closing connections",
          {{"connections", std::to_string(core_.count)}});
      for (Connection* c = core_.head; c != nullptr; c = ServerCore::NextOf(c)) {
        c->RequestStop(true);
      }
      core_.drained.wait_for(registry, kForceCloseGrace, [&] { return core_.count == 0; });
    }
  }

  // 4. Stop the io threads, then wait for handlers still running on the pool and for replies of
  // asynchronous handlers still outstanding (a handler that never answers blocks here: handlers
  // must finish). Coroutines still suspended are destroyed with the io_context.
  work_.reset();
  core_.ioc.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  core_.pool.Join();
  core_.WaitForTasks();
  signals_.reset();
  WakeWaiters();
  Log(LogLevel::kInfo, "http server stopped");
}

void Server::Impl::WakeWaiters() {
  {
    std::lock_guard lock(wait_mu_);
    wake_ = true;
  }
  wait_cv_.notify_all();
}

void Server::Impl::InstallSignalsLocked() {
  signals_.emplace(core_.ioc, SIGINT, SIGTERM);
  signals_->async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    Log(LogLevel::kInfo, "signal received, stopping", {{"signal", std::to_string(signo)}});
    WakeWaiters();
  });
}

void Server::Impl::WaitForSignal() {
  {
    std::lock_guard lock(state_mu_);
    if (state_ != State::kRunning) return;
    if (!signals_) InstallSignalsLocked();
  }
  {
    std::unique_lock lock(wait_mu_);
    wait_cv_.wait(lock, [this] { return wake_; });
  }
  Stop();
}

Server::Server(ServerOptions options, std::shared_ptr<const Router> router,
               MetricsRegistry& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router), metrics)) {}

Server::~Server() = default;

Result<std::uint16_t> Server::Start() { return impl_->Start(); }
void Server::Stop() { impl_->Stop(); }
void Server::WaitForSignal() { impl_->WaitForSignal(); }
void Server::SetMaxUploadBytes(std::size_t bytes) { impl_->SetMaxUploadBytes(bytes); }

}  // namespace civic311::http
