#include "domain/lifecycle.hpp"

#include <algorithm>
#include <string>

namespace civic311 {
namespace {

using S = RequestState;

struct ActionInfo {
  Action action;
  std::string_view name;
  std::optional<RequestState> target;
  bool needs_open;        // for actions that keep the state
  std::string_view verb;  // "be assigned", for the conflict message
};

constexpr ActionInfo kActions[] = {
    {Action::kAcknowledge, "acknowledge", S::kAcknowledged, false, ""},
    {Action::kStartWork, "start_work", S::kInProgress, false, ""},
    {Action::kSchedule, "schedule", S::kActionScheduled, false, ""},
    {Action::kWaitThirdParty, "wait_third_party", S::kWaitingThirdParty, false, ""},
    {Action::kWaitResident, "wait_resident", S::kWaitingResident, false, ""},
    {Action::kResolveFixed, "resolve_fixed", S::kFixed, false, ""},
    {Action::kCloseDuplicate, "close_duplicate", S::kDuplicate, false, ""},
    {Action::kCloseNotResponsible, "close_not_responsible", S::kNotResponsible, false, ""},
    {Action::kCloseNoFurtherAction, "close_no_further_action", S::kNoFurtherAction, false, ""},
    {Action::kCloseReferred, "close_referred", S::kReferred, false, ""},
    {Action::kCancel, "cancel", S::kCancelled, false, ""},
    {Action::kReopen, "reopen", S::kReopened, false, ""},
    {Action::kNote, "note", std::nullopt, false, "get a note"},
    {Action::kInternalNote, "internal_note", std::nullopt, false, "get an internal note"},
    {Action::kAssign, "assign", std::nullopt, true, "be assigned"},
    {Action::kTransfer, "transfer", std::nullopt, true, "be transferred"},
    {Action::kAddInfo, "add_info", std::nullopt, true, "get more information"},
    {Action::kFlagEmergency, "flag_emergency", std::nullopt, true, "be flagged as an emergency"},
};

const ActionInfo& Info(Action a) {
  for (const auto& i : kActions)
    if (i.action == a) return i;
  return kActions[0];  // unreachable: every enumerator is listed (tested)
}

// "a fixed request", "an in_progress request": messages use the stable wire names.
std::string Article(RequestState s) {
  std::string_view n = StateName(s);
  bool vowel = !n.empty() && std::string_view("aeiou").find(n[0]) != std::string_view::npos;
  return std::string(vowel ? "an " : "a ") + std::string(n);
}

// The open states that work can move between. Acknowledged is only a first step (from
// submitted or reopened); the working states move freely among themselves.
bool IsWorkingState(RequestState s) {
  return s == S::kInProgress || s == S::kActionScheduled || s == S::kWaitingThirdParty ||
         s == S::kWaitingResident;
}

}  // namespace

std::string_view ActionName(Action a) { return Info(a).name; }

std::optional<Action> ParseAction(std::string_view name) {
  for (const auto& i : kActions)
    if (i.name == name) return i.action;
  return std::nullopt;
}

std::optional<RequestState> TargetState(Action a) { return Info(a).target; }

bool IsAllowedTransition(RequestState from, RequestState to) {
  if (from == to) return false;
  if (IsClosed(from)) return to == S::kReopened;
  // from is open
  if (IsClosed(to)) return true;
  if (to == S::kSubmitted || to == S::kReopened) return false;
  if (to == S::kAcknowledged) return from == S::kSubmitted || from == S::kReopened;
  return IsWorkingState(to);  // from any open state but itself
}

std::vector<RequestState> NextStates(RequestState from) {
  std::vector<RequestState> out;
  for (RequestState to : kAllStates)
    if (IsAllowedTransition(from, to)) out.push_back(to);
  return out;
}

Status CheckTransition(RequestState from, RequestState to) {
  if (IsAllowedTransition(from, to)) return OkStatus();
  std::string from_name(StateName(from));
  std::string to_name(StateName(to));
  if (from == to) return Error::Conflict("the request is already " + from_name);
  if (IsClosed(from))
    return Error::Conflict(Article(from) + " request cannot go to " + to_name +
                           "; reopen it first");
  if (to == S::kReopened)
    return Error::Conflict(Article(from) + " request is still open: only a closed request can be " +
                           "reopened");
  if (to == S::kSubmitted) return Error::Conflict("a request cannot go back to submitted");
  return Error::Conflict(Article(from) + " request cannot go back to " + to_name);
}

Result<RequestState> ApplyAction(RequestState from, Action action) {
  const ActionInfo& info = Info(action);
  if (info.target) {
    C311_TRY(CheckTransition(from, *info.target));
    return *info.target;
  }
  if (info.needs_open && IsClosed(from))
    return Error::Conflict(Article(from) + " request cannot " + std::string(info.verb) +
                           "; reopen it first");
  return from;
}

Result<ExternalMove> ApplyExternalAction(RequestState from, Action action) {
  auto allowed = ApplyAction(from, action);
  if (allowed.ok()) return ExternalMove{*allowed, false};
  const std::optional<RequestState> to = TargetState(action);
  const bool meaningless =
      !to || *to == from || *to == S::kSubmitted || (*to == S::kReopened && IsOpen(from));
  if (meaningless) return std::move(allowed).error();
  return ExternalMove{*to, true};
}

Status LifecycleConfig::Validate() const {
  if (reopen_window.count() < 0)
    return Error::InvalidArgument("reopen window must not be negative");
  for (RequestState s : reporter_reopenable)
    if (!IsClosed(s))
      return Error::InvalidArgument("reopenable states must be closed states; " +
                                    std::string(StateName(s)) + " is open");
  for (RequestState s : clock_stopping)
    if (!IsOpen(s))
      return Error::InvalidArgument("clock-stopping states must be open states; " +
                                    std::string(StateName(s)) + " is closed");
  return OkStatus();
}

Status CheckReopenWindow(RequestState from, Timestamp closed_at, Timestamp now,
                         const LifecycleConfig& config) {
  if (!IsClosed(from))
    return Error::Conflict(Article(from) + " request is still open: only a closed request can be " +
                           "reopened");
  if (config.reporter_reopenable.count(from) == 0)
    return Error::Conflict(Article(from) +
                           " request cannot be reopened by its reporter; please submit a new "
                           "request");
  if (now > closed_at + config.reopen_window)
    return Error::Conflict(
        "this request was closed too long ago to reopen; please submit a new request");
  return OkStatus();
}

Status ValidateReopenReason(std::string_view reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Error::InvalidField("reason", "please say why the request should be reopened");
  if (reason.size() > kMaxReopenReasonLength)
    return Error::InvalidField("reason", "the reason is too long (at most " +
                                             std::to_string(kMaxReopenReasonLength) +
                                             " characters)");
  return OkStatus();
}

std::vector<TimeInterval> ClockStoppedIntervals(const std::vector<StateChange>& history,
                                                Timestamp now, const LifecycleConfig& config) {
  std::vector<TimeInterval> out;
  bool stopped = false;
  Timestamp stopped_since{};
  auto close_interval = [&](Timestamp end) {
    if (stopped && end > stopped_since) out.push_back({stopped_since, end});
    stopped = false;
  };
  for (const StateChange& c : history) {
    Timestamp at = std::min(c.at, now);
    if (config.StopsClock(c.state)) {
      if (!stopped) stopped_since = at;
      stopped = true;
    } else {
      close_interval(at);
    }
  }
  close_interval(now);
  return out;
}

}  // namespace civic311
