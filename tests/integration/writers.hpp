// Load helpers shared by the durability, concurrency and lifecycle tests: client threads that
// POST service requests and remember every one the server acknowledged, and a parallel check
// that acknowledged requests are readable with the data that was sent.
//
// Thread-safety: Writers is started, stopped and read from one thread (the test's main thread);
// its workers synchronise internally.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace civic311::it {

// One request the server answered 2xx to.
struct Acked {
  std::string id;
  std::string description;  // unique per request: proves the stored data is ours
};

class Writers {
 public:
  // Starts `threads` clients posting to instance.port() as fast as they can, each on its own
  // keep-alive connection. Errors (e.g. the server was killed) are counted, never fatal; a
  // failed client pauses briefly and tries again. `tag` makes the descriptions unique.
  Writers(Instance& instance, int threads, std::string tag);
  ~Writers() { Stop(); }
  Writers(const Writers&) = delete;
  Writers& operator=(const Writers&) = delete;

  // Stops and joins the clients. Idempotent.
  void Stop();
  std::size_t acked_count() const { return acked_count_.load(); }
  std::size_t failed_count() const { return failed_count_.load(); }
  // Acknowledged requests so far (a snapshot).
  std::vector<Acked> acked() const;
  // A few distinct non-2xx answers (or transport errors), for diagnostics.
  std::vector<std::string> sample_failures() const;

 private:
  void Run(int index);

  const Instance& instance_;
  std::uint16_t port_;
  std::string tag_;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> acked_count_{0};
  std::atomic<std::size_t> failed_count_{0};
  mutable std::mutex mu_;
  std::vector<Acked> acked_;
  std::vector<std::string> failures_;
  std::vector<std::thread> threads_;
};

// GETs every acked request from `port` with `threads` clients; returns one message per request
// that is missing or differs (empty: all present and intact).
std::vector<std::string> FindMissing(std::uint16_t port, const std::vector<Acked>& acked,
                                     int threads = 8);
// "N problem(s):" and the first ten, for assertion messages.
std::string Summarize(const std::vector<std::string>& problems);

}  // namespace civic311::it
