#include "domain/sla_pause.hpp"

#include <algorithm>

namespace civic311 {

std::chrono::seconds PausedTime(const LifecycleConfig& config, const std::vector<StateAt>& history,
                                Timestamp now) {
  std::chrono::seconds total{0};
  const StateAt* paused_since = nullptr;  // the entry that stopped the clock, while stopped
  auto add = [&](Timestamp until) {
    if (until > paused_since->at)
      total += std::chrono::duration_cast<std::chrono::seconds>(until - paused_since->at);
  };
  for (const StateAt& s : history) {
    const bool stops = config.StopsClock(s.state);
    if (stops && paused_since == nullptr) paused_since = &s;
    if (!stops && paused_since != nullptr) {
      add(s.at);
      paused_since = nullptr;
    }
  }
  if (paused_since != nullptr) add(std::max(now, paused_since->at));
  return total;
}

}  // namespace civic311
