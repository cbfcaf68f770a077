// SqliteWorkflowStore: the UserStore, WorkflowStore and AuditStore (app/workflow_ports.hpp) of the
// database file a SqliteStore has open (schema: migrations/0002_workflow.sql).
//
// It opens no connection of its own: writes go through the SqliteStore's one writer thread (so
// they share its group commit and never contend for the write lock), reads through its reader
// pool. ApplyChange runs as one writer job (its own SAVEPOINT): the version-checked UPDATE, the
// workflow row, events, audit entries and outbox messages are all written, or none.
//
// Ownership: borrows the SqliteStore and the clock, which must outlive it.
// Thread-safety: every method is safe from many threads at once; all calls block (disk).
#pragma once

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/workflow_ports.hpp"
#include "base/clock.hpp"

namespace civic311 {

class SqliteWorkflowStore final : public UserStore, public WorkflowStore, public AuditStore {
 public:
  // clock: for created_at/recorded times the store stamps itself; null: system clock.
  explicit SqliteWorkflowStore(SqliteStore& store, const Clock* clock = nullptr)
      : store_(store), clock_(clock != nullptr ? *clock : system_clock_) {}

  // UserStore (user_store.cpp)
  Result<User> CreateUser(User u) override;
  Result<std::optional<User>> GetUser(UserId id) override;
  Result<std::optional<User>> FindUserByEmail(std::string_view email) override;
  Result<std::vector<User>> ListUsers() override;
  Status SetUserDisabled(std::string_view email, bool disabled) override;
  Status SetUserAccess(UserId id, Role role, const std::vector<std::string>& departments) override;
  Status SetPasswordHash(UserId id, std::string_view hash) override;
  Status SetProfile(UserId id, std::string_view display_name, bool hide_name) override;
  Status SetTotpSecret(UserId id, std::string_view base32_secret) override;
  Status RecordTotpStep(UserId id, std::int64_t step) override;
  Status CreateSession(const Session& s) override;
  Result<std::optional<Session>> FindSession(std::string_view token_hash, Timestamp now) override;
  Status DeleteSession(std::string_view token_hash) override;
  Status DeleteSessionsOfUser(UserId id) override;
  Status CreatePasswordReset(std::string_view token_hash, UserId id, Timestamp expires_at,
                             const OutboxMessage* mail = nullptr) override;
  Result<std::optional<UserId>> FindPasswordReset(std::string_view token_hash,
                                                  Timestamp now) override;
  Result<std::optional<UserId>> ConsumePasswordReset(std::string_view token_hash,
                                                     Timestamp now) override;
  Status RecordLoginAttempt(std::string_view email, Timestamp at, bool success) override;
  Result<int> CountFailedLogins(std::string_view email, Timestamp since) override;

  // WorkflowStore (workflow_store.cpp, work_order_store.cpp)
  Result<std::vector<StaffListItem>> ListStaffRequests(
      const StaffListQuery& q) override;                                     // staff_list_store.cpp
  Result<StateCounts> CountStaffRequests(const StaffListQuery& q) override;  // staff_list_store.cpp
  Result<ServiceRequest> ApplyChange(RequestChange& change) override;
  Result<RequestWorkflow> GetWorkflow(RequestId id) override;
  Status SetWorkflow(RequestId id, const RequestWorkflow& w) override;
  Result<std::vector<TimelineEvent>> ListEvents(RequestId id, bool include_internal) override;
  Result<std::vector<PublicUpdate>> ListPublicUpdates(Timestamp from, Timestamp to,
                                                      int limit) override;
  Result<WorkOrder> CreateWorkOrder(WorkOrder w, const MakeWorkOrderRecords& records) override;
  Status UpdateWorkOrder(const WorkOrder& w, const MakeWorkOrderRecords& records) override;
  Result<std::optional<WorkOrder>> GetWorkOrder(std::int64_t id) override;
  Result<std::vector<WorkOrder>> ListWorkOrders(RequestId request_id) override;
  Result<ServiceRequest> CreateRequest(ServiceRequest r, RequestChange& change) override;
  Status AddFollower(RequestId id, UserId user) override;
  Status RemoveFollower(RequestId id, UserId user) override;
  Result<std::vector<UserId>> ListFollowers(RequestId id) override;
  Result<std::vector<RequestId>> ListRaisedFrom(RequestId source) override;
  // escalation_store.cpp
  Result<std::vector<SlaCandidate>> ListSlaCandidates(Timestamp horizon, Timestamp from_at,
                                                      RequestId after_id, int limit) override;
  Result<bool> RecordEscalation(EscalationRecord& e) override;
  // survey_store.cpp
  Status RecordSurveyAnswer(const SurveyAnswer& a,
                            const std::vector<OutboxMessage>& outbox) override;
  Result<std::optional<SurveyAnswer>> LatestSurveyAnswer(RequestId id, Timestamp since) override;
  Result<std::vector<ServiceRequest>> ListDuplicatesOf(RequestId parent) override;
  // staff_alert_store.cpp
  Result<StaffAlertPrefs> GetStaffAlerts(UserId id) override;
  Status SetStaffAlerts(UserId id, QueueAlerts queue, std::string_view lang,
                        Timestamp now) override;
  Result<std::vector<AlertRecipient>> ListQueueAlertRecipients(std::string_view department,
                                                               QueueAlerts queue) override;
  Result<std::string> AlertLang(UserId id) override;
  Result<std::vector<DigestDue>> ListDueDigests(Timestamp started_by, int limit) override;
  Result<std::vector<ServiceRequest>> ListFiledBetween(const std::vector<std::string>& departments,
                                                       Timestamp after, Timestamp upto,
                                                       int limit) override;
  Result<bool> RecordDigest(UserId id, Timestamp since, Timestamp until,
                            const std::vector<OutboxMessage>& mail) override;

  // AuditStore (user_store.cpp)
  Status AppendAudit(const AuditEntry& e) override;
  Result<std::vector<AuditEntry>> ListAudit(std::string_view department_code, int limit) override;

 private:
  std::int64_t NowUnix() const { return clock_.Now().time_since_epoch().count(); }

  SqliteStore& store_;
  SystemClock system_clock_;
  const Clock& clock_;
};

}  // namespace civic311
