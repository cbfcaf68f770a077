#include "http/worker_pool.hpp"

namespace civic311::http {

WorkerPool::WorkerPool(int threads) {
  int n = threads > 0 ? threads : 1;
  std::lock_guard lock(mu_);
  for (int i = 0; i < n; ++i) {
    slots_.push_back(std::make_unique<Slot>());
    ++searching_;  // a new thread looks at the queue before it first sleeps
    threads_.emplace_back([this, slot = slots_.back().get()] { Loop(slot); });
  }
}

WorkerPool::~WorkerPool() { Join(); }

void WorkerPool::Post(Task* task) {
  Slot* wake = nullptr;
  {
    std::lock_guard lock(mu_);
    task->next_ = nullptr;
    (tail_ != nullptr ? tail_->next_ : head_) = task;
    tail_ = task;
    // A worker between tasks will see this task under the lock: no need to wake anyone.
    if (searching_ == 0 && idle_ != nullptr) {
      wake = idle_;
      idle_ = wake->next_idle;
      wake->wake = true;
      ++searching_;
    }
  }
  if (wake != nullptr) wake->cv.notify_one();
}

void WorkerPool::Loop(Slot* me) {
  std::unique_lock lock(mu_);
  for (;;) {
    if (head_ != nullptr) {
      Task* task = head_;
      head_ = task->next_;
      if (head_ == nullptr) tail_ = nullptr;
      --searching_;
      // More work queued and nobody else free to take it: wake a helper (bursts, blocked peers).
      Slot* helper = nullptr;
      if (head_ != nullptr && searching_ == 0 && idle_ != nullptr) {
        helper = idle_;
        idle_ = helper->next_idle;
        helper->wake = true;
        ++searching_;
      }
      lock.unlock();
      if (helper != nullptr) helper->cv.notify_one();
      task->Run();
      lock.lock();
      ++searching_;
      continue;
    }
    if (stop_) {
      --searching_;
      return;
    }
    --searching_;
    me->wake = false;
    me->next_idle = idle_;
    idle_ = me;
    me->cv.wait(lock, [me] { return me->wake; });
  }
}

void WorkerPool::Join() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    stop_ = true;
    while (idle_ != nullptr) {
      Slot* s = idle_;
      idle_ = s->next_idle;
      s->wake = true;
      ++searching_;
      s->cv.notify_one();
    }
    threads.swap(threads_);
  }
  for (auto& t : threads) t.join();
}

}  // namespace civic311::http
