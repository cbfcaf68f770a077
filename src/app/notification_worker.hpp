// NotificationWorker: delivers the e-mail, SMS and dispatch messages of the outbox
// (docs/notifications.md). One thread per lane: lane 1 (dispatch, urgent) polls often and never
// waits behind lane 0 (ordinary mail). Each round claims due messages of the lane's configured
// channels with a lease, sends each through its channel and records the outcome: delivered
// (recorded in small groups, one transaction each), failed (retried with exponential backoff
// and jitter), or parked (rejected permanently, or still failing after the channel's budget).
// A message to an address that used its stop link is not sent (recorded as delivered, with the
// reason). Delivered rows older than 7 days and parked rows older than 90 are purged.
//
// At least once: a crash between a send and its record means one repeat, with the same
// Message-ID / SMS reference, for receivers to de-duplicate.
//
// Ownership: borrows outbox, channels and clock, which must outlive it.
// Thread-safety: Start/Stop from one thread; RunOnce may be called by tests instead of Start.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/notify_ports.hpp"
#include "base/metrics.hpp"

namespace civic311 {

struct NotificationWorkerOptions {
  std::chrono::milliseconds poll_interval{1000};        // lane 0
  std::chrono::milliseconds urgent_poll_interval{200};  // lane 1
  // How long claimed messages belong to this worker. A round stops sending once half of it has
  // passed (the rest wait for the lease to end), so another instance never sends them meanwhile;
  // after a crash, the unsent rest of a round is delivered when its lease ends.
  std::chrono::seconds lease{60};
  int batch = 50;
  // Deliveries are recorded every `record_every` messages (one transaction each): a crash
  // repeats at most that many.
  int record_every = 10;
  std::chrono::hours keep_delivered{24 * 7};
  std::chrono::hours keep_parked{24 * 90};
  std::chrono::minutes purge_interval{60};
  std::function<double()> jitter;  // [0, 1) per retry; null: random
  // Work done on lane 0's thread every `periodic_interval` (the staff digests, which write to
  // the outbox); null: none. Errors are its own to log.
  std::function<void()> periodic;
  std::chrono::seconds periodic_interval{60};
  MetricsRegistry* metrics = nullptr;
};

class NotificationWorker {
 public:
  NotificationWorker(std::vector<NotifyChannel*> channels, NotifyOutbox& outbox, const Clock& clock,
                     NotificationWorkerOptions options);
  ~NotificationWorker();  // Stop()
  NotificationWorker(const NotificationWorker&) = delete;
  NotificationWorker& operator=(const NotificationWorker&) = delete;

  void Start();  // one thread per lane
  void Stop();   // lets the sends in flight finish, joins; idempotent

  // One round of `lane`: claim, send, record. Returns the number of messages handled.
  Result<int> RunOnce(int lane);

  // Kinds of the configured channels ("email", …).
  const std::vector<std::string>& kinds() const { return kinds_; }

 private:
  NotifyChannel* Find(std::string_view kind) const;
  void Loop(int lane);

  std::vector<NotifyChannel*> channels_;
  std::vector<std::string> kinds_;
  NotifyOutbox& outbox_;
  const Clock& clock_;
  NotificationWorkerOptions options_;
  Counter* delivered_ = nullptr;
  Counter* failed_ = nullptr;
  Counter* parked_ = nullptr;
  std::optional<Timestamp> last_purge_;     // lane 0's thread only
  std::optional<Timestamp> last_periodic_;  // lane 0's thread only

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace civic311
