// What of a request may reach readers who must not learn about internal requests (the public
// Open311 API, residents): the one place that decides it for fields that point at *other*
// requests.
// Thread-safety: as the store.
#pragma once

#include <vector>

#include "app/ports.hpp"

namespace civic311 {

// Clears r.parent_id when the request it duplicates is internal (or gone): a public duplicate of
// an internal request must not reveal the internal request's id. kInternal/kUnavailable only
// when the store fails.
Status HideInternalParent(RequestStore& store, ServiceRequest& r);
Status HideInternalParents(RequestStore& store, std::vector<ServiceRequest>& list);

}  // namespace civic311
