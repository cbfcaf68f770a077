// MeToo: a resident who finds their problem already reported ("is this it?" before submitting,
// or the status page) adds their support to that request instead of filing a duplicate
// (docs/portal.md). Each person counts once per request (a signed-in resident by account, an
// anonymous visitor by their browser's cookie); the first "me too" of a person is recorded
// durably with an internal timeline event, so staff see it in the request's history; the
// status page shows "N people reported this" (the reporter plus the supporters).
// Ownership: borrows the services and store, which must outlive it.
// Thread-safety: safe from many threads (no state of its own); calls block on the stores.
#pragma once

#include <cstdint>
#include <string_view>

#include "app/portal_ports.hpp"
#include "app/request_service.hpp"

namespace civic311 {

class MeToo {
 public:
  MeToo(RequestService& requests, SupportStore& store) : requests_(requests), store_(store) {}

  // The supporter key of a signed-in resident, and of an anonymous visitor (from the value of
  // the visitor's own random cookie; only its hash is kept).
  static Supporter ForUser(UserId id);
  static Supporter ForVisitor(std::string_view cookie_value);

  // Adds `who` to request `id`'s supporters; idempotent (a second call changes nothing).
  // kNotFound when the request is missing or internal; kConflict when it is closed (a closed
  // request is reported again, or reopened by its reporter). Returns how many people reported it
  // now (the reporter plus the supporters).
  Result<std::int64_t> Add(RequestId id, const Supporter& who);
  // How many people reported request `id` (1 + supporters).
  Result<std::int64_t> People(RequestId id);
  Result<bool> Has(RequestId id, const Supporter& who);

 private:
  RequestService& requests_;
  SupportStore& store_;
};

}  // namespace civic311
