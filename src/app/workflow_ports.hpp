// Ports of the staff workflow: accounts and sessions (UserStore), the request timeline, work
// orders and followers (WorkflowStore) and the audit log (AuditStore). Storage adapters
// implement them (SQLite: adapters/storage/sqlite/workflow_store.hpp).
//
// Secrets are never stored: session tokens and password-reset tokens are kept as SHA-256 hex
// (Sha256Hex in base/crypto.hpp), passwords as Argon2id strings (base/password.hpp).
//
// Thread-safety: every implementation must be safe to call from many threads at once. Calls may
// block (disk): run them on worker threads, never on network threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "app/media_ports.hpp"
#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/policy.hpp"
#include "domain/request.hpp"

namespace civic311 {

using UserId = std::int64_t;
struct OutboxMessage;  // below

struct User {
  UserId id = 0;      // assigned by the store
  std::string email;  // unique, stored lower-case
  std::string display_name;
  Role role = Role::kResident;
  std::vector<std::string> departments;  // Department::code values
  std::string password_hash;             // Argon2id string (HashPassword)
  bool disabled = false;
  bool hide_name = false;   // show "staff" instead of the name in public updates
  std::string totp_secret;  // base32; empty: no second factor
  std::optional<std::int64_t> totp_last_step;
  Timestamp created_at{};

  Actor ToActor() const { return Actor{id, role, departments, /*anonymous=*/false}; }
};

struct Session {
  std::string token_hash;  // SHA-256 hex of the bearer token
  UserId user_id = 0;
  Timestamp created_at{};
  Timestamp expires_at{};
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  // Assigns the id. kConflict if the e-mail is taken.
  virtual Result<User> CreateUser(User u) = 0;
  virtual Result<std::optional<User>> GetUser(UserId id) = 0;
  virtual Result<std::optional<User>> FindUserByEmail(std::string_view email) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // kNotFound if no such user.
  virtual Status SetUserDisabled(std::string_view email, bool disabled) = 0;
  // Replaces the account's role and departments (one statement). kNotFound if no such user.
  virtual Status SetUserAccess(UserId id, Role role,
                               const std::vector<std::string>& departments) = 0;
  virtual Status SetPasswordHash(UserId id, std::string_view hash) = 0;
  // The name shown for the account and whether to hide it in public ("don't show my name").
  virtual Status SetProfile(UserId id, std::string_view display_name, bool hide_name) = 0;
  virtual Status SetTotpSecret(UserId id, std::string_view base32_secret) = 0;
  // Stores `step` as the last accepted TOTP step only if it is later than the stored one
  // (atomically); kConflict otherwise (a replayed code racing the first use).
  virtual Status RecordTotpStep(UserId id, std::int64_t step) = 0;

  virtual Status CreateSession(const Session& s) = 0;
  // The session with this hash if it has not expired at `now`; nullopt otherwise.
  virtual Result<std::optional<Session>> FindSession(std::string_view token_hash,
                                                     Timestamp now) = 0;
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  // Ends every session of the user (after a password reset).
  virtual Status DeleteSessionsOfUser(UserId id) = 0;

  // Stores the reset token's hash and, in the same transaction, the e-mail that carries the
  // token (an outbox message; nullptr: none). The outbox row holds the token in clear until the
  // notifications worker has delivered or parked it, then the store blanks it (mail->secret).
  virtual Status CreatePasswordReset(std::string_view token_hash, UserId id, Timestamp expires_at,
                                     const OutboxMessage* mail = nullptr) = 0;
  // The user a reset token was issued for, without using it up, or nullopt when unknown, used
  // or expired at `now` (so a refused new password leaves the token working).
  virtual Result<std::optional<UserId>> FindPasswordReset(std::string_view token_hash,
                                                          Timestamp now) = 0;
  // Uses the token up (one use only), and with it, in the same transaction, every other unused
  // reset token of the same account (a completed reset voids them all): the user it was issued
  // for, or nullopt when unknown, used or expired at `now`.
  virtual Result<std::optional<UserId>> ConsumePasswordReset(std::string_view token_hash,
                                                             Timestamp now) = 0;

  // Login throttling: every attempt is recorded. CountFailedLogins counts the failures at or
  // after `since` that came after the account's last success (a success, or a completed
  // password reset recorded as one, starts the count again).
  virtual Status RecordLoginAttempt(std::string_view email, Timestamp at, bool success) = 0;
  virtual Result<int> CountFailedLogins(std::string_view email, Timestamp since) = 0;
};

// Workflow fields of a request that the public request row does not carry.
struct RequestWorkflow {
  std::optional<UserId> assignee_user_id;
  std::optional<UserId> reporter_user_id;  // a signed-in reporter; nullopt: anonymous/caller
  std::optional<Timestamp> closed_at;      // when it last entered a closed state
  // The SLA clock (domain/sla_clock.hpp): stopped since (in a clock-stopping state), and the SLA
  // cycle (bumped when the clock restarts: reopen, transfer with transfer_restarts_clock).
  std::optional<Timestamp> clock_paused_at;
  int sla_cycle = 0;
};

// One entry of a request's timeline (FixMyStreet "comment"/Open311 "service request update").
struct TimelineEvent {
  std::int64_t id = 0;  // assigned by the store; also the Open311 update_id
  RequestId request_id = 0;
  Timestamp at{};
  UserId actor_user_id = 0;                       // 0: anonymous or the system
  std::string kind;                               // ActionName() or "created", "escalated"
  RequestState state = RequestState::kSubmitted;  // the state after the event
  std::string text;       // public note or reason (for internal events: staff text)
  bool internal = false;  // staff only: never in public output
  std::string media_url;
  std::string data;  // JSON object with details (department moves, assignee, …)
  // An update pushed by an external system: ExternalRef(via, external_id); unique per request
  // (the store refuses a second one), so a repeated push is recognised by this column.
  std::string external_ref;
};

// The external_ref of an update `via` a system with that system's update id.
inline std::string ExternalRef(std::string_view via, std::string_view external_id) {
  std::string out(via);
  out += '\x1f';
  out += external_id;
  return out;
}

struct AuditEntry {
  std::int64_t id = 0;
  Timestamp at{};
  UserId actor_user_id = 0;
  std::string action;  // "view_contact", "transfer", "user_create", …
  std::string department_code;
  std::optional<RequestId> request_id;
  std::string detail;
};

// One value among a message's facts: text, a number, a flag, or a list of rows of text (a
// digest's requests: each row (name, text) pairs, a template iterates them).
using NoticeRow = std::vector<std::pair<std::string, std::string>>;
using NoticeValue = std::variant<std::string, std::int64_t, bool, std::vector<NoticeRow>>;
struct NoticeField {
  std::string name;
  NoticeValue value;
};

// One message a change causes, written in the change's transaction (the outbox) and delivered
// by the notifications worker (docs/notifications.md). Typed: the app says what happened and to
// whom; the channel adapters (adapters/notify) decide how it reads (webhook JSON, e-mail, SMS,
// dispatch payload); the store decides how it is kept.
struct OutboxMessage {
  std::string kind;       // the channel: "webhook" (fanned out per endpoint), "email", "sms",
                          // "dispatch"
  std::string event;      // NoticeEvent name: "created", "state_changed", "password_reset", …
  std::string recipient;  // e-mail address or phone number; empty for webhook and dispatch
  std::string lang = "en";
  int lane = 0;  // 0: ordinary; 1: urgent (dispatch and its alerts never queue behind mail)
  std::optional<RequestId> request_id;
  // Stable idempotency key (the e-mail's Message-ID, the SMS client reference); unique in the
  // outbox, so writing the same message twice keeps one. Empty: webhook rows (their deliveries
  // have ids of their own).
  std::string key;
  bool secret = false;  // fields hold a one-time token: blanked once delivered or parked
  std::vector<NoticeField> fields;  // the facts templates may use, in order

  OutboxMessage& Set(std::string name, NoticeValue v) {
    fields.push_back({std::move(name), std::move(v)});
    return *this;
  }
  // The text of field `name` (numbers in decimal, flags "true"/"false"); empty if absent or a
  // list.
  std::string Text(std::string_view name) const;
};

// A "was this fixed?" answer (docs/notifications.md, "The survey"; migration 0010).
struct SurveyAnswer {
  RequestId request_id = 0;
  bool fixed = false;
  std::string comment;  // the resident's words with a "no" (staff only)
  std::string source;   // "email", "sms", "portal"
  Timestamp answered_at{};
};

// What a member of staff wants to hear of new requests in their departments' queues.
enum class QueueAlerts { kOff, kImmediate, kDigest };
std::string_view QueueAlertsName(QueueAlerts q);  // "off", "immediate", "digest"
std::optional<QueueAlerts> ParseQueueAlerts(std::string_view name);

// A person's alert settings (migration 0013). Defaults for someone who never chose.
struct StaffAlertPrefs {
  QueueAlerts queue = QueueAlerts::kOff;
  std::string lang = "en";   // the language of every alert to them
  Timestamp digest_since{};  // the next digest covers requests filed after this
};

// Someone to alert: an active member of staff with their address and language.
struct AlertRecipient {
  UserId user_id = 0;
  std::string email;
  std::string lang = "en";
};

// A digest that is due (ListDueDigests): its recipient, their departments and where it starts.
struct DigestDue {
  AlertRecipient to;
  std::vector<std::string> departments;
  Timestamp since{};
};

// Everything one accepted action writes, in one transaction.
struct RequestChange {
  ServiceRequest request;    // the new values; request.version must be the version read
  RequestWorkflow workflow;  // the new workflow fields
  std::vector<TimelineEvent> events;
  std::vector<AuditEntry> audit;
  std::vector<OutboxMessage> outbox;
  // CreateRequest: photos and videos (already stored, MediaService::Accept) linked to the new
  // request in the same transaction, in this order.
  std::vector<MediaItem> media;
  // CreateRequest of an internal request raised from another request: that request (the link
  // ListRaisedFrom reads), written in the same transaction.
  std::optional<RequestId> raised_from;
  // Duplicates: move the request's followers to this request (the parent).
  std::optional<RequestId> move_followers_to;
  // A "not fixed" survey answer that reopens the request: recorded with the reopen.
  std::optional<SurveyAnswer> survey;
  // Outbox messages that need the ids the store assigns (the new request's id, the events'
  // ids): called inside the transaction once the request and events are written (events with
  // their ids); what it returns is written with `outbox`. Must be a pure function.
  std::function<std::vector<OutboxMessage>(const ServiceRequest&,
                                           const std::vector<TimelineEvent>&)>
      make_outbox;
};

struct PublicUpdate {  // Open311 servicerequestupdates
  std::int64_t update_id = 0;
  RequestId request_id = 0;
  RequestState state = RequestState::kSubmitted;
  Timestamp at{};
  std::string description;
  std::string media_url;
};

struct WorkTask {
  std::string text;
  bool done = false;
};

struct WorkOrder {
  std::int64_t id = 0;
  std::optional<RequestId> request_id;  // nullopt: proactive work logged by a crew
  std::string department_code;
  // The crew's name: the register's crew (crew_id) as it is named now, or free text on orders
  // written before the register (docs/console.md, "Crews").
  std::string crew;
  std::optional<UserId> assignee_user_id;
  std::vector<WorkTask> tasks;
  std::optional<Timestamp> scheduled_for;  // a day: a UTC midnight (app/work_orders.hpp)
  double labour_hours = 0;
  std::string materials;
  std::int64_t cost_cents = 0;
  std::string completion_note;
  bool done = false;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<std::int64_t> crew_id;  // a crew of the register (CrewStore)
  // As stored: 1 when created, one more on every update (migration 0028). As the input of an
  // update: the version the caller read (WorkflowStore::UpdateWorkOrder refuses another one).
  std::int64_t version = 0;
  std::optional<UserId> updated_by;  // who saved it last (unknown for orders before 0028)
};

// What a work-order change writes beside the order, in the same transaction (docs/console.md,
// "Work orders"): the timeline events of the order's request (each event's request_id and state
// are filled in by the store from that request as it is in the transaction; none for proactive
// work) and the audit entries.
struct WorkOrderRecords {
  std::vector<TimelineEvent> events;
  std::vector<AuditEntry> audit;
};
// Called inside the transaction with the order as stored (its id assigned). Must be a pure
// function. Empty: nothing but the order is written.
using MakeWorkOrderRecords = std::function<WorkOrderRecords(const WorkOrder&)>;

// The order of the staff list (the console's sortable columns). Ties: newest first by id.
enum class StaffSort {
  kNewest,   // requested_at desc (the default: the walks stop early)
  kOldest,   // requested_at asc
  kDue,      // expected_at asc, requests without a target last; ties by id asc
  kState,    // state name, then newest
  kService,  // service name, then newest
};

// The staff request list: every filter narrows (AND); empty/nullopt: no filter. Order: `sort`,
// then offset/limit.
struct StaffListQuery {
  std::vector<std::string> departments;
  std::vector<RequestState> states;
  std::vector<std::string> service_codes;
  std::optional<UserId> assignee_user_id;
  // Open (IsOpen), the SLA clock running (not paused) and expected_at < overdue_at.
  std::optional<Timestamp> overdue_at;
  std::string text;                         // a search (domain/search_text.hpp); no words: no rows
  std::optional<RequestQuery::BBox> bbox;   // as RequestQuery::bbox
  bool unassigned = false;                  // nobody assigned
  std::optional<std::int64_t> crew_id;      // with an unfinished work order for this crew
  std::vector<Channel> channels;            // how the request reached the city
  std::optional<Timestamp> requested_from;  // requested_at >= from
  std::optional<Timestamp> requested_to;    // requested_at < to
  StaffSort sort = StaffSort::kNewest;
  // Visibility, from RequestScope (domain/policy.hpp): internal requests only when
  // include_internal; unless scope_anywhere, only requests of scope_departments or reported by
  // scope_reporter_user_id.
  bool include_internal = false;
  bool scope_anywhere = true;
  std::vector<std::string> scope_departments;
  std::optional<UserId> scope_reporter_user_id;
  int limit = 50;  // <= 0: no rows
  int offset = 0;
  // CountStaffRequests only: > 0 lets the store stop counting after count_cap + 1 matches (a
  // filtered count at 1,000,000 requests would otherwise read every match; docs/console.md,
  // "Queue"). 0: count them all.
  std::int64_t count_cap = 0;
};

// The answer of CountStaffRequests.
struct StateCounts {
  // (state, matches), states with none left out.
  std::vector<std::pair<RequestState, std::int64_t>> by_state;
  // True when the store stopped at StaffListQuery::count_cap: more than count_cap requests
  // match, and by_state counts only the first count_cap + 1 matches it read (each a lower bound).
  // False: by_state is exact (whatever the cap: a store may count exactly when that is cheap).
  bool capped = false;
};

// One row of the staff list. request.contact is always empty: lists never carry contact details.
struct StaffListItem {
  ServiceRequest request;
  RequestWorkflow workflow;
};

// An open request the escalation sweep looks at (ListSlaCandidates).
struct SlaCandidate {
  RequestId id = 0;
  std::string service_code;
  std::string department_code;
  RequestState state = RequestState::kSubmitted;
  bool internal = false;
  Timestamp expected_at{};
  int sla_cycle = 0;
  std::vector<std::string> recorded_rules;  // escalations already recorded in this cycle
};

// One escalation and what it writes (RecordEscalation).
struct EscalationRecord {
  RequestId request_id = 0;
  int sla_cycle = 0;
  std::string rule;    // EscalationRule::name
  int level = 0;       // 1: due soon, 2: overdue
  std::string notify;  // who is told: an e-mail address or a department code
  Timestamp at{};
  Timestamp due_by{};  // recorded only while the request's expected_at <= due_by
  TimelineEvent event;
  AuditEntry audit;
  std::vector<OutboxMessage> outbox;
  // Messages that need the stored event (its id, the request's state): called inside the
  // transaction after the event is written. May be empty. Must be a pure function.
  std::function<std::vector<OutboxMessage>(const TimelineEvent&)> make_outbox;
};

class WorkflowStore {
 public:
  virtual ~WorkflowStore() = default;
  // The requests matching q (see StaffListQuery), with their workflow fields.
  virtual Result<std::vector<StaffListItem>> ListStaffRequests(const StaffListQuery& q) = 0;
  // How many requests match q in each state (see StateCounts; q.count_cap may stop the count);
  // q's sort, limit and offset are ignored. Counted by the store (SQL count), never by loading
  // rows.
  virtual Result<StateCounts> CountStaffRequests(const StaffListQuery& q) = 0;
  // One transaction: updates the request row (state, department, status_notes, parent,
  // expected_at, updated_at; version = change.request.version + 1) only if its version is still
  // change.request.version, writes the workflow fields, appends the events, audit entries and
  // outbox messages. kNotFound: no such request; kConflict: the version moved on (someone else
  // changed it first; nothing was written). Returns the request as stored and the event ids.
  virtual Result<ServiceRequest> ApplyChange(RequestChange& change) = 0;

  virtual Result<RequestWorkflow> GetWorkflow(RequestId id) = 0;
  // Sets the workflow fields of a new request (reporter) without an event.
  virtual Status SetWorkflow(RequestId id, const RequestWorkflow& w) = 0;
  virtual Result<std::vector<TimelineEvent>> ListEvents(RequestId id, bool include_internal) = 0;
  // Public (non-internal) events of public requests with from <= at <= to, oldest first.
  virtual Result<std::vector<PublicUpdate>> ListPublicUpdates(Timestamp from, Timestamp to,
                                                              int limit) = 0;

  // A work order written with its records (WorkOrderRecords) in ONE transaction. Create stores
  // version 1. Update is optimistic: it writes only if the stored version is still w.version
  // (then stores w.version + 1); kConflict if the order moved on, kNotFound if missing
  // (nothing written either way).
  virtual Result<WorkOrder> CreateWorkOrder(WorkOrder w, const MakeWorkOrderRecords& records) = 0;
  virtual Status UpdateWorkOrder(const WorkOrder& w, const MakeWorkOrderRecords& records) = 0;
  virtual Result<std::optional<WorkOrder>> GetWorkOrder(std::int64_t id) = 0;
  virtual Result<std::vector<WorkOrder>> ListWorkOrders(RequestId request_id) = 0;

  // A new request and the records of its creation, in ONE transaction, durable before it
  // returns: the request (id assigned), change.workflow, change.events, change.audit and
  // change.outbox (their request ids are filled in). change.request is ignored.
  virtual Result<ServiceRequest> CreateRequest(ServiceRequest r, RequestChange& change) = 0;

  virtual Status AddFollower(RequestId id, UserId user) = 0;     // idempotent
  virtual Status RemoveFollower(RequestId id, UserId user) = 0;  // idempotent
  virtual Result<std::vector<UserId>> ListFollowers(RequestId id) = 0;
  // The internal requests raised from request `source` (RequestChange::raised_from), oldest
  // first.
  virtual Result<std::vector<RequestId>> ListRaisedFrom(RequestId source) = 0;

  // Open requests whose SLA clock runs (not paused) with expected_at in [from_at, horizon],
  // ordered by (expected_at, id), skipping those at from_at with id <= after_id (keyset paging);
  // at most `limit`. Served by an index on expected_at of open requests.
  virtual Result<std::vector<SlaCandidate>> ListSlaCandidates(Timestamp horizon, Timestamp from_at,
                                                              RequestId after_id, int limit) = 0;
  // Records escalation (request, cycle, rule) exactly once, in ONE transaction with e.event
  // (its id and state filled in), e.audit and e.outbox plus e.make_outbox(event) — only if the
  // request is still open, not paused, in cycle e.sla_cycle and due by e.due_by. True if this
  // call recorded it; false if it was already recorded (by anyone, any process) or no longer
  // applies; nothing is written then.
  virtual Result<bool> RecordEscalation(EscalationRecord& e) = 0;

  // Survey answers (survey_store.cpp). Records `a` with `outbox` in ONE transaction.
  virtual Status RecordSurveyAnswer(const SurveyAnswer& a,
                                    const std::vector<OutboxMessage>& outbox) = 0;
  // The newest answer about request `id` given at or after `since`; nullopt: none.
  virtual Result<std::optional<SurveyAnswer>> LatestSurveyAnswer(RequestId id, Timestamp since) = 0;
  // The requests closed as duplicates of `parent`, with their reporters' contact details (for
  // telling them the parent's outcome; never shown to anyone).
  virtual Result<std::vector<ServiceRequest>> ListDuplicatesOf(RequestId parent) = 0;

  // Staff alerts (staff_alert_store.cpp). Defaults when the person never chose.
  virtual Result<StaffAlertPrefs> GetStaffAlerts(UserId id) = 0;
  // Sets the choice and language; switching to the digest starts it at `now`. kNotFound: no user.
  virtual Status SetStaffAlerts(UserId id, QueueAlerts queue, std::string_view lang,
                                Timestamp now) = 0;
  // Active staff (not residents, not disabled) of `department` whose queue choice is `queue`.
  virtual Result<std::vector<AlertRecipient>> ListQueueAlertRecipients(std::string_view department,
                                                                       QueueAlerts queue) = 0;
  // The language of a person's alerts ("en" when they never chose).
  virtual Result<std::string> AlertLang(UserId id) = 0;
  // Digest subscribers whose digest started at or before `started_by`, oldest first.
  virtual Result<std::vector<DigestDue>> ListDueDigests(Timestamp started_by, int limit) = 0;
  // Public and internal requests of `departments` filed in (after, upto], oldest first, then
  // those filed earlier and transferred into them in (after, upto] (still there), oldest first;
  // at most `limit` in all.
  virtual Result<std::vector<ServiceRequest>> ListFiledBetween(
      const std::vector<std::string>& departments, Timestamp after, Timestamp upto, int limit) = 0;
  // Moves user `id`'s digest start from `since` to `until` and writes `mail` (if any), in ONE
  // transaction — only if the start is still `since` (another worker may have sent it): true
  // if this call did.
  virtual Result<bool> RecordDigest(UserId id, Timestamp since, Timestamp until,
                                    const std::vector<OutboxMessage>& mail) = 0;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  virtual Status AppendAudit(const AuditEntry& e) = 0;  // append-only: no update, no delete
  // Newest first; empty department: every department.
  virtual Result<std::vector<AuditEntry>> ListAudit(std::string_view department_code,
                                                    int limit) = 0;
};

}  // namespace civic311
