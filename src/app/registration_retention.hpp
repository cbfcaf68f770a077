// How long the portal keeps registrations (docs/portal.md, "Accounts"): a week after they were
// made, confirmed or not. The link itself expires sooner (AuthOptions::registration_ttl, 48 h)
// and the limit on confirmation e-mails looks back 24 h, so neither needs an older row.
// Thread-safety: the job may run on any thread while the store outlives it.
#pragma once

#include <chrono>

#include "app/notification_worker.hpp"
#include "app/portal_ports.hpp"

namespace civic311 {

inline constexpr std::chrono::hours kKeepRegistrations{24 * 7};

// The worker's retention job for `store` (borrowed: it must outlive the worker).
inline RetentionJob RegistrationRetention(RegistrationStore& store) {
  return RetentionJob{"registrations", [&store](Timestamp now, int limit) {
                        return store.PurgeRegistrations(now - kKeepRegistrations, limit);
                      }};
}

}  // namespace civic311
