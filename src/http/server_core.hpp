// ServerCore: what every Connection shares with its Server (internal to the http layer).
//
// Owned by Server::Impl and outlives every Connection: the io_context is the last member to go,
// and destroying it destroys any coroutine frame still suspended in it, whose Connection then
// unregisters here. Thread-safety: the registry is guarded by `mu`; the rest is read-only after
// Start or atomic.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>

#include "http/dispatch.hpp"
#include "http/http_metrics.hpp"
#include "http/proxy.hpp"
#include "http/server.hpp"
#include "http/worker_pool.hpp"

namespace civic311::http {

class Connection;

struct ServerCore {
  ServerCore(ServerOptions opts, std::shared_ptr<const Router> r, MetricsRegistry& registry)
      : options(std::move(opts)),
        router(std::move(r)),
        stats(std::make_shared<ServerStats>()),
        metrics(registry, stats),
        pool(options.worker_threads) {}

  DispatchContext dispatch_context() const {
    return {router.get(), &proxies, &options.error_renderer};
  }

  // Connection registry, walked by the deadline sweeper and by Stop().
  void Register(Connection* c);
  void Unregister(Connection* c);
  template <typename Fn>
  void ForEachConnection(Fn&& fn) {
    std::lock_guard lock(mu);
    for (Connection* c = head; c != nullptr; c = NextOf(c)) fn(c);
  }
  static Connection* NextOf(Connection* c);

  // Requests handed to the worker pool whose response is not back yet (asynchronous handlers may
  // answer from other threads after the pool has stopped): Stop() waits for zero.
  void TaskStarted() {
    std::lock_guard lock(tasks_mu);
    ++tasks;
  }
  void TaskFinished() {
    {
      std::lock_guard lock(tasks_mu);
      --tasks;
    }
    tasks_done.notify_all();
  }
  void WaitForTasks() {
    std::unique_lock lock(tasks_mu);
    tasks_done.wait(lock, [&] { return tasks == 0; });
  }

  const ServerOptions options;
  const std::shared_ptr<const Router> router;
  TrustedProxies proxies;  // set by Start, before serving
  std::shared_ptr<ServerStats> stats;
  HttpMetrics metrics;
  std::atomic<bool> stopping{false};
  // options.max_upload_bytes as it is now (Server::SetMaxUploadBytes), read per request.
  std::atomic<std::size_t> max_upload_bytes{options.max_upload_bytes};

  std::mutex mu;
  std::condition_variable drained;  // notified when a connection unregisters
  Connection* head = nullptr;
  std::size_t count = 0;

  std::mutex tasks_mu;
  std::condition_variable tasks_done;
  std::size_t tasks = 0;

  WorkerPool pool;              // handlers run here
  boost::asio::io_context ioc;  // sockets, timers, coroutines: declared last, destroyed first
};

}  // namespace civic311::http
