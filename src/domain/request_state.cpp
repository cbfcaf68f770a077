#include "domain/request_state.hpp"

namespace civic311 {
namespace {
struct StateInfo {
  RequestState state;
  std::string_view name;
  std::string_view label;
  bool open;
};
constexpr StateInfo kInfo[] = {
    {RequestState::kSubmitted, "submitted", "Submitted", true},
    {RequestState::kAcknowledged, "acknowledged", "Acknowledged", true},
    {RequestState::kInProgress, "in_progress", "In progress", true},
    {RequestState::kActionScheduled, "action_scheduled", "Action scheduled", true},
    {RequestState::kWaitingThirdParty, "waiting_third_party", "Waiting on a third party", true},
    {RequestState::kWaitingResident, "waiting_resident", "Waiting on the resident", true},
    {RequestState::kReopened, "reopened", "Reopened", true},
    {RequestState::kFixed, "fixed", "Fixed", false},
    {RequestState::kDuplicate, "duplicate", "Closed: duplicate", false},
    {RequestState::kNotResponsible, "not_responsible", "Closed: not the city's responsibility",
     false},
    {RequestState::kNoFurtherAction, "no_further_action", "Closed: no further action", false},
    {RequestState::kReferred, "referred", "Closed: referred elsewhere", false},
    {RequestState::kCancelled, "cancelled", "Cancelled", false},
};
const StateInfo& Info(RequestState s) {
  for (const auto& i : kInfo)
    if (i.state == s) return i;
  return kInfo[0];
}
}  // namespace

std::string_view StateName(RequestState s) { return Info(s).name; }
std::string_view StateLabel(RequestState s) { return Info(s).label; }
std::optional<RequestState> ParseState(std::string_view name) {
  for (const auto& i : kInfo)
    if (i.name == name) return i.state;
  return std::nullopt;
}
bool IsOpen(RequestState s) { return Info(s).open; }
bool IsClosed(RequestState s) { return !Info(s).open; }
std::string_view Open311Status(RequestState s) { return IsOpen(s) ? "open" : "closed"; }

}  // namespace civic311
