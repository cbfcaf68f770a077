// What a change to a request tells whom: the typed outbox messages (app/workflow_ports.hpp,
// OutboxMessage) every timeline event writes in its own transaction — the "webhook" message for
// the city's other systems, the reporter's e-mail/SMS, the dispatch push of an emergency — and
// the event names receivers and templates switch on (docs/notifications.md).
//
// Privacy by construction: webhook messages carry the request's public facts and the public
// note only; a reporter's message carries their own request's public facts and the public note
// only. Internal events (internal notes, assignment, transfer, escalation) never reach a
// resident; internal requests never reach anyone outside staff.
// Thread-safety: pure functions.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/workflow_ports.hpp"
#include "domain/webhook.hpp"

namespace civic311 {

// "created", "state_changed", "assigned", "transferred", "note", "escalated", "updated":
// the webhook event for a timeline event kind (ActionName() values, "created", "escalated").
std::string_view WebhookEventName(std::string_view event_kind);

// The webhook body's fields for `event` (as stored: id, kind, text, internal, at) on `r`: a
// "webhook" message without a recipient (WebhookMessages addresses it).
OutboxMessage WebhookMessage(const TimelineEvent& event, const ServiceRequest& r);

// The "webhook" outbox messages for `event` on `r`: one per endpoint of `endpoints` that wants
// its event (recipient = the endpoint's name, lane 2, key "e<event id>.webhook.<name>"), so that
// each endpoint acknowledges on its own. None when no endpoint is configured.
std::vector<OutboxMessage> WebhookMessages(const TimelineEvent& event, const ServiceRequest& r,
                                           const std::vector<WebhookEndpoint>& endpoints);

// What the reporter of `r` is told of `event` (as stored), by e-mail and/or SMS as they left an
// address and/or a number, in their language: "received" (created), "state_changed" (a public
// change of state or a public note), "information_requested" (waiting for the resident),
// "resolved" (fixed: with the was-it-fixed survey), "duplicate" (closed as a duplicate).
// Empty for internal events, internal requests and reporters without contact details.
std::vector<OutboxMessage> ReporterMessages(const TimelineEvent& event, const ServiceRequest& r);

// What the reporters of `duplicates` (requests closed as duplicates of `parent`) are told when
// `parent` is resolved or closed by `event` (as stored): "parent_outcome", in each reporter's
// language, over e-mail and/or SMS, carrying their own tracking number (service_request_id),
// the parent's number, its new state and its public note — nothing of the parent's reporter.
// Key "e<event>.<kind>.dup<id>": once per duplicate and outcome. Empty for internal requests.
std::vector<OutboxMessage> ParentOutcomeMessages(const TimelineEvent& event,
                                                 const ServiceRequest& parent,
                                                 const std::vector<ServiceRequest>& duplicates);

// The emergency push (kind "dispatch", lane 1) of a new emergency request, or of one staff
// flagged as an emergency: the public facts, the location, the reporter's callback number
// (dispatch needs it) and, when flagged, the reason ("flagged_reason").
OutboxMessage DispatchMessage(const TimelineEvent& event, const ServiceRequest& r);

// Every message of a change: per event, its webhook messages (one per endpoint that wants it),
// the reporter's messages and — for the "created" event of an emergency or a "flag_emergency"
// event — the dispatch push. The RequestChange::make_outbox of every request change (with the
// city's [[webhooks]]).
std::vector<OutboxMessage> RequestNotices(const ServiceRequest& r,
                                          const std::vector<TimelineEvent>& events,
                                          const std::vector<WebhookEndpoint>& endpoints);

// An e-mail to a member of staff (assigned to them, transferred to their department,
// escalation): the request's facts a staff member may see, and a note (internal text allowed:
// staff only).
OutboxMessage StaffMessage(std::string_view event, std::string_view to, const ServiceRequest& r,
                           std::string_view note);

// Adds the public facts of `r` every message to a resident may carry (id, service, state,
// address, expected date; never contact details) to `m`.
void AddPublicFacts(OutboxMessage& m, const ServiceRequest& r);

// The idempotency key of a message about timeline event `event_id`: "e<id>.<what>".
std::string EventKey(std::int64_t event_id, std::string_view what);

// {"key":"value",…} from keys the caller chose (not escaped) and text values (escaped): the
// `data` of timeline events.
using JsonFields = std::vector<std::pair<std::string_view, std::string>>;
std::string JsonStringObject(const JsonFields& fields);

// The "created" timeline event of a new request: internal (who took a call is staff business),
// state submitted, data {"channel": …}.
TimelineEvent CreatedEvent(const ServiceRequest& r, UserId actor);

}  // namespace civic311
