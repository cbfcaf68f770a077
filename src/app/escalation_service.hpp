// EscalationService: the escalation sweep. Finds open requests whose SLA clock runs and that are
// overdue or due soon (City::due_soon), applies the city's [[escalations]] rules (service match,
// trigger) and records each (request, SLA cycle, rule) exactly once: the escalations row, an
// internal "escalated" timeline event naming the rule and who is to be told, an audit entry and
// outbox messages ("webhook" as every timeline event, "email" naming the recipient for the
// notifications worker), all in one transaction (WorkflowStore::RecordEscalation).
//
// Exactly once holds with several sweeps at once, in one process or in several on one database:
// the store re-checks and inserts under the (request, cycle, rule) key in its write transaction.
// A due_soon rule fires only while the request is due soon and not yet overdue; a request first
// seen already overdue fires its overdue rules only. A reopened request (or one transferred with
// transfer_restarts_clock) starts a new SLA cycle and may escalate again, once per cycle.
//
// EscalationSweeper runs Sweep() every `interval` on its own thread until Stop() (or
// destruction); a failing sweep is logged and retried at the next tick.
//
// Ownership: borrows the store and clock, which must outlive it. Thread-safety: Sweep() is safe
// from many threads at once; it blocks on the store.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "app/workflow_ports.hpp"
#include "base/clock.hpp"
#include "base/metrics.hpp"
#include "domain/city.hpp"
#include "domain/live_city.hpp"

namespace civic311 {

struct SweepResult {
  int examined = 0;  // candidate requests read
  int recorded = 0;  // escalations this sweep recorded
};

class EscalationService {
 public:
  // catch_up: how long past its due time a request may be and still be escalated when a sweep
  // first sees it. Older misses — history imported or seeded, a server that was down for
  // weeks — are not escalated (they stay in the overdue queue): otherwise the first sweep after
  // an import would e-mail a department about every late request of past years.
  EscalationService(CitySource city, WorkflowStore& store, const Clock& clock,
                    std::chrono::hours catch_up = kDefaultCatchUp);

  // cancel: checked between candidates; a set flag ends the sweep early (what is recorded stays
  // recorded; the next sweep continues).
  Result<SweepResult> Sweep(const std::atomic<bool>* cancel = nullptr);

  static constexpr int kPageSize = 500;
  static constexpr std::chrono::hours kDefaultCatchUp{24 * 7};

 private:
  CitySource city_;
  WorkflowStore& store_;
  const Clock& clock_;
  std::chrono::hours catch_up_;
};

class EscalationSweeper {
 public:
  // recorded: counts recorded escalations (may be null). The first sweep runs at once.
  EscalationSweeper(EscalationService& service, std::chrono::milliseconds interval,
                    Counter* recorded = nullptr);
  ~EscalationSweeper();
  EscalationSweeper(const EscalationSweeper&) = delete;
  EscalationSweeper& operator=(const EscalationSweeper&) = delete;

  // Waits for a sweep in progress to end; idempotent.
  void Stop();

 private:
  void Loop();

  EscalationService& service_;
  const std::chrono::milliseconds interval_;
  Counter* recorded_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};  // ends a long sweep early on Stop()
  std::thread thread_;               // last: started once everything above exists
};

}  // namespace civic311
