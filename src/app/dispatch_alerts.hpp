// The on-duty alert about an emergency that dispatch did not acknowledge in time
// (docs/notifications.md, "Dispatch acknowledgement"): what the delivery worker writes, once per
// dispatch message, when no 2xx came from the dispatch receiver within [dispatch] ack_timeout.
// Thread-safety: pure functions.
#pragma once

#include <vector>

#include "app/notify_ports.hpp"
#include "domain/city.hpp"

namespace civic311 {

// For each on-duty contact: an e-mail (if they have an address) and an SMS (if they have a
// number), event "dispatch_unacknowledged", lane 1, in the contact's language, keyed
// "<dispatch key>.alert.<kind>.<recipient>" so that writing them twice keeps one. Their fields
// say why (attempts, the last error, whether it was parked); the store adds the dispatch
// message's own fields (the request's facts, location, callback number) when it writes them
// (NotifyOutbox::RecordDispatchAlert).
std::vector<OutboxMessage> DispatchAlerts(const OutboxItem& dispatch,
                                          const std::vector<OnDutyContact>& on_duty, Timestamp now);

}  // namespace civic311
