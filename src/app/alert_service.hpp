// AlertService: the residents' side of follows by e-mail and area alerts (docs/notifications.md,
// "Follows and area alerts"). Following a request by e-mail needs no account: the address gets
// one confirmation e-mail (through the outbox, in the visitor's language) and nothing else until
// its link is used. Area alerts belong to a signed-in resident's address; an alert that e-mails
// (immediate or digest) is confirmed by link first; a feed-only alert sends nothing and is
// active at once. Every alert has a private feed token (/alerts/{token}.atom).
//
// Ownership: borrows the stores and the clock; shares the city (fixed or live). Thread-safety: safe
// from many threads (the stores are); calls block (disk).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/alert_ports.hpp"
#include "app/notification_worker.hpp"
#include "app/ports.hpp"
#include "domain/live_city.hpp"

namespace civic311 {

// How long a confirmation link works: a follow or alert not confirmed within it is refused by its
// link and deleted by the worker's retention job (AlertRetention); asking again sends a new link.
inline constexpr std::chrono::hours kConfirmWithin{24 * 7};

// The worker's retention job for unconfirmed follows and alerts (`store` borrowed: it must
// outlive the worker).
inline RetentionJob AlertRetention(AlertStore& store) {
  return RetentionJob{"unconfirmed follows and alerts", [&store](Timestamp now, int limit) {
                        return store.PurgeUnconfirmed(now - kConfirmWithin, limit);
                      }};
}

struct NewAlert {
  std::string label;
  std::string area;  // a named area (name or slug); empty: the circle
  std::optional<double> lat, lon;
  int radius_m = 0;
  std::vector<std::string> services;
  AlertMode mode = AlertMode::kImmediate;
};

class AlertService {
 public:
  // `city`: each call takes one snapshot (an admin's new areas and services count at once).
  AlertService(AlertStore& store, RequestStore& requests, CitySource city, const Clock& clock);

  // Follows public request `id` by e-mail. `confirmed` (a signed-in resident's own account
  // address) skips the confirmation; otherwise a confirmation e-mail is written (at most one per
  // request, address and day). Returns true if a confirmation is on its way, false if the
  // follow is already active. kInvalidArgument (field "email") for a bad address, kNotFound for
  // an unknown or internal request.
  Result<bool> FollowByEmail(RequestId id, std::string_view email, std::string_view lang,
                             bool confirmed = false);
  // The confirmation link's target. False if there is nothing to confirm.
  Result<bool> ConfirmFollow(RequestId id, std::string_view address);
  Status Unfollow(RequestId id, std::string_view address);
  Result<int> CountFollowers(RequestId id);
  // What `address`/`user` follows (public requests only), newest first.
  Result<std::vector<ServiceRequest>> Followed(std::string_view address,
                                               std::optional<UserId> user);

  // A new alert for `address` (a signed-in resident's). kInvalidArgument with field errors
  // ("place", "radius", "area", "services", "label") for a bad one; at most 20 per address.
  Result<AreaAlert> CreateAlert(const NewAlert& in, std::string_view address,
                                std::optional<UserId> user, std::string_view lang);
  Result<bool> ConfirmAlert(std::int64_t id, std::string_view address);
  // Deletes alert `id` if it belongs to `address` or `user`; kNotFound otherwise.
  Status DeleteAlert(std::int64_t id, std::string_view address, std::optional<UserId> user);
  // The stop link of an alert's messages: deletes it if `address` owns it.
  Status StopAlert(std::int64_t id, std::string_view address);
  Result<std::vector<AreaAlert>> ListAlerts(std::string_view address, std::optional<UserId> user);
  Result<std::optional<AreaAlert>> FindByFeedToken(std::string_view token);
  // The newest public requests matching alert `a` (its feed), at most `limit`.
  Result<std::vector<ServiceRequest>> AlertRequests(const AreaAlert& a, int limit);

  Result<ResidentPrefs> Prefs(UserId user) { return store_.GetPrefs(user); }
  Status SetPrefs(UserId user, const ResidentPrefs& p) { return store_.SetPrefs(user, p); }

  // The current snapshot: keep it for the whole of one use.
  std::shared_ptr<const City> city() const { return city_.Current(); }
  Timestamp Now() const { return clock_.Now(); }

 private:
  AlertStore& store_;
  RequestStore& requests_;
  CitySource city_;
  const Clock& clock_;
};

// Lower-case, trimmed.
std::string NormalizeAddress(std::string_view email);

}  // namespace civic311
