// Ports of message delivery (docs/notifications.md): the one outbox seen by the one delivery
// worker (NotifyOutbox) and one channel that carries messages out (NotifyChannel: e-mail, SMS,
// dispatch in adapters/notify; webhook in adapters/webhook).
//
// Model: every message is one outbox row for one recipient over one channel, written in the
// transaction of the change that caused it (WorkflowStore). The worker claims due rows of one
// lane with a lease (several workers and instances on one database never send the same row at
// the same time; a row whose worker died is claimed again when its lease runs out:
// at-least-once), sends each through its channel, and records delivered / failed (retry at) /
// parked (gave up after the channel's budget; an admin retries).
//
// Thread-safety: implementations must be safe from many threads and processes at once. Calls
// block (disk, network): never call them on network threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/workflow_ports.hpp"
#include "base/clock.hpp"
#include "base/result.hpp"

namespace civic311 {

// One outbox message as claimed (or listed).
struct OutboxItem {
  std::int64_t id = 0;    // stable: the Message-ID and the SMS reference derive from it
  std::string kind;       // channel: "email", "sms", "dispatch", "webhook"
  std::string event;      // template name: "received", "state_changed", "password_reset", …
  std::string recipient;  // address, number, webhook endpoint name; '' for dispatch
  std::string lang;
  int lane = 0;
  std::optional<std::int64_t> request_id;
  std::string key;      // idempotency key; empty: derive from id
  std::string payload;  // the message's fields as a flat JSON object (rendered by the channel)
  Timestamp created_at{};
  int attempt = 0;  // claims so far, this one included
  // Listings only:
  std::string last_error;
  Timestamp next_at{};
  std::optional<Timestamp> delivered_at;
  std::optional<Timestamp> parked_at;

  // The stable idempotency key: `key`, or "m<id>" for rows without one.
  std::string StableKey() const { return key.empty() ? "m" + std::to_string(id) : key; }
};

struct NotifyStats {
  std::int64_t pending = 0;  // due or waiting to retry
  std::int64_t failing = 0;  // pending whose last attempt failed
  std::int64_t parked = 0;
  std::int64_t oldest_pending_seconds = 0;
  std::int64_t unrouted = 0;  // webhook messages from before 0014 not yet fanned out
};

// Which messages a claim may take: those of `kind`, and only to `recipients` when that is not
// empty (webhooks: the endpoints configured now; rows to others wait, counted as pending).
struct ClaimRoute {
  std::string kind;
  std::vector<std::string> recipients;
};

class NotifyOutbox {
 public:
  virtual ~NotifyOutbox() = default;
  // Claims up to `limit` undelivered, unparked messages of `lane` due at `now` that one of
  // `routes` takes (oldest due first), in one statement: each gets attempt + 1 and is not due
  // again before now + lease. Kinds not routed (a channel not configured) wait, visible in
  // listings. Returned in id order.
  virtual Result<std::vector<OutboxItem>> Claim(int lane, Timestamp now, std::chrono::seconds lease,
                                                const std::vector<ClaimRoute>& routes,
                                                int limit) = 0;
  // Delivered (or deliberately not sent: `note` says why, e.g. "stopped by the recipient"), in
  // one transaction and one statement; a message that carried a secret has it blanked.
  // Idempotent.
  virtual Status MarkDelivered(const std::vector<std::int64_t>& ids, Timestamp at,
                               std::string_view note = {}) = 0;
  // Attempt `attempt` failed: records the error and when to retry. Ignored if the message was
  // delivered meanwhile or claimed again by someone else.
  virtual Status MarkFailed(std::int64_t id, int attempt, std::string_view error,
                            Timestamp retry_at) = 0;
  // Gives a claimed message back without an attempt (attempt - 1), due at `due`: for messages
  // not tried because their receiver had just failed in the same round.
  virtual Status Release(std::int64_t id, int attempt, Timestamp due) = 0;
  // Gives up: records the error, parks the message (never claimed again until Retry) and
  // blanks a secret.
  virtual Status Park(std::int64_t id, int attempt, std::string_view error, Timestamp at) = 0;

  // Listing for admins, oldest first: every undelivered message, or only parked ones.
  virtual Result<std::vector<OutboxItem>> List(bool parked_only, int limit) = 0;
  // The newest `limit` messages of one kind, delivered or not, newest first (the admin screen's
  // "recent webhook deliveries"). Walks the table backwards by id: cheap while the kind is
  // common among recent rows; retention (Purge) bounds the rest.
  virtual Result<std::vector<OutboxItem>> ListRecent(std::string_view kind, int limit) = 0;
  // Makes a parked or failing message due now with a fresh budget (created_at = now). Returns
  // how many rows changed (0: no such undelivered message).
  virtual Result<int> Retry(std::int64_t id, Timestamp now) = 0;
  virtual Result<int> RetryAllParked(Timestamp now) = 0;

  // Retention of every kind: deletes up to `limit` rows delivered before `delivered_before` and
  // parked before `parked_before`. Returns how many went.
  virtual Result<int> Purge(Timestamp delivered_before, Timestamp parked_before, int limit) = 0;
  // Counts of undelivered messages, of one kind (or of all: empty).
  virtual Result<NotifyStats> Stats(Timestamp now, std::string_view kind = {}) = 0;

  // Webhook messages written before migration 0014 as one row for every endpoint (recipient
  // ''): up to `limit` of them get one row per endpoint that `endpoints(event)` names, and are
  // marked delivered, in one transaction (none named: sent to nobody). Returns how many.
  // endpoints(event as stored) → (the webhook event name to record, the endpoint names).
  using EndpointsFor =
      std::function<std::pair<std::string, std::vector<std::string>>(std::string_view event)>;
  virtual Result<int> FanOutUnrouted(const EndpointsFor& endpoints, Timestamp now, int limit) = 0;

  // Dispatch acknowledgement (docs/notifications.md): dispatch messages not delivered
  // (acknowledged) and without an alert yet that were created at or before `created_before`, or
  // were parked (refused for good), oldest first.
  virtual Result<std::vector<OutboxItem>> UnacknowledgedDispatch(Timestamp created_before,
                                                                 int limit) = 0;
  // Writes `alerts` (deduplicated by their keys) and marks dispatch message `id` alerted, in
  // one transaction, so the alert goes once whatever crashes.
  virtual Status RecordDispatchAlert(std::int64_t id, const std::vector<OutboxMessage>& alerts,
                                     Timestamp now) = 0;

  // Stop links: has `address` stopped messages about `request_id` (or all messages)? Also true
  // when the address is an account that chose no e-mail about its own requests and reported
  // `request_id` (ResidentPrefs, app/alert_ports.hpp).
  virtual Result<bool> IsStopped(std::string_view address, std::int64_t request_id) = 0;
  // request_id 0: every message to the address. Idempotent.
  virtual Status Stop(std::string_view address, std::int64_t request_id, Timestamp at) = 0;
};

// What a channel's attempt came to.
struct SendResult {
  enum class Outcome { kDelivered, kRetry, kRejected };  // rejected: permanent (5xx, bad address)
  Outcome outcome = Outcome::kRetry;
  std::string error;  // readable cause for kRetry/kRejected ("SMTP 451 …", "connect: refused")

  static SendResult Delivered() { return {Outcome::kDelivered, {}}; }
  static SendResult Retry(std::string e) { return {Outcome::kRetry, std::move(e)}; }
  static SendResult Rejected(std::string e) { return {Outcome::kRejected, std::move(e)}; }
};

// One way out (e-mail, SMS, dispatch, webhook). Renders the message from its fields and
// template, sends it, and says how it went. Must not throw. Thread-safety: Send may be called
// from one thread per lane at once.
class NotifyChannel {
 public:
  // A budget that never runs out (webhooks: retried until acknowledged).
  static constexpr std::chrono::seconds kForever{std::chrono::seconds::max()};

  virtual ~NotifyChannel() = default;
  virtual std::string_view kind() const = 0;  // "email", "sms", "dispatch", "webhook"
  // The recipients this channel can reach; empty: any (webhook: the configured endpoints).
  virtual std::vector<std::string> recipients() const { return {}; }
  // True when recipients() is the whole list, so that empty means "nobody" rather than "any"
  // (webhook: no endpoint configured now; its rows wait).
  virtual bool recipients_exhaustive() const { return false; }
  // True when one failure means the receiver is down for every message to the same recipient
  // (webhook endpoint, dispatch URL): the rest of the round's messages to it go back untried.
  virtual bool fails_together() const { return false; }
  // How long a message may keep failing before it is parked (from its created_at).
  virtual std::chrono::seconds budget() const = 0;
  // The first retry's delay and the cap of the exponential backoff.
  virtual std::chrono::seconds first_retry() const { return std::chrono::seconds(30); }
  virtual std::chrono::seconds max_retry() const { return std::chrono::seconds(3600); }
  virtual SendResult Send(const OutboxItem& m) = 0;
};

}  // namespace civic311
