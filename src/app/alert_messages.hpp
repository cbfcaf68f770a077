// The typed messages of follows and area alerts (docs/notifications.md, "Follows and area
// alerts"): what each says and to whom, as OutboxMessage fields; the e-mail channel renders
// them (templates/email/<event>.<lang>.{txt,html}.mustache).
//
// Privacy by construction: a follower or subscriber is told a request's public facts (number,
// service, state, address, the public note of a change) and nothing else — never the
// description, the reporter, contact details or internal text; internal requests and internal
// events never produce a message.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/workflow_ports.hpp"
#include "domain/alert.hpp"

namespace civic311 {

// "follow_confirm": please confirm you want updates on request `r` (the link comes from the
// renderer). One per request, address and day (the key), so repeated asks send one e-mail.
OutboxMessage FollowConfirmMessage(const ServiceRequest& r, std::string_view address,
                                   std::string_view lang, Timestamp now);

// "follow_update" for one follower of a public change `e` (as stored) of `r`: the state after
// the change and its public note. nullopt for events followers are not told of (internal ones,
// the creation, the reporter's own added information, internal requests).
std::optional<OutboxMessage> FollowUpdateMessage(const TimelineEvent& e, const ServiceRequest& r,
                                                 std::string_view address, std::string_view lang);

// "alert_confirm": please confirm this area alert.
OutboxMessage AlertConfirmMessage(const AreaAlert& a);
// "alert_new": request `r` (created by event `e`) matches alert `a` (immediate).
OutboxMessage AlertNewMessage(const AreaAlert& a, const TimelineEvent& e, const ServiceRequest& r);
// "alert_digest": the requests that matched `a` since its last digest (at most 50 listed;
// `count` says how many there were), dated `now`.
OutboxMessage AlertDigestMessage(const AreaAlert& a, const std::vector<ServiceRequest>& requests,
                                 Timestamp now);

}  // namespace civic311
