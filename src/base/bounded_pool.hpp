// BoundedPool: a few threads of their own and a bounded queue, for expensive work that must
// neither hold the threads of others while it waits nor pile up without limit. Made for
// Argon2id: each run takes ~50–100 ms of CPU and 64 MiB, so `threads` bounds the memory
// (threads × 64 MiB) and `capacity` bounds how long a queued job can wait (about
// capacity / threads × run time) — past that, callers are told to come back later instead.
//
// Jobs run in FIFO order. TryPost never blocks: it refuses when `capacity` jobs are waiting.
// Post waits for room (for callers without anyone to refuse, e.g. the command line).
// Destruction runs every job already queued, then joins the threads.
// Thread-safety: TryPost/Post/queued from any thread; jobs must not throw (they are noexcept
// in effect: an escaping exception terminates).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace civic311 {

class BoundedPool {
 public:
  // threads >= 1, capacity >= 0 (0: a job is accepted only when a thread is free to take it).
  BoundedPool(int threads, std::size_t capacity);
  ~BoundedPool();
  BoundedPool(const BoundedPool&) = delete;
  BoundedPool& operator=(const BoundedPool&) = delete;

  // Queues `job` unless the queue is full; false (job untouched, not run) when it is.
  bool TryPost(std::function<void()>& job);
  // Queues `job`, waiting for room.
  void Post(std::function<void()> job);

  std::size_t queued();  // jobs waiting, not yet running
  int peak_running();    // the most jobs seen running at once
  int threads() const { return static_cast<int>(threads_.size()); }
  std::size_t capacity() const { return capacity_; }

 private:
  void Loop();
  bool Full() const;  // under mu_

  const std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable work_cv_;  // a job was queued, or stopping
  std::condition_variable room_cv_;  // a job left the queue
  std::deque<std::function<void()>> queue_;
  int idle_ = 0;  // threads waiting for a job
  int running_ = 0;
  int peak_running_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace civic311
