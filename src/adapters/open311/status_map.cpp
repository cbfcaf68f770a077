#include "adapters/open311/status_map.hpp"

#include <string>

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

using S = RequestState;

// FixMyStreet's vocabulary (its extended statuses in upper case, its own state names in lower
// case with spaces), plain Open311, and our state names. "closed" is fixed: a plain Open311
// client that closes a request means the work is done.
constexpr IncomingStatusRow kIncoming[] = {
    {"open", {true, S::kReopened}},
    {"for_triage", {true, S::kReopened}},
    {"reopen", {true, S::kReopened}},
    {"reopened", {true, S::kReopened}},
    {"confirmed", {true, S::kReopened}},
    {"submitted", {true, S::kReopened}},
    {"investigating", {false, S::kAcknowledged}},
    {"acknowledged", {false, S::kAcknowledged}},
    {"action_scheduled", {false, S::kActionScheduled}},
    {"in_progress", {false, S::kInProgress}},
    {"waiting_third_party", {false, S::kWaitingThirdParty}},
    {"waiting_resident", {false, S::kWaitingResident}},
    {"fixed", {false, S::kFixed}},
    {"fixed_council", {false, S::kFixed}},
    {"fixed_user", {false, S::kFixed}},
    {"closed", {false, S::kFixed}},
    {"duplicate", {false, S::kDuplicate}},
    {"not_councils_responsibility", {false, S::kNotResponsible}},
    {"not_responsible", {false, S::kNotResponsible}},
    {"no_further_action", {false, S::kNoFurtherAction}},
    {"unable_to_fix", {false, S::kNoFurtherAction}},
    {"internal_referral", {false, S::kReferred}},
    {"referred", {false, S::kReferred}},
    {"cancelled", {false, S::kCancelled}},
    {"canceled", {false, S::kCancelled}},
};

// Lower case; ' ' and '-' as '_'; runs of '_' collapsed; no '_' at either end.
std::string NormaliseWord(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (char c : word) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-' || c == '\t') c = '_';
    if (c == '_' && (out.empty() || out.back() == '_')) continue;
    out += c;
  }
  if (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

}  // namespace

std::optional<IncomingStatus> ParseIncomingStatus(std::string_view word) {
  const std::string w = NormaliseWord(word);
  for (const IncomingStatusRow& row : kIncoming)
    if (row.word == w) return row.status;
  return std::nullopt;
}

std::span<const IncomingStatusRow> IncomingStatusTable() { return kIncoming; }

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
