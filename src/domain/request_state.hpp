// RequestState: the detailed lifecycle of a service request, richer than Open311's open/closed.
// See docs/states.md for the allowed transitions. IsOpen() is the one definition of open vs closed;
// the Open311 adapter (adapters/open311/status_map) owns the wire words and the reverse mapping.
#pragma once

#include <optional>
#include <string_view>

namespace civic311 {

enum class RequestState {
  kSubmitted,        // received, nobody has looked yet
  kAcknowledged,     // a department has seen it
  kInProgress,       // being worked
  kActionScheduled,  // work is scheduled
  kWaitingThirdParty,
  kWaitingResident,
  kReopened,         // a resident or staff reopened a resolved request
  kFixed,            // resolved: the problem is fixed
  kDuplicate,        // closed: a duplicate of another request (see parent)
  kNotResponsible,   // closed: not the city's responsibility
  kNoFurtherAction,  // closed: investigated, nothing to do
  kReferred,         // closed: referred to another agency
  kCancelled,        // closed: withdrawn by the reporter or staff
};

// Stable wire/storage names: "submitted", "in_progress", "waiting_resident", …
std::string_view StateName(RequestState s);
std::optional<RequestState> ParseState(std::string_view name);
// Human label: "In progress", "Waiting on resident", …
std::string_view StateLabel(RequestState s);

bool IsOpen(RequestState s);
bool IsClosed(RequestState s);
// Open311 GeoReport v2: "open" or "closed".
std::string_view Open311Status(RequestState s);

inline constexpr RequestState kAllStates[] = {
    RequestState::kSubmitted,         RequestState::kAcknowledged,
    RequestState::kInProgress,        RequestState::kActionScheduled,
    RequestState::kWaitingThirdParty, RequestState::kWaitingResident,
    RequestState::kReopened,          RequestState::kFixed,
    RequestState::kDuplicate,         RequestState::kNotResponsible,
    RequestState::kNoFurtherAction,   RequestState::kReferred,
    RequestState::kCancelled,
};

}  // namespace civic311
