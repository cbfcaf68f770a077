#include "base/bounded_pool.hpp"

#include <algorithm>

namespace civic311 {

BoundedPool::BoundedPool(int threads, std::size_t capacity) : capacity_(capacity) {
  threads = std::max(1, threads);
  threads_.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

BoundedPool::~BoundedPool() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : threads_) t.join();
}

bool BoundedPool::Full() const {
  // Jobs an idle thread is about to take do not wait: they count against no one.
  const std::size_t takers = static_cast<std::size_t>(idle_);
  return queue_.size() >= capacity_ + takers;
}

bool BoundedPool::TryPost(std::function<void()>& job) {
  {
    std::lock_guard lock(mu_);
    if (Full()) return false;
    queue_.push_back(std::move(job));
  }
  work_cv_.notify_one();
  return true;
}

void BoundedPool::Post(std::function<void()> job) {
  {
    std::unique_lock lock(mu_);
    room_cv_.wait(lock, [&] { return !Full(); });
    queue_.push_back(std::move(job));
  }
  work_cv_.notify_one();
}

std::size_t BoundedPool::queued() {
  std::lock_guard lock(mu_);
  return queue_.size();
}

int BoundedPool::peak_running() {
  std::lock_guard lock(mu_);
  return peak_running_;
}

void BoundedPool::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    ++idle_;
    work_cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    --idle_;
    if (queue_.empty()) return;  // stopping, and nothing left to run
    std::function<void()> job = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    peak_running_ = std::max(peak_running_, running_);
    lock.unlock();
    room_cv_.notify_one();
    job();
    job = nullptr;  // release what the job holds before counting it done
    lock.lock();
    --running_;
  }
}

}  // namespace civic311
