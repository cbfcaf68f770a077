#include "app/request_visibility.hpp"

namespace civic311 {

Status HideInternalParent(RequestStore& store, ServiceRequest& r) {
  if (!r.parent_id) return OkStatus();
  auto parent = store.Get(*r.parent_id);
  if (!parent.ok()) return std::move(parent).error();
  if (!parent->has_value() || (*parent)->internal) r.parent_id.reset();
  return OkStatus();
}

Status HideInternalParents(RequestStore& store, std::vector<ServiceRequest>& list) {
  for (ServiceRequest& r : list) C311_TRY(HideInternalParent(store, r));
  return OkStatus();
}

}  // namespace civic311
