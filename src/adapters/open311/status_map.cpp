#include "adapters/open311/status_map.hpp"

namespace civic311::open311 {
namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view StatusOf(RequestState s) {
  // A switch without default: adding a state without deciding its Open311 status is a
  // compile warning (-Wswitch), and an error in CI.
  switch (s) {
    case RequestState::kSubmitted:
    case RequestState::kAcknowledged:
    case RequestState::kInProgress:
    case RequestState::kActionScheduled:
    case RequestState::kWaitingThirdParty:
    case RequestState::kWaitingResident:
    case RequestState::kReopened:
      return "open";
    case RequestState::kFixed:
    case RequestState::kDuplicate:
    case RequestState::kNotResponsible:
    case RequestState::kNoFurtherAction:
    case RequestState::kReferred:
    case RequestState::kCancelled:
      return "closed";
  }
  return "open";
}

std::optional<std::vector<RequestState>> StatesWithStatus(std::string_view status) {
  std::string_view want;
  if (EqualsNoCase(status, "open")) {
    want = "open";
  } else if (EqualsNoCase(status, "closed")) {
    want = "closed";
  } else {
    return std::nullopt;
  }
  std::vector<RequestState> out;
  for (RequestState s : kAllStates)
    if (StatusOf(s) == want) out.push_back(s);
  return out;
}

}  // namespace civic311::open311
