#include "http/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <thread>

namespace civic311::http {
namespace {

// A heap task that runs a function and deletes itself.
class FnTask final : public WorkerPool::Task {
 public:
  explicit FnTask(std::function<void()> fn) : fn_(std::move(fn)) {}
  void Run() noexcept override {
    fn_();
    delete this;
  }

 private:
  std::function<void()> fn_;
};

void Post(WorkerPool& pool, std::function<void()> fn) { pool.Post(new FnTask(std::move(fn))); }

TEST(WorkerPool, RunsEveryTaskOnceFromManyThreads) {
  std::atomic<int> runs{0};
  {
    WorkerPool pool(4);
    std::vector<std::thread> posters;
    for (int t = 0; t < 4; ++t) {
      posters.emplace_back([&] {
        for (int i = 0; i < 10000; ++i) Post(pool, [&] { runs.fetch_add(1); });
      });
    }
    for (auto& t : posters) t.join();
    pool.Join();
    EXPECT_EQ(runs.load(), 40000);
    pool.Join();  // idempotent
  }
  EXPECT_EQ(runs.load(), 40000);
}

TEST(WorkerPool, BlockedTaskDoesNotBlockOthers) {
  WorkerPool pool(3);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> blocked{0};
  for (int i = 0; i < 2; ++i) {
    Post(pool, [&, released] {
      blocked.fetch_add(1);
      released.wait();
    });
  }
  std::promise<void> ran;
  Post(pool, [&] { ran.set_value(); });
  EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  release.set_value();
  pool.Join();
  EXPECT_EQ(blocked.load(), 2);
}

TEST(WorkerPool, SingleThreadRunsInOrder) {
  WorkerPool pool(1);
  std::vector<int> order;
  for (int i = 0; i < 100; ++i) Post(pool, [&order, i] { order.push_back(i); });
  pool.Join();
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[i], i);
}

TEST(WorkerPool, QueuedTasksWaitForAFreeWorker) {
  WorkerPool pool(1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> second{false};
  Post(pool, [released] { released.wait(); });
  Post(pool, [&] { second = true; });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(second.load());  // the only worker is busy
  release.set_value();
  pool.Join();
  EXPECT_TRUE(second.load());
}

}  // namespace
}  // namespace civic311::http
