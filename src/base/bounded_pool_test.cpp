#include "base/bounded_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace civic311 {
namespace {

TEST(BoundedPool, RefusesWhenEveryThreadIsBusyAndTheQueueIsFull) {
  BoundedPool pool(1, 2);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  std::function<void()> blocker = [&, released] {
    started.set_value();
    released.wait();
  };
  ASSERT_TRUE(pool.TryPost(blocker));
  started.get_future().wait();
  std::atomic<int> ran{0};
  std::function<void()> count = [&] { ++ran; };
  std::function<void()> a = count, b = count, c = count;
  EXPECT_TRUE(pool.TryPost(a));
  EXPECT_TRUE(pool.TryPost(b));
  EXPECT_FALSE(pool.TryPost(c));      // two waiting: full
  EXPECT_TRUE(static_cast<bool>(c));  // a refused job is left to the caller
  EXPECT_EQ(pool.queued(), 2u);
  release.set_value();
  pool.Post(count);  // waits for room, never refused
  while (ran.load() < 3) std::this_thread::yield();
  EXPECT_EQ(pool.peak_running(), 1);
}

TEST(BoundedPool, DestructionRunsWhatWasQueued) {
  std::atomic<int> ran{0};
  {
    BoundedPool pool(2, 100);
    for (int i = 0; i < 50; ++i) pool.Post([&] { ++ran; });
  }
  EXPECT_EQ(ran.load(), 50);
}

}  // namespace
}  // namespace civic311
