// What a change to a request tells the outside world: the "webhook" outbox message every
// timeline event writes in its own transaction (delivered by the outbox worker, see
// docs/webhooks.md), and the event names receivers switch on.
//
// The payload carries the request's public facts and the public note only: never the reporter's
// contact details, never an internal note (a city's work-order system reads the rest through
// the staff API with its own credentials).
// Thread-safety: pure functions.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/workflow_ports.hpp"

namespace civic311 {

// "created", "state_changed", "assigned", "transferred", "note", "escalated", "updated":
// the webhook event for a timeline event kind (ActionName() values, "created", "escalated").
std::string_view WebhookEventName(std::string_view event_kind);

// The outbox message for `event` (as stored: id, kind, text, internal, at) on `r` (as stored).
OutboxMessage WebhookMessage(const TimelineEvent& event, const ServiceRequest& r);
// One webhook message per event: the RequestChange::make_outbox of every request change.
std::vector<OutboxMessage> WebhookMessages(const ServiceRequest& r,
                                           const std::vector<TimelineEvent>& events);

// {"key":"value",…} from keys the caller chose (not escaped) and text values (escaped): the
// `data` of timeline events.
using JsonFields = std::vector<std::pair<std::string_view, std::string>>;
std::string JsonStringObject(const JsonFields& fields);

// The "created" timeline event of a new request: internal (who took a call is staff business),
// state submitted, data {"channel": …}.
TimelineEvent CreatedEvent(const ServiceRequest& r, UserId actor);

}  // namespace civic311
