// How long a request's SLA clock has been stopped in total, from its history: the time spent in
// the city's clock-stopping open states (LifecycleConfig::clock_stopping, e.g. "waiting for a
// third party"). The stored clock (RequestWorkflow::clock_paused_at) keeps only the current
// pause; the desk shows the whole, so staff see why a due date moved (docs/console.md).
// Thread-safety: pure function.
#pragma once

#include <chrono>
#include <vector>

#include "base/clock.hpp"
#include "domain/lifecycle.hpp"
#include "domain/request_state.hpp"

namespace civic311 {

// The state a request entered at a moment (one timeline event).
struct StateAt {
  Timestamp at{};
  RequestState state = RequestState::kSubmitted;
};

// The total time, up to `now`, the request spent in clock-stopping states, given its states in
// time order (oldest first). A pause still running at the last entry counts until `now`.
// Entries out of order count nothing negative: a later entry with an earlier time ends the pause
// at zero length.
std::chrono::seconds PausedTime(const LifecycleConfig& config, const std::vector<StateAt>& history,
                                Timestamp now);

}  // namespace civic311
