// Lifecycle: which state changes a service request may make, the actions staff and residents
// take on a request, the reopen window and the states that stop the SLA clock.
//
// This file knows states and time, not people: *who* may take an action is decided by
// Authorize() in domain/policy.hpp, the one place for permission decisions. A use case calls
// Authorize() first, then ApplyAction() here; every accepted change is recorded as an event.
// The full table, with reasons, is in docs/states.md and tests/data/transitions.tsv.
//
// Errors: a forbidden change is ErrorCode::kConflict with a public message that says what to do
// instead ("a fixed request cannot go to in_progress; reopen it first").
// Thread-safety: everything here is a pure function or an immutable value.
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/request_state.hpp"

namespace civic311 {

// What someone does to a request. Some actions move it to a new state (TargetState), the
// others (notes, assignment, transfer, extra information) leave the state as it is.
enum class Action {
  kAcknowledge,           // -> acknowledged
  kStartWork,             // -> in_progress
  kSchedule,              // -> action_scheduled
  kWaitThirdParty,        // -> waiting_third_party
  kWaitResident,          // -> waiting_resident
  kResolveFixed,          // -> fixed
  kCloseDuplicate,        // -> duplicate (the use case records the parent request)
  kCloseNotResponsible,   // -> not_responsible
  kCloseNoFurtherAction,  // -> no_further_action
  kCloseReferred,         // -> referred
  kCancel,                // -> cancelled (withdrawn by the reporter or staff)
  kReopen,                // -> reopened (needs a reason, see ValidateReopenReason)
  kNote,                  // public note (status_notes); any state
  kInternalNote,          // staff-only note; any state
  kAssign,                // give to a person or crew; open requests only
  kTransfer,              // move to another department; open requests only
  kAddInfo,               // more details/photos from the reporter or staff; open requests only
  kFlagEmergency,         // staff mark it an emergency: pushed to dispatch at once; open only
};

inline constexpr Action kAllActions[] = {
    Action::kAcknowledge,
    Action::kStartWork,
    Action::kSchedule,
    Action::kWaitThirdParty,
    Action::kWaitResident,
    Action::kResolveFixed,
    Action::kCloseDuplicate,
    Action::kCloseNotResponsible,
    Action::kCloseNoFurtherAction,
    Action::kCloseReferred,
    Action::kCancel,
    Action::kReopen,
    Action::kNote,
    Action::kInternalNote,
    Action::kAssign,
    Action::kTransfer,
    Action::kAddInfo,
    Action::kFlagEmergency,
};

// Stable wire/storage names: "acknowledge", "start_work", "close_duplicate", "internal_note", …
std::string_view ActionName(Action a);
std::optional<Action> ParseAction(std::string_view name);

// The state an action moves a request to; nullopt for actions that keep the state.
std::optional<RequestState> TargetState(Action a);

// The transition table. No state may "move" to itself (a no-op is not an event), nothing goes
// back to submitted, closed states go only to reopened, and only closed states may be reopened.
bool IsAllowedTransition(RequestState from, RequestState to);
// Every state `from` may move to, in kAllStates order.
std::vector<RequestState> NextStates(RequestState from);
// OkStatus, or kConflict with a message that names both states and the way forward.
Status CheckTransition(RequestState from, RequestState to);

// The state after `action`: the target state if the transition is allowed, the unchanged state
// for actions that keep it (kConflict when they need an open request and it is closed).
Result<RequestState> ApplyAction(RequestState from, Action action);

// A move asked for by an external system of record (Open311 POST servicerequestupdates with an
// API key): it is the authority on its own updates (docs/open311.md, "Real clients"). A move the
// lifecycle allows is applied as usual (correction = false). A move to the action's target
// state that the lifecycle would refuse a person — from one closed state to another, from a
// closed state to an open one other than reopened, backwards among the open states — is an
// external correction (correction = true): applied, and recorded as such by the use case.
// Still kConflict (ApplyAction's message): a move to the state the request is in, to submitted,
// reopening an open request, and actions without a target state that need an open request.
struct ExternalMove {
  RequestState to;
  bool correction = false;
};
Result<ExternalMove> ApplyExternalAction(RequestState from, Action action);

// Tunable rules; the config loader fills them, the defaults are what docs/states.md describes.
struct LifecycleConfig {
  // How long after closing a reporter may still reopen their request. Zero: never.
  // Staff reopen at any time; the policy says which rule applies (Decision::condition).
  std::chrono::seconds reopen_window = std::chrono::days(28);
  // The closed states a reporter may reopen from. Not duplicate (follow the original), nor
  // not_responsible/referred (another body's work), nor cancelled (submit a new request).
  std::set<RequestState> reporter_reopenable = {RequestState::kFixed,
                                                RequestState::kNoFurtherAction};
  // Open states in which the SLA clock stops: the city is waiting on someone else.
  std::set<RequestState> clock_stopping = {RequestState::kWaitingThirdParty,
                                           RequestState::kWaitingResident};

  // kInvalidArgument when a set names a state of the wrong kind or the window is negative.
  Status Validate() const;
  bool StopsClock(RequestState s) const { return clock_stopping.count(s) > 0; }
};

// The reporter reopen rule: `from` is in config.reporter_reopenable and now <= closed_at +
// reopen_window. kConflict otherwise, with a message fit to show the reporter.
Status CheckReopenWindow(RequestState from, Timestamp closed_at, Timestamp now,
                         const LifecycleConfig& config);

// Every reopen carries a reason: non-blank, at most kMaxReopenReasonLength bytes.
inline constexpr std::size_t kMaxReopenReasonLength = 2000;
Status ValidateReopenReason(std::string_view reason);

// A request's state history: the state it entered, and when. Ordered by time.
struct StateChange {
  Timestamp at;
  RequestState state;
};
struct TimeInterval {
  Timestamp start;
  Timestamp end;  // exclusive
};
// The intervals, up to `now`, during which the request sat in a clock-stopping state; the SLA
// code extends the due time by the (business) time inside them. Adjacent stopped states merge.
std::vector<TimeInterval> ClockStoppedIntervals(const std::vector<StateChange>& history,
                                                Timestamp now, const LifecycleConfig& config);

}  // namespace civic311
