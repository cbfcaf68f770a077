// LiveBroadcaster with a feed in memory: changes after the start reach every subscriber once, in
// order; a subscriber that answers false is dropped; the number of subscribers is bounded; a
// reconnecting subscriber gets the kept changes after its last id; heartbeats reach everyone.
#include "app/live_feed.hpp"

#include <gtest/gtest.h>

#include <mutex>

namespace civic311 {
namespace {

class FakeFeed final : public ChangeFeed {
 public:
  void Add(RequestId request) {
    std::lock_guard lock(mu_);
    LiveChange c;
    c.event_id = static_cast<std::int64_t>(changes_.size()) + 1;
    c.request_id = request;
    changes_.push_back(c);
  }
  Result<std::int64_t> LastChangeId() override {
    std::lock_guard lock(mu_);
    return static_cast<std::int64_t>(changes_.size());
  }
  Result<std::vector<LiveChange>> ChangesAfter(std::int64_t after, int limit) override {
    std::lock_guard lock(mu_);
    std::vector<LiveChange> out;
    for (const LiveChange& c : changes_)
      if (c.event_id > after && static_cast<int>(out.size()) < limit) out.push_back(c);
    return out;
  }

 private:
  std::mutex mu_;
  std::vector<LiveChange> changes_;
};

struct Recorder final : LiveSubscriber {
  std::vector<RequestId> seen;
  int heartbeats = 0;
  bool stay = true;
  bool OnChange(const LiveChange& c) override {
    seen.push_back(c.request_id);
    return stay;
  }
  bool OnHeartbeat() override {
    ++heartbeats;
    return stay;
  }
};

LiveOptions Manual() {
  LiveOptions o;
  o.poll_interval = std::chrono::hours(1);  // the tests tick by hand
  o.heartbeat = std::chrono::hours(1);
  o.max_subscribers = 2;
  o.replay = 3;
  o.batch = 2;  // several reads per tick
  return o;
}

TEST(LiveBroadcaster, ChangesAfterTheStartReachEverySubscriberInOrder) {
  FakeFeed feed;
  feed.Add(1);  // history: not news
  LiveBroadcaster live(feed, Manual());
  ASSERT_TRUE(live.Start().ok());
  auto a = std::make_shared<Recorder>(), b = std::make_shared<Recorder>();
  ASSERT_TRUE(live.Subscribe(a).ok());
  ASSERT_TRUE(live.Subscribe(b).ok());
  for (RequestId id : {10, 11, 12, 13, 14}) feed.Add(id);
  ASSERT_TRUE(live.PollOnce().ok());
  EXPECT_EQ(a->seen, (std::vector<RequestId>{10, 11, 12, 13, 14}));
  EXPECT_EQ(b->seen, a->seen);
  ASSERT_TRUE(live.PollOnce().ok());  // nothing new: nothing again
  EXPECT_EQ(a->seen.size(), 5u);
  live.HeartbeatNow();
  EXPECT_EQ(a->heartbeats, 1);
}

TEST(LiveBroadcaster, GoneSubscribersAreDroppedAndTheCountIsBounded) {
  FakeFeed feed;
  LiveBroadcaster live(feed, Manual());
  ASSERT_TRUE(live.Start().ok());
  auto a = std::make_shared<Recorder>(), b = std::make_shared<Recorder>();
  ASSERT_TRUE(live.Subscribe(a).ok());
  ASSERT_TRUE(live.Subscribe(b).ok());
  auto c = std::make_shared<Recorder>();
  Status full = live.Subscribe(c);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, ErrorCode::kUnavailable);
  b->stay = false;  // the client has gone
  feed.Add(7);
  ASSERT_TRUE(live.PollOnce().ok());
  EXPECT_EQ(live.subscriber_count(), 1u);
  EXPECT_TRUE(live.Subscribe(c).ok());
  a->stay = false;
  live.HeartbeatNow();
  EXPECT_EQ(live.subscriber_count(), 1u);
}

TEST(LiveBroadcaster, AReconnectingSubscriberGetsTheKeptChangesAfterItsLastId) {
  FakeFeed feed;
  LiveBroadcaster live(feed, Manual());
  ASSERT_TRUE(live.Start().ok());
  for (RequestId id : {1, 2, 3, 4}) feed.Add(id);  // event ids 1..4; the last 3 are kept
  ASSERT_TRUE(live.PollOnce().ok());
  auto r = std::make_shared<Recorder>();
  ASSERT_TRUE(live.Subscribe(r, /*last_event_id=*/2).ok());
  EXPECT_EQ(r->seen, (std::vector<RequestId>{3, 4}));
}

// The poll interval is an hour: only the nudge can make the thread read the new change.
TEST(LiveBroadcaster, TheThreadDeliversAtOnceWhenNudged) {
  struct Waiter final : LiveSubscriber {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<RequestId> seen;
    bool OnChange(const LiveChange& c) override {
      std::lock_guard lock(mu);
      seen.push_back(c.request_id);
      cv.notify_all();
      return true;
    }
    bool OnHeartbeat() override { return true; }
  };
  FakeFeed feed;
  LiveBroadcaster live(feed, Manual());
  ASSERT_TRUE(live.Start().ok());
  auto w = std::make_shared<Waiter>();
  ASSERT_TRUE(live.Subscribe(w).ok());
  feed.Add(42);
  live.Nudge();
  std::unique_lock lock(w->mu);
  ASSERT_TRUE(w->cv.wait_for(lock, std::chrono::seconds(30), [&] { return !w->seen.empty(); }));
  EXPECT_EQ(w->seen, (std::vector<RequestId>{42}));
}

}  // namespace
}  // namespace civic311
