// The one mapping between our detailed RequestState and Open311's two statuses, both ways.
// Nothing else in civic311 decides what "open" or "closed" means on the wire.
// https://wiki.open311.org/GeoReport_v2/#get-service-requests (status: open | closed)
//
//   open   : submitted, acknowledged, in_progress, action_scheduled, waiting_third_party,
//            waiting_resident, reopened
//   closed : fixed, duplicate, not_responsible, no_further_action, referred, cancelled
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "domain/request_state.hpp"

namespace civic311::open311 {

// "open" or "closed".
std::string_view StatusOf(RequestState s);

// Every state whose Open311 status is `status` ("open"/"closed", any letter case: some
// cities send "Open"); nullopt for any other word.
std::optional<std::vector<RequestState>> StatesWithStatus(std::string_view status);

// What a status word of POST servicerequestupdates asks for. One table (status_map.cpp, and
// docs/open311.md "Real clients") maps FixMyStreet's extended statuses, plain Open311
// open/closed and our own state names. Words are normalised first: letter case ignored, spaces
// and '-' read as '_', runs of '_' collapsed ("Not Councils Responsibility", "fixed - council").
struct IncomingStatus {
  // OPEN, FOR_TRIAGE, REOPEN, "confirmed", "submitted": keep an open request's state (the update
  // is a note) and reopen a closed one. Otherwise: move to `state`.
  bool open = false;
  RequestState state = RequestState::kReopened;
};
std::optional<IncomingStatus> ParseIncomingStatus(std::string_view word);

// One row of the incoming table, for docs and tests: the normalised word and what it means.
struct IncomingStatusRow {
  std::string_view word;
  IncomingStatus status;
};
std::span<const IncomingStatusRow> IncomingStatusTable();

}  // namespace civic311::open311
