// The SLA clock of one request: when it is due, whether the clock is stopped, and which SLA
// cycle it is in; and how a request stands against its target at a given moment.
//
// Rules (docs/workflow.md, "The SLA clock"):
//  - Entering a clock-stopping open state (City::lifecycle.clock_stopping) pauses the clock:
//    paused_at = now. Moving between clock-stopping states keeps the first pause start.
//  - Leaving the pause for a running open state pushes expected_at back by the time spent
//    paused: working time (CityCalendar::BusinessDuration) for business-unit targets, elapsed
//    time for minutes/hours/days targets.
//  - Closing clears the pause and keeps expected_at (it is history then).
//  - A restart (reopen; a transfer when City::transfer_restarts_clock) starts a new SLA cycle:
//    cycle + 1, expected_at = the service's target counted from now. Escalations are recorded
//    once per (request, rule, cycle), so a fresh cycle may escalate again.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

#include "base/clock.hpp"
#include "domain/city.hpp"
#include "domain/request_state.hpp"

namespace civic311 {

struct SlaClock {
  std::optional<Timestamp> expected_at;  // nullopt: the service has no target
  std::optional<Timestamp> paused_at;    // set while the clock is stopped
  int cycle = 0;                         // SLA cycles started after the first one
};

// The clock after a request of `service_code` moves to (or stays in) state `to` at `now`; `restart`
// starts a new cycle (see above). Without a city calendar, or for an unknown service, a restart
// keeps expected_at.
SlaClock NextSlaClock(const City& city, std::string_view service_code, const SlaClock& before,
                      RequestState to, bool restart, Timestamp now);

// expected_at pushed back by the pause [paused_at, now), in the kind of time the service's
// target counts (see above). nullopt stays nullopt.
std::optional<Timestamp> ExtendForPause(const City& city, std::string_view service_code,
                                        std::optional<Timestamp> expected_at, Timestamp paused_at,
                                        Timestamp now);

// How a request stands at `now`.
enum class SlaStatus {
  kNoTarget,  // no expected_at
  kClosed,    // not open: no longer measured
  kPaused,    // the clock is stopped: neither due soon nor overdue
  kOnTrack,
  kDueSoon,  // open, not paused, now <= expected_at <= DueSoonHorizon(now)
  kOverdue,  // open, not paused, expected_at < now
};
std::string_view SlaStatusName(SlaStatus s);  // "no_target", "closed", "paused", "on_track", …

// The latest expected_at that counts as due soon at `now`: `now` plus City::due_soon on the city
// calendar (elapsed time when there is no calendar). nullopt when due_soon is empty.
std::optional<Timestamp> DueSoonHorizon(const City& city, Timestamp now);

SlaStatus EvaluateSla(const City& city, RequestState state, const SlaClock& clock, Timestamp now);

}  // namespace civic311
