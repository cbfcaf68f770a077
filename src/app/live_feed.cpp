#include "app/live_feed.hpp"

#include "base/log.hpp"

namespace civic311 {

LiveBroadcaster::LiveBroadcaster(ChangeFeed& feed, LiveOptions options)
    : feed_(feed), options_(options) {}

LiveBroadcaster::~LiveBroadcaster() { Stop(); }

Status LiveBroadcaster::Start() {
  auto last = feed_.LastChangeId();
  if (!last.ok()) return std::move(last).error();
  std::lock_guard lock(mu_);
  if (started_) return OkStatus();
  cursor_ = *last;
  started_ = true;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
  return OkStatus();
}

void LiveBroadcaster::Stop() {
  std::thread t;
  std::vector<std::shared_ptr<LiveSubscriber>> dropped;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    t = std::move(thread_);
    dropped.swap(subscribers_);
  }
  cv_.notify_all();
  if (t.joinable()) t.join();
  // Dropped outside the lock: a subscriber's destructor may close its stream.
}

Status LiveBroadcaster::Subscribe(std::shared_ptr<LiveSubscriber> s,
                                  std::optional<std::int64_t> last_event_id) {
  std::vector<LiveChange> replay;
  {
    std::lock_guard lock(mu_);
    if (subscribers_.size() >= options_.max_subscribers)
      return Error::Unavailable("too many live clients; try again later");
    if (last_event_id) {
      for (const LiveChange& c : recent_)
        if (c.event_id > *last_event_id) replay.push_back(c);
    }
  }
  for (const LiveChange& c : replay)
    if (!s->OnChange(c)) return OkStatus();  // gone already
  std::lock_guard lock(mu_);
  if (stopping_) return Error::Unavailable("shutting down");
  subscribers_.push_back(std::move(s));
  return OkStatus();
}

void LiveBroadcaster::Nudge() {
  {
    std::lock_guard lock(mu_);
    nudged_ = true;
  }
  cv_.notify_all();
}

std::size_t LiveBroadcaster::subscriber_count() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

Status LiveBroadcaster::PollOnce() {
  std::lock_guard poll(poll_mu_);
  std::int64_t after;
  {
    std::lock_guard lock(mu_);
    after = cursor_;
  }
  for (;;) {
    auto changes = feed_.ChangesAfter(after, options_.batch);
    if (!changes.ok()) return std::move(changes).error();
    if (changes->empty()) return OkStatus();
    after = changes->back().event_id;
    {
      std::lock_guard lock(mu_);
      cursor_ = after;
      for (const LiveChange& c : *changes) {
        recent_.push_back(c);
        if (recent_.size() > options_.replay) recent_.pop_front();
      }
    }
    Deliver(*changes);
    if (static_cast<int>(changes->size()) < options_.batch) return OkStatus();
  }
}

void LiveBroadcaster::Deliver(const std::vector<LiveChange>& changes) {
  std::vector<std::shared_ptr<LiveSubscriber>> subs;
  {
    std::lock_guard lock(mu_);
    subs = subscribers_;
  }
  std::vector<LiveSubscriber*> gone;
  for (const auto& s : subs) {
    for (const LiveChange& c : changes) {
      if (!s->OnChange(c)) {
        gone.push_back(s.get());
        break;
      }
    }
  }
  if (gone.empty()) return;
  std::lock_guard lock(mu_);
  std::erase_if(subscribers_, [&](const auto& s) {
    return std::find(gone.begin(), gone.end(), s.get()) != gone.end();
  });
}

void LiveBroadcaster::HeartbeatNow() {
  std::vector<std::shared_ptr<LiveSubscriber>> subs;
  {
    std::lock_guard lock(mu_);
    subs = subscribers_;
  }
  std::vector<LiveSubscriber*> gone;
  for (const auto& s : subs)
    if (!s->OnHeartbeat()) gone.push_back(s.get());
  if (gone.empty()) return;
  std::lock_guard lock(mu_);
  std::erase_if(subscribers_, [&](const auto& s) {
    return std::find(gone.begin(), gone.end(), s.get()) != gone.end();
  });
}

void LiveBroadcaster::Run() {
  auto next_heartbeat = std::chrono::steady_clock::now() + options_.heartbeat;
  bool failing = false;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || nudged_; });
      if (stopping_) return;
      nudged_ = false;
    }
    Status st = PollOnce();
    if (!st.ok() && !failing) {  // logged once per outage, not five times a second
      Log(LogLevel::kWarn, "live feed: reading the timeline failed",
          {{"error", st.error().detail}});
    }
    failing = !st.ok();
    if (std::chrono::steady_clock::now() >= next_heartbeat) {
      HeartbeatNow();
      next_heartbeat = std::chrono::steady_clock::now() + options_.heartbeat;
    }
  }
}

}  // namespace civic311
