// The live console (docs/console.md, "Live"): one broadcaster tells every open queue and request
// page what changed, as soon as the change is committed.
//
// Source: the timeline. Every change to a request — a new request ("created"), every staff
// action, an escalation, an Open311 update, from this process or any other writing the same
// database — appends one event in the change's own transaction, so the committed events in id
// order are exactly the committed changes. ONE thread tails them (ChangeFeed::ChangesAfter, an
// indexed range read of the newest rows) a few times a second, or at once when nudged by a
// change made in this process, and fans each one out to the subscribers in memory. No client
// ever queries the database for liveness: a thousand open queues cost one small read per tick.
//
// Subscribers are bounded (LiveOptions::max_subscribers: Subscribe fails with kUnavailable past
// it), never block the broadcaster (a subscriber only queues bytes; one that answers false is
// dropped), and receive a heartbeat every LiveOptions::heartbeat so idle connections stay open
// through proxies and dead ones are found. The last `replay` changes are kept so a reconnecting
// client (EventSource's Last-Event-ID) misses nothing recent.
//
// Thread-safety: every method is safe from any thread. Subscriber callbacks run on the
// broadcaster's thread (or the caller's, for PollOnce and the replay in Subscribe) and must not
// call back into the broadcaster.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/workflow_ports.hpp"
#include "base/result.hpp"

namespace civic311 {

// One committed timeline event, with what a subscriber needs to decide whether to show it.
struct LiveChange {
  std::int64_t event_id = 0;  // request_events.id: the feed's cursor and the SSE id
  RequestId request_id = 0;
  std::string kind;  // the event kind: "created", an ActionName(), "escalated", …
  RequestState state = RequestState::kSubmitted;
  bool internal_event = false;
  UserId actor_user_id = 0;
  Timestamp at{};
  // The request's row when the event was read (not necessarily as of the event).
  std::string department_code;
  bool internal_request = false;
  std::optional<UserId> reporter_user_id;
  std::int64_t version = 0;
};

// The committed timeline, read in id order (a port: the SQLite store implements it).
class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
  // The id of the newest event (0: none).
  virtual Result<std::int64_t> LastChangeId() = 0;
  // Events with id > after, oldest first, at most `limit`.
  virtual Result<std::vector<LiveChange>> ChangesAfter(std::int64_t after, int limit) = 0;
};

class LiveSubscriber {
 public:
  virtual ~LiveSubscriber() = default;
  // A change; false: drop me (the client has gone).
  virtual bool OnChange(const LiveChange& change) = 0;
  // Nothing happened for a while; false: drop me.
  virtual bool OnHeartbeat() = 0;
};

struct LiveOptions {
  std::chrono::milliseconds poll_interval{200};  // how often the timeline is read when not nudged
  std::chrono::milliseconds heartbeat{15'000};
  std::size_t max_subscribers = 500;
  std::size_t replay = 512;  // recent changes kept for reconnecting clients
  int batch = 500;           // events read per tick
};

class LiveBroadcaster {
 public:
  LiveBroadcaster(ChangeFeed& feed, LiveOptions options = {});
  ~LiveBroadcaster();
  LiveBroadcaster(const LiveBroadcaster&) = delete;
  LiveBroadcaster& operator=(const LiveBroadcaster&) = delete;

  // Starts after the newest committed event (earlier ones are history, not news) and starts the
  // thread. An error reading the feed is returned and nothing starts.
  Status Start();
  // Stops the thread and drops every subscriber. Idempotent.
  void Stop();

  // Adds a subscriber. With last_event_id, first replays the kept changes after it (a
  // reconnecting client). kUnavailable when max_subscribers are already subscribed.
  Status Subscribe(std::shared_ptr<LiveSubscriber> s,
                   std::optional<std::int64_t> last_event_id = std::nullopt);
  // A change was just committed in this process: read the timeline now, not at the next tick.
  void Nudge();
  std::size_t subscriber_count() const;

  // One tick by hand, without the thread (tests): reads new changes and fans them out.
  Status PollOnce();
  // Sends a heartbeat to every subscriber now (tests; the thread does it on its own).
  void HeartbeatNow();

 private:
  void Run();
  void Deliver(const std::vector<LiveChange>& changes);

  ChangeFeed& feed_;
  const LiveOptions options_;

  mutable std::mutex mu_;  // guards everything below
  std::condition_variable cv_;
  bool started_ = false;
  bool stopping_ = false;
  bool nudged_ = false;
  std::int64_t cursor_ = 0;
  std::deque<LiveChange> recent_;
  std::vector<std::shared_ptr<LiveSubscriber>> subscribers_;
  std::thread thread_;
  std::mutex poll_mu_;  // one PollOnce at a time (the thread and tests)
};

}  // namespace civic311
