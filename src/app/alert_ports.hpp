// Ports of follows by e-mail and area alerts (docs/notifications.md, "Follows and area alerts"):
// what AlertService (the residents' side) and AlertFanout (the delivery worker's side) need
// from storage. The SQLite adapter implements it (adapters/storage/sqlite/alert_store.hpp).
//
// Nothing but a confirmation is ever sent to an address that has not confirmed (follows and
// alerts carry confirmed_at). Signed-in followers (WorkflowStore::AddFollower) are told at
// their account's address, unless their choices say no (ResidentPrefs).
//
// Thread-safety: implementations must be safe from many threads and processes at once. Calls
// block (disk): never call them on network threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/workflow_ports.hpp"
#include "domain/alert.hpp"

namespace civic311 {

struct EmailFollow {
  std::int64_t id = 0;
  RequestId request_id = 0;
  std::string address;  // lower-case
  std::string lang = "en";
  Timestamp created_at{};
  std::optional<Timestamp> confirmed_at;
};

// Where a follower is told, in which language.
struct FollowerAddress {
  std::string address;
  std::string lang;
};

// A signed-in resident's notification choices (/account/alerts).
struct ResidentPrefs {
  bool own_email = true;     // e-mail about the requests I reported
  bool follow_email = true;  // e-mail about the requests I follow
  std::string lang;          // the language of those e-mails; empty: as each request says
};

// Timeline events the fan-out reads, oldest first, with their request's public facts as they
// are when read (contact details never loaded).
struct FanoutItem {
  TimelineEvent event;
  ServiceRequest request;
};
struct FanoutBatch {
  std::int64_t from = 0;  // the cursor when read
  std::int64_t to = 0;    // the last event id read (items may be fewer: none skipped here)
  std::vector<FanoutItem> items;
};

class AlertStore {
 public:
  virtual ~AlertStore() = default;

  // --- follows by e-mail
  // Adds the follow of `address` (lower-case) on request `id`, or finds the existing one (an
  // unconfirmed one is asked for again: its created_at becomes `now`); confirmed at once when
  // `confirmed`. In the same transaction, writes `confirm` (if not null)
  // unless the follow was already confirmed. kNotFound for an unknown request.
  virtual Result<EmailFollow> AddEmailFollow(RequestId id, std::string_view address,
                                             std::string_view lang, bool confirmed, Timestamp now,
                                             const OutboxMessage* confirm) = 0;
  // Confirms the follow; false if there is none, or if it is unconfirmed and was asked for
  // before `asked_after` (its link has expired; following again sends a new one).
  virtual Result<bool> ConfirmEmailFollow(RequestId id, std::string_view address, Timestamp now,
                                          Timestamp asked_after) = 0;
  virtual Status RemoveEmailFollow(RequestId id, std::string_view address) = 0;  // idempotent
  // Requests `address` follows by confirmed e-mail follow, or `user` follows signed in; newest
  // first.
  virtual Result<std::vector<RequestId>> FollowedBy(std::string_view address,
                                                    std::optional<UserId> user) = 0;
  // Distinct addresses told of request `id`'s public changes: confirmed e-mail follows and
  // signed-in followers, without those whose choices say no.
  virtual Result<std::vector<FollowerAddress>> FollowerAddresses(RequestId id) = 0;
  // How many distinct addresses follow (confirmed) or accounts follow request `id`.
  virtual Result<int> CountFollowers(RequestId id) = 0;

  // --- area alerts
  // Stores a new alert (id assigned); `make_confirm(stored)` (may be null, may return nothing)
  // gives the confirmation message, written in the same transaction. An alert stored confirmed
  // is matched at once.
  virtual Result<AreaAlert> CreateAlert(
      AreaAlert a,
      const std::function<std::optional<OutboxMessage>(const AreaAlert&)>& make_confirm) = 0;
  virtual Result<std::optional<AreaAlert>> GetAlert(std::int64_t id) = 0;
  virtual Result<std::optional<AreaAlert>> FindAlertByFeedToken(std::string_view token) = 0;
  // The alerts of `address` or of `user`, newest first.
  virtual Result<std::vector<AreaAlert>> ListAlerts(std::string_view address,
                                                    std::optional<UserId> user) = 0;
  // Confirms alert `id` of `address` (from then on it is matched); false if there is none, or
  // if it is unconfirmed and was made before `asked_after` (its link has expired).
  // Digest alerts get next_digest_at = `next_digest_at`.
  virtual Result<bool> ConfirmAlert(std::int64_t id, std::string_view address, Timestamp now,
                                    Timestamp next_digest_at, Timestamp asked_after) = 0;
  // Deletes follows and alerts never confirmed and asked for before `asked_before`, at most
  // `limit` of each, oldest first; returns how many rows went (the worker's retention job).
  virtual Result<int> PurgeUnconfirmed(Timestamp asked_before, int limit) = 0;
  virtual Status DeleteAlert(std::int64_t id) = 0;  // idempotent; its pending digest too
  // Confirmed alerts whose bounding box contains the point (an R*Tree lookup); the caller tests
  // each exactly (AlertMatches).
  virtual Result<std::vector<AreaAlert>> AlertsCovering(double lat, double lon) = 0;
  // One transaction: the indexed (confirmed) alerts of a named area get the box `box_of(area)`
  // gives, so that AlertsCovering finds them after an admin redraws the area; nullopt (the area
  // is gone) leaves the box, and AlertMatches then matches nothing. Returns how many boxes moved.
  virtual Result<int> RefreshAreaBoxes(
      const std::function<std::optional<RequestQuery::BBox>(std::string_view area)>& box_of) = 0;

  // --- choices
  virtual Result<ResidentPrefs> GetPrefs(UserId user) = 0;  // defaults when never set
  virtual Status SetPrefs(UserId user, const ResidentPrefs& p) = 0;

  // --- the fan-out (AlertFanout)
  // Up to `limit` events after the cursor, oldest first, with their requests.
  virtual Result<FanoutBatch> ReadFanout(int limit) = 0;
  // One transaction: only if the cursor is still `from`, moves it to `to` and writes `messages`
  // (a key already in the outbox is the same message: kept once) and the digest items
  // (alert id, request id). False (nothing written) if someone else moved the cursor first.
  virtual Result<bool> CommitFanout(
      std::int64_t from, std::int64_t to, const std::vector<OutboxMessage>& messages,
      const std::vector<std::pair<std::int64_t, RequestId>>& digest_items) = 0;
  // Ids of confirmed digest alerts due at `now` (next_digest_at <= now), at most `limit`.
  virtual Result<std::vector<std::int64_t>> DueDigests(Timestamp now, int limit) = 0;
  // One transaction: the alert's waiting requests (public facts, newest first) go to `make`;
  // what it returns is written to the outbox; the items are removed and next_digest_at becomes
  // `next`. Returns how many requests were in the digest (0: nothing sent). A deleted alert: 0.
  virtual Result<int> TakeDigest(
      std::int64_t alert_id, Timestamp next,
      const std::function<std::optional<OutboxMessage>(
          const AreaAlert&, const std::vector<ServiceRequest>&)>& make) = 0;
};

}  // namespace civic311
