// AlertFanout: tells followers and area-alert subscribers, off the request's commit path
// (docs/notifications.md, "Follows and area alerts"). Intake writes nothing for them: this
// worker reads the timeline (request_events) after a cursor kept in the database, and for each
// event of a public request writes, in one transaction with the cursor's move, the e-mails it
// causes — "follow_update" to each confirmed follower of a public change, "alert_new" to each
// immediate alert a new request matches (candidates found by an R*Tree lookup of the point,
// then tested exactly), and digest items for digest alerts. A second sweep writes each digest
// alert's daily "alert_digest". The notification worker then delivers them like any e-mail.
//
// Several workers (serve and `civic311 worker`, several instances) may run it at once: the
// cursor moves by compare-and-set, so a batch is written by exactly one of them; message keys
// are unique, so a repeat is kept once.
//
// Ownership: borrows the store and the clock; shares the city. Thread-safety: Start/Stop from one
// thread; RunOnce/SendDueDigests may be called by tests instead of Start (not concurrently with
// it).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "app/alert_ports.hpp"
#include "base/metrics.hpp"
#include "domain/live_city.hpp"

namespace civic311 {

struct AlertFanoutOptions {
  std::chrono::milliseconds poll_interval{500};
  std::chrono::seconds digest_interval{60};
  int batch = 500;  // events per transaction
  MetricsRegistry* metrics = nullptr;
  // Called first on the fan-out's thread (Start), e.g. to lower its priority below intake's
  // (main/notify.cpp). May be null.
  std::function<void()> on_thread_start;
};

class AlertFanout {
 public:
  // `city`: one snapshot is taken per batch (RunOnce), so areas an admin redraws are matched
  // from the next batch on; the stored boxes of area alerts are refreshed when it changes.
  AlertFanout(AlertStore& store, CitySource city, const Clock& clock, AlertFanoutOptions options);
  ~AlertFanout();  // Stop()
  AlertFanout(const AlertFanout&) = delete;
  AlertFanout& operator=(const AlertFanout&) = delete;

  void Start();
  void Stop();  // idempotent

  // One batch of events: returns how many were read (0: nothing new).
  Result<int> RunOnce();
  // Writes the digests due by `due_by` (the clock's now; `civic311 alerts digest` passes a
  // later time to send them all at once): returns how many digest e-mails were written.
  Result<int> SendDueDigests(Timestamp due_by);

 private:
  void Loop();

  // The boxes of area alerts (the R*Tree's) are refreshed for a snapshot's areas.
  Status RefreshBoxes(const std::shared_ptr<const City>& city);

  AlertStore& store_;
  CitySource city_;
  std::shared_ptr<const City> boxes_for_;  // the snapshot the stored boxes were made for
  const Clock& clock_;
  AlertFanoutOptions options_;
  Counter* messages_ = nullptr;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace civic311
