// NotificationWorker: the one delivery worker of the one outbox (docs/notifications.md). It
// delivers every kind — e-mail, SMS, dispatch, webhook — through its channel (NotifyChannel),
// one thread per lane so that no kind waits behind another's backlog:
//   lane 0: e-mail and SMS to residents and staff (ordinary);
//   lane 1: urgent — emergency dispatch pushes and the on-duty alerts about them;
//   lane 2: webhooks (a slow endpoint never delays mail).
// Each round claims due messages of the lane's configured channels (their recipients as they
// are at that round) with a lease, sends each
// through its channel and records the outcome: delivered (recorded in groups, one statement
// each), failed (retried with exponential backoff and jitter), or parked (rejected permanently,
// or still failing after the channel's budget). A channel that fails_together() (webhook
// endpoint, dispatch URL) is not tried again for the same recipient in the same round: the rest
// go back untried. A message to an address that used its stop link is not sent (recorded as
// delivered, with the reason). Delivered rows older than 7 days and parked rows older than 90
// are purged, every kind; the options' other retention jobs run at the same time.
//
// Dispatch acknowledgement: an emergency push is acknowledged by a 2xx from the dispatch
// receiver. Lane 1 also looks for dispatch messages not acknowledged `dispatch_ack_timeout`
// after they were written (failing, parked, or never sent because no dispatch URL is
// configured) and writes, once per message, an e-mail and an SMS "dispatch_unacknowledged" to
// each on-duty contact of the city config (lane 1, delivered at once).
//
// At least once: a crash between a send and its record means a repeat, with the same
// Message-ID / SMS reference / X-Civic311-Delivery, for receivers to de-duplicate.
//
// Ownership: borrows outbox, channels and clock, which must outlive it.
// Thread-safety: Start/Stop from one thread; RunOnce may be called by tests instead of Start.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/notify_ports.hpp"
#include "base/metrics.hpp"
#include "domain/city.hpp"

namespace civic311 {

inline constexpr int kOrdinaryLane = 0;
inline constexpr int kUrgentLane = 1;
inline constexpr int kWebhookLane = 2;
inline constexpr int kLaneCount = 3;

// Retention work other than the outbox's, run with its purge (lane 0, every purge_interval):
// `run` deletes up to `limit` rows no longer kept at `now` and returns how many went (`limit`:
// more to go, run again next round). Errors are logged under `name`.
struct RetentionJob {
  std::string name;
  std::function<Result<int>(Timestamp now, int limit)> run;
};

struct NotificationWorkerOptions {
  std::chrono::milliseconds poll_interval{1000};        // lanes 0 and 2
  std::chrono::milliseconds urgent_poll_interval{200};  // lane 1
  // How long claimed messages belong to this worker. A round stops sending once half of it has
  // passed (the rest wait for the lease to end), so another instance never sends them meanwhile;
  // after a crash, the unsent rest of a round is delivered when its lease ends. Longer than
  // twice the slowest channel's deadline (webhook: 15 s).
  std::chrono::seconds lease{60};
  int batch = 50;
  // Deliveries are recorded every `record_every` messages, or sooner when `record_after` has
  // passed since the round's last record (one UPDATE each): a crash repeats at most that many.
  // Fewer, larger records keep the worker's writes from competing with intake for the one
  // SQLite writer (docs/performance.md).
  int record_every = 50;
  std::chrono::milliseconds record_after{500};
  std::chrono::hours keep_delivered{24 * 7};
  std::chrono::hours keep_parked{24 * 90};
  std::chrono::minutes purge_interval{60};
  std::vector<RetentionJob>
      retention;  // e.g. the portal's registrations (app/registration_retention.hpp)
  std::function<double()> jitter;  // [0, 1) per retry; null: random
  // Work done on lane 0's thread every `periodic_interval` (the staff digests, which write to
  // the outbox); null: none. Errors are its own to log.
  std::function<void()> periodic;
  std::chrono::seconds periodic_interval{60};
  MetricsRegistry* metrics = nullptr;
  // Dispatch acknowledgement: who is alerted, and after how long ([dispatch], docs/config.md).
  std::vector<OnDutyContact> on_duty;
  std::chrono::seconds dispatch_ack_timeout{60};
  // The city's [[webhooks]]: only to fan out webhook messages written before migration 0014.
  std::vector<WebhookEndpoint> webhooks;
  // When set, read instead of `webhooks` at each fan-out (the live city's endpoints).
  std::function<std::vector<WebhookEndpoint>()> current_webhooks;
  // Called first on each lane's thread (Start), e.g. to lower the priority of the ordinary and
  // webhook lanes so that intake keeps the CPU during a storm (main/notify.cpp). May be null.
  std::function<void(int lane)> on_thread_start;
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

  // One round of `lane`: (lane 0: purge; lane 1: dispatch acknowledgement check; lane 2: old
  // webhook fan-out and gauges) claim, send, record. Returns the number of messages claimed.
  Result<int> RunOnce(int lane);

  // Kinds of the configured channels ("email", …).
  const std::vector<std::string>& kinds() const { return kinds_; }

  // The delay before retry number `attempt` (1: after the first failure): first * 2^(attempt-1)
  // capped at `max`, of which the upper half is scaled by jitter in [0, 1): in [d/2, d].
  static std::chrono::seconds Backoff(int attempt, double jitter, std::chrono::seconds first,
                                      std::chrono::seconds max);

 private:
  NotifyChannel* Find(std::string_view kind) const;
  void Loop(int lane);
  void CheckDispatchAcknowledgements(Timestamp now);
  void RefreshWebhookGauges(Timestamp now);

  std::vector<NotifyChannel*> channels_;
  std::vector<std::string> kinds_;
  // The claim routes, from the channels' recipients at each round: a channel's recipients may
  // change while the worker runs (webhook endpoints follow the configuration).
  std::vector<ClaimRoute> Routes() const;
  NotifyOutbox& outbox_;
  const Clock& clock_;
  NotificationWorkerOptions options_;
  Counter* delivered_ = nullptr;
  Counter* failed_ = nullptr;
  Counter* parked_ = nullptr;
  Counter* webhook_acknowledged_ = nullptr;
  Counter* webhook_failed_ = nullptr;
  Counter* dispatch_alerts_ = nullptr;
  struct Gauges {
    std::atomic<std::int64_t> pending{0}, failing{0}, unrouted{0}, oldest{0};
  };
  std::shared_ptr<Gauges> gauges_ = std::make_shared<Gauges>();  // gauges may outlive us
  std::optional<Timestamp> last_purge_;                          // lane 0's thread only
  std::optional<Timestamp> last_periodic_;                       // lane 0's thread only
  std::optional<Timestamp> last_fan_out_;                        // lane 2's thread only

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace civic311
