// The one mapping between our detailed RequestState and Open311's two statuses, both ways.
// Nothing else in civic311 decides what "open" or "closed" means on the wire.
// https://wiki.open311.org/GeoReport_v2/#get-service-requests (status: open | closed)
//
//   open   : submitted, acknowledged, in_progress, action_scheduled, waiting_third_party,
//            waiting_resident, reopened
//   closed : fixed, duplicate, not_responsible, no_further_action, referred, cancelled
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "domain/request_state.hpp"

namespace civic311::open311 {

// "open" or "closed".
std::string_view StatusOf(RequestState s);

// Every state whose Open311 status is `status` ("open"/"closed", any letter case: some
// cities send "Open"); nullopt for any other word.
std::optional<std::vector<RequestState>> StatesWithStatus(std::string_view status);

}  // namespace civic311::open311
