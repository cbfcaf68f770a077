// WorkflowService: the staff use cases on service requests — acknowledge, assign, transfer,
// change state, notes, duplicates, reopen, add information, requests on behalf of callers,
// internal requests, work orders, and the full (staff) view of one request.
//
// Every operation decides permission FIRST with Authorize() (domain/policy.hpp), the one place
// for permission decisions, then applies the lifecycle rules (domain/lifecycle.hpp), then stores
// the change, its timeline event, an audit entry and a "webhook" outbox message in one
// transaction (WorkflowStore::ApplyChange, optimistic on the version the caller read).
//
// Errors: kNotFound (missing, or not visible to this actor: residents never learn internal
// requests exist), kUnauthenticated/kPermissionDenied (policy), kConflict (forbidden transition,
// stale version, open work orders), kInvalidArgument with field errors (bad input).
//
// Ownership: holds the city (shared) and references to the stores and clock, which must outlive
// it. Thread-safety: safe from many threads; methods block on the stores (run on workers).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/crew_ports.hpp"
#include "app/ports.hpp"
#include "app/workflow_ports.hpp"
#include "base/clock.hpp"
#include "domain/city.hpp"
#include "domain/live_city.hpp"
#include "domain/validation.hpp"

namespace civic311 {

// One action on a request, as the staff API receives it.
struct ActionInput {
  Action action = Action::kNote;
  std::int64_t version = 0;                // the version the actor read (optimistic check)
  std::string text;                        // note text, reason (reopen, transfer), information
  std::string media_url;                   // add_info, notes
  std::optional<UserId> assignee_user_id;  // assign
  std::string department_code;             // transfer: the new department
  std::optional<RequestId> parent_id;      // close_duplicate: the original request
  // Who acted when it is not a signed-in person: "api_key:NAME" for an external system.
  // Recorded in the event's data and the audit entry.
  std::string via;
  // The external system's own id for this update (Open311 POST servicerequestupdates): an update
  // with the same via + external_id is applied once (see FindExternalUpdate).
  std::string external_id;
  // A response template (City::response_templates) for this action: its text becomes the public
  // note unless `text` is given (staff edited the wording). Recorded in the event's data.
  std::string template_id;
  // An external system of record (Open311 POST servicerequestupdates with an API key) is the
  // authority on its own updates: a state change the lifecycle would refuse a person is applied
  // as an external correction (ApplyExternalAction, domain/lifecycle.hpp) — an event and audit
  // entry of kind "external_correction" naming the action and both states — instead of a
  // kConflict, and close_duplicate may come without parent_id (closed as a duplicate, no link).
  // Honoured only for an external system's actor (Actor::user_id < 0: an API key); a person's
  // input with it set is refused (kPermissionDenied).
  bool external_authority = false;
};

// Some editable fields of a work order (PATCH): nullopt members are left as they are.
struct WorkOrderPatch {
  std::optional<std::string> crew;                        // a crew's name (see CheckWorkOrder)
  std::optional<std::optional<std::int64_t>> crew_id;     // engaged nullopt: no crew
  std::optional<std::optional<UserId>> assignee_user_id;  // engaged nullopt: unassign
  std::optional<std::vector<WorkTask>> tasks;
  std::optional<std::optional<Timestamp>> scheduled_for;  // engaged nullopt: unschedule
  std::optional<double> labour_hours;
  std::optional<std::string> materials;
  std::optional<std::int64_t> cost_cents;
  std::optional<std::string> completion_note;
  std::optional<bool> done;
  // The version the caller read (optimistic check, kConflict when stale); nullopt: none.
  std::optional<std::int64_t> version;

  void ApplyTo(WorkOrder& w) const;
};

// Limits of a work order's fields (bytes; hours and cents are also >= 0 and finite).
inline constexpr std::size_t kMaxCrewBytes = 200;
inline constexpr std::size_t kMaxWorkTextBytes = 4000;  // materials, completion_note
inline constexpr std::size_t kMaxTasks = 100;
inline constexpr std::size_t kMaxTaskBytes = 500;
inline constexpr double kMaxLabourHours = 100'000;
inline constexpr std::int64_t kMaxCostCents = 100'000'000'000;  // a billion in the currency

// The field checks of a work order that need no store: lengths, control characters, finite
// non-negative hours and cost. kInvalidArgument with a field error for each problem.
Status CheckWorkOrderFields(const WorkOrder& w);

// The action that moves a request to `s` (set_state); nullopt for submitted.
std::optional<Action> ActionForState(RequestState s);

// A "was this fixed?" answer as a front door received it (docs/notifications.md, "The survey").
// Who answers is proven by the door: a signed link sent to the reporter's address
// (`link_address`, source "email"/"sms"), or the signed-in reporter on the portal (the actor,
// source "portal").
struct SurveyInput {
  RequestId request_id = 0;
  bool fixed = false;
  std::string comment;  // with a "no": what is still wrong (the reopen reason)
  std::string source;   // "email", "sms", "portal"
  std::string link_address;
};

// What became of an answer.
enum class SurveyOutcome {
  kThanks,           // "yes" recorded
  kReopened,         // "no" recorded and the request reopened (within the reopen window)
  kTooLate,          // "no" recorded; the window is over: file a new request
  kAlreadyAnswered,  // the same answer was given already for this resolution; nothing new
  kNotAsked,         // the request is not (or no longer) marked fixed; nothing recorded
};
std::string_view SurveyOutcomeName(SurveyOutcome o);

// Whether a request's survey can be answered now, for the pages that show it.
struct SurveyState {
  bool open = false;                // marked fixed: an answer is welcome
  std::optional<bool> last_answer;  // the answer already given for this resolution, if any
  bool can_reopen = false;          // a "no" would reopen it (else: file a new request)
};

// What one actor may see of one request, shaped by the policy (ViewOf, domain/policy.hpp).
struct RequestDetail {
  ServiceRequest request;    // contact cleared unless contact_visible
  RequestWorkflow workflow;  // assignee cleared unless internal_visible
  bool contact_visible = false;
  // The work behind it. When false: no internal events, no actor ids or event data on the
  // others, no assignee, no work orders, no id of an internal request it duplicates.
  bool internal_visible = false;
  std::vector<TimelineEvent> timeline;
  std::vector<WorkOrder> work_orders;
  // How many signed-in people follow it (WorkflowStore::ListFollowers); 0 unless
  // internal_visible (who follows what is staff business).
  std::int64_t followers = 0;
};

// An internal request raised from a request's desk, as the desk lists it.
struct InternalRequestItem {
  ServiceRequest request;  // public fields (no contact)
  RequestWorkflow workflow;
};

// Filters of the staff request list. Empty/nullopt: no filter.
struct StaffQuery {
  std::vector<std::string> departments;
  std::vector<RequestState> states;
  std::vector<std::string> service_codes;
  std::optional<UserId> assignee_user_id;
  bool overdue = false;  // open, clock running (not paused) and past expected_at
  // At risk: like overdue, but due within the city's due_soon threshold ([workflow] due_soon on
  // the city calendar) — so it includes the overdue ones. Without a threshold: overdue only.
  bool at_risk = false;
  std::string text;  // words of description, address or service name, or an id
                     // (domain/search_text.hpp)
  std::optional<RequestQuery::BBox> bbox;
  bool unassigned = false;
  std::optional<std::int64_t> crew_id;  // with an unfinished work order for this crew
  std::vector<Channel> channels;
  std::optional<Timestamp> requested_from;  // requested_at >= from
  std::optional<Timestamp> requested_to;    // requested_at < to
  StaffSort sort = StaffSort::kNewest;
  int limit = 50;  // 1..200
  int offset = 0;
  std::int64_t count_cap = 0;  // CountByState: StaffListQuery::count_cap
};

class WorkflowService {
 public:
  WorkflowService(CitySource city, RequestStore& requests, WorkflowStore& workflow,
                  UserStore& users, AuditStore& audit, const Clock& clock);
  // The crew register work orders name their crews from (docs/console.md, "Crews"); must
  // outlive the service. Set once at start-up, before any call. Without one, a work order's
  // crew is free text (tools and tests that have no register).
  void SetCrews(CrewStore* crews) { crews_ = crews; }

  // Applies `input` to request `id` on behalf of `actor`; returns the request as stored and,
  // when event_id is given, sets it to the id of the timeline event written.
  Result<ServiceRequest> Act(const Actor& actor, RequestId id, const ActionInput& input,
                             std::int64_t* event_id = nullptr);

  // Records a "was this fixed?" answer (workflow_service_survey.cpp). `actor` is the signed-in
  // reporter for source "portal" (else ignored: the signed link proved who answers). A "no"
  // within the city's reopen window reopens the request (a reopen event with the comment, the
  // answer and a "not_fixed" alert to staff in one transaction); outside it the answer and the
  // alert are recorded and the outcome says to file a new request. The same answer twice for one
  // resolution is recorded once. kNotFound: no such (public) request; kPermissionDenied: the
  // link's address or the actor is not the request's reporter; kInvalidArgument: bad source or
  // a comment over 2000 bytes.
  Result<SurveyOutcome> AnswerSurvey(const Actor& actor, const SurveyInput& in);
  // The survey's state for request `id` (no permission needed: it reveals nothing private).
  Result<SurveyState> GetSurveyState(RequestId id);

  // The signed-in member of staff's alert settings (workflow_service_alerts.cpp): what they hear
  // of new requests in their departments' queues and in which language. kUnauthenticated for
  // the anonymous, kPermissionDenied for residents; kInvalidArgument: lang not 2-3 letters.
  Result<StaffAlertPrefs> GetAlertSettings(const Actor& actor);
  Result<StaffAlertPrefs> SetAlertSettings(const Actor& actor, QueueAlerts queue,
                                           std::string_view lang);

  // The request's public fields and version (no contact, so no audit entry): kViewRequest.
  Result<ServiceRequest> Get(const Actor& actor, RequestId id);

  // The event an external system's update (via + external_id) already wrote on request `id`.
  Result<std::optional<std::int64_t>> FindExternalUpdate(RequestId id, std::string_view via,
                                                         std::string_view external_id);

  // Follow (on) or stop following (off) a request: kFollow. Idempotent.
  Status Follow(const Actor& actor, RequestId id, bool on);
  // Whether `actor` follows request `id` (no permission needed beyond seeing the request).
  Result<bool> IsFollowing(const Actor& actor, RequestId id);

  // The response templates staff may use on request `id` now (kViewRequest), in config order:
  // those for its service whose state is one it may move to next (NextStates), and the "note"
  // templates. Applied with ActionInput::template_id.
  Result<std::vector<ResponseTemplate>> ListTemplates(const Actor& actor, RequestId id);

  // The audit log, newest first: kViewAuditLog on `department_code` (empty: every department,
  // which only admins may read). limit is clamped to 1..500.
  Result<std::vector<AuditEntry>> ListAudit(const Actor& actor, std::string_view department_code,
                                            int limit);

  // The request with its timeline and work orders. Contact details only when the policy allows
  // view_contact, and every such view writes an audit entry ("view_contact").
  Result<RequestDetail> GetDetail(const Actor& actor, RequestId id);

  // A request made by staff: on behalf of a caller (create_on_behalf; input.channel says how the
  // caller reached the city) or, with `internal_for` set, an internal request raised for that
  // department (create_internal_request; never public). A signed-in resident creates their own
  // request (create_request; channel web or app) and is recorded as its reporter. Validated and
  // routed like every submission (SubmitRequest, app/submit_request.hpp); `locale` is the
  // reporter's language (empty: unknown).
  // `media`: photos and videos already stored (MediaService), linked in the same transaction.
  Result<ServiceRequest> CreateRequest(const Actor& actor, const SubmissionInput& input,
                                       std::optional<std::string> internal_for = std::nullopt,
                                       std::string_view locale = {},
                                       std::vector<MediaItem> media = {});

  // An internal request for `department` raised from request `from` (the desk's "ask another
  // department"): `actor` must see `from` (kViewRequest) and may raise internal requests for
  // `department` (kCreateInternalRequest); then as CreateRequest with internal_for, the link to
  // `from` written in the same transaction (workflow_service_internal.cpp). Errors as
  // CreateRequest; kNotFound when `from` is not visible.
  Result<ServiceRequest> RaiseInternalRequest(const Actor& actor, RequestId from,
                                              const SubmissionInput& input,
                                              const std::string& department);
  // The internal requests raised from request `from`, oldest first, each as the actor may see it
  // (kViewRequest; the others are left out). Empty unless the actor may read `from`'s internal
  // side (ViewOf): residents never learn of them.
  Result<std::vector<InternalRequestItem>> ListInternalRequests(const Actor& actor, RequestId from);

  // Requests matching q that `actor` may view (kViewRequest), newest first, without contact
  // details. One store query (WorkflowStore::ListStaffRequests) does the filtering and the
  // paging; the actor's visibility (ScopeOf, domain/policy.hpp) is one of its filters, and
  // Authorize() still checks every returned row.
  Result<std::vector<ServiceRequest>> List(const Actor& actor, const StaffQuery& q);
  // The same list with each request's workflow fields (assignee, paused clock): the console's.
  Result<std::vector<StaffListItem>> ListItems(const Actor& actor, const StaffQuery& q);
  // How many requests q matches in each state, for the same actor and filters as ListItems
  // (q.limit, offset and sort ignored; q.count_cap may stop it: StateCounts): one SQL count in
  // the store.
  Result<StateCounts> CountByState(const Actor& actor, const StaffQuery& q);

  // Public updates (Open311 servicerequestupdates) with from <= at <= to, oldest first; no
  // internal events, no internal requests, no actor names. kInvalidArgument if to < from.
  Result<std::vector<PublicUpdate>> PublicUpdates(Timestamp from, Timestamp to, int limit);

  // Work orders: kManageWorkOrders in the request's department (or the work order's own
  // department for proactive work with no request). Validated like the assign action
  // (CheckWorkOrder): kInvalidArgument with field errors. Update replaces every editable field;
  // Patch changes only those the patch carries. Both are optimistic on the version the caller
  // read (WorkOrder::version / WorkOrderPatch::version; 0 / nullopt: not checked): kConflict
  // when the order moved on, nothing written. They record the actor as updated_by.
  Result<WorkOrder> CreateWorkOrder(const Actor& actor, WorkOrder w);
  Result<WorkOrder> UpdateWorkOrder(const Actor& actor, const WorkOrder& w);
  Result<WorkOrder> PatchWorkOrder(const Actor& actor, std::int64_t id, const WorkOrderPatch& p);

  // The current city snapshot: keep it for the whole request (domain/live_city.hpp).
  std::shared_ptr<const City> city() const { return city_.Current(); }

 private:
  Result<ServiceRequest> Load(const Actor& actor, RequestId id);
  // CreateRequest, and the internal request's link to `raised_from` when given.
  Result<ServiceRequest> Create(const Actor& actor, const SubmissionInput& input,
                                std::optional<std::string> internal_for, std::string_view locale,
                                std::vector<MediaItem> media, std::optional<RequestId> raised_from);
  // Act after the policy said yes (`d`): the lifecycle, the SLA clock and the stored change.
  // `survey`: a "not fixed" answer recorded with a reopen.
  Result<ServiceRequest> ApplyAuthorized(const Actor& actor, const Decision& d, ServiceRequest r,
                                         RequestWorkflow w, const ActionInput& input,
                                         std::int64_t* event_id,
                                         std::optional<SurveyAnswer> survey = std::nullopt);
  // Who on the staff side hears of something a resident did on `r` (a reply, a reopen, a "not
  // fixed" answer): the assignee (unless `except`), else the department's address, else the
  // department's staff who chose immediate alerts. Each with their language.
  Result<std::vector<AlertRecipient>> ResponsibleStaff(const ServiceRequest& r,
                                                       const RequestWorkflow& w, UserId except);
  // The store's query for q within what `actor` may see; nullopt: the actor may see nothing.
  Result<std::optional<StaffListQuery>> StoreQuery(const Actor& actor, const StaffQuery& q) const;
  Status Check(const Actor& actor, Operation op, const ServiceRequest& r,
               const RequestWorkflow& w) const;
  // CheckWorkOrderFields, and that the assignee is an active member of `department` (as assign).
  // With a crew register and a department that has registered crews: the crew (crew_id, or a
  // crew's name) is an active crew of `department` (its name is copied to w.crew) or the one
  // `before` already named; else kInvalidArgument on "crew_id". Fills w.crew_id from a name.
  // A department without registered crews keeps free-text crews (docs/console.md, "Crews").
  Status CheckWorkOrder(WorkOrder& w, const std::string& department,
                        const WorkOrder* before = nullptr);
  // The crew part of CheckWorkOrder.
  Status CheckCrew(WorkOrder& w, const std::string& department, const WorkOrder* before);
  // People's names for work-order timeline texts (the user store's display name or e-mail).
  std::function<std::string(UserId)> PersonNames();

  CitySource city_;
  RequestStore& requests_;
  WorkflowStore& workflow_;
  UserStore& users_;
  AuditStore& audit_;
  const Clock& clock_;
  CrewStore* crews_ = nullptr;
};

}  // namespace civic311
