// SqliteWorkflowStore: the escalation sweep's reads (ListSlaCandidates) and RecordEscalation.
//
// Exactly once, even with several processes on one database file: the escalations row is keyed
// by (request_id, sla_cycle, rule), and it is inserted by an INSERT … SELECT that re-checks, in
// the same write transaction, that the request is still open, not paused, in that cycle and due
// by due_by. Only when that insert adds a row are the event, audit entry and outbox messages
// written, in the same transaction (one writer job = one SAVEPOINT), so they exist exactly when
// the escalation row does. SQLite's write lock serialises the writers of different processes.
#include <string>

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {

using sqlite::Db;
using sqlite::FromUnixSeconds;
using sqlite::ToUnix;

namespace {

constexpr char kRuleSeparator = '\x1f';  // between rule names in the recorded_rules column

// "r.state IN ('submitted', …, 'reopened')": the open states in kAllStates order, written word
// for word as the WHERE clause of the partial index service_requests_open_expected (0003).
std::string OpenStates() {
  std::string out = "r.state IN (";
  bool first = true;
  for (RequestState s : kAllStates) {
    if (!IsOpen(s)) continue;
    out.append(first ? "'" : ", '").append(StateName(s)).append("'");
    first = false;
  }
  return out.append(")");
}

std::vector<std::string> SplitRules(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t end = text.find(kRuleSeparator, start);
    out.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

}  // namespace

namespace sqlite {

// The candidate query, for sqlite_plan_test: parameters ?1 horizon, ?2 from_at, ?3 after_id,
// ?4 limit.
std::string SlaCandidatesSql() {
  return "SELECT r.id, r.service_code, r.department_code, r.state, r.internal, r.expected_at, "
         "coalesce(w.sla_cycle, 0), (SELECT group_concat(e.rule, char(31)) FROM escalations e "
         "WHERE e.request_id = r.id AND e.sla_cycle = coalesce(w.sla_cycle, 0)) "
         "FROM service_requests r INDEXED BY service_requests_open_expected "
         "LEFT JOIN request_workflow w ON w.request_id = r.id WHERE " +
         OpenStates() +
         " AND r.expected_at >= ?2 AND r.expected_at <= ?1 AND (r.expected_at > ?2 OR r.id > ?3) "
         "AND w.clock_paused_at IS NULL ORDER BY r.expected_at, r.id LIMIT ?4";
}

}  // namespace sqlite

Result<std::vector<SlaCandidate>> SqliteWorkflowStore::ListSlaCandidates(Timestamp horizon,
                                                                         Timestamp from_at,
                                                                         RequestId after_id,
                                                                         int limit) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(sqlite::SlaCandidatesSql());
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, ToUnix(horizon)).Bind(2, ToUnix(from_at)).Bind(3, after_id).Bind(4, limit);
  std::vector<SlaCandidate> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    SlaCandidate c;
    c.id = st->Int64(0);
    c.service_code = st->String(1);
    c.department_code = st->String(2);
    auto state = ParseState(st->Text(3));
    if (!state) return Error::Internal("service_requests row: bad state");
    c.state = *state;
    c.internal = st->Int64(4) != 0;
    c.expected_at = FromUnixSeconds(st->Int64(5));
    c.sla_cycle = static_cast<int>(st->Int64(6));
    if (!st->IsNull(7)) c.recorded_rules = SplitRules(st->Text(7));
    out.push_back(std::move(c));
  }
  return out;
}

Result<bool> SqliteWorkflowStore::RecordEscalation(EscalationRecord& e) {
  bool recorded = false;
  const std::int64_t now = NowUnix();
  Status s = store_.writer().Run([&](Db& db) -> Status {
    recorded = false;
    // Re-checked inside the write transaction: a staff change or another process may have come
    // first. ON CONFLICT DO NOTHING: already recorded (by anyone) is not an error.
    auto ins = db.Prepare(
        "INSERT INTO escalations (request_id, sla_cycle, rule, level, notify, recorded_at) "
        "SELECT r.id, ?2, ?3, ?4, ?5, ?6 FROM service_requests r "
        "LEFT JOIN request_workflow w ON w.request_id = r.id WHERE r.id = ?1 AND " +
        OpenStates() +
        " AND r.expected_at <= ?7 AND w.clock_paused_at IS NULL "
        "AND coalesce(w.sla_cycle, 0) = ?2 ON CONFLICT DO NOTHING");
    if (!ins.ok()) return std::move(ins).error();
    C311_TRY(ins->Bind(1, e.request_id)
                 .Bind(2, e.sla_cycle)
                 .Bind(3, e.rule)
                 .Bind(4, e.level)
                 .Bind(5, e.notify)
                 .Bind(6, ToUnix(e.at))
                 .Bind(7, ToUnix(e.due_by))
                 .Run());
    if (db.Changes() == 0) return OkStatus();
    auto state = db.Prepare("SELECT state FROM service_requests WHERE id = ?1");
    if (!state.ok()) return std::move(state).error();
    auto row = state->Bind(1, e.request_id).Step();
    if (!row.ok()) return std::move(row).error();
    auto parsed = *row ? ParseState(state->Text(0)) : std::nullopt;
    if (!parsed) return Error::Internal("service_requests row: bad state");
    e.event.request_id = e.request_id;
    e.event.state = *parsed;
    C311_TRY(sqlite::InsertEvent(db, e.event));
    e.audit.request_id = e.request_id;
    C311_TRY(sqlite::InsertAudit(db, e.audit));
    for (const OutboxMessage& m : e.outbox) C311_TRY(sqlite::InsertOutbox(db, m, now));
    if (e.make_outbox) {
      for (const OutboxMessage& m : e.make_outbox(e.event))
        C311_TRY(sqlite::InsertOutbox(db, m, now));
    }
    recorded = true;
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return recorded;
}

}  // namespace civic311
