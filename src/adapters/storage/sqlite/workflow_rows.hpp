// Helpers shared by the SqliteWorkflowStore source files (private to the SQLite adapter).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "app/workflow_ports.hpp"

namespace civic311::sqlite {

inline std::int64_t ToUnix(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromUnixSeconds(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }
inline std::optional<std::int64_t> ToUnix(const std::optional<Timestamp>& t) {
  return t ? std::optional<std::int64_t>(ToUnix(*t)) : std::nullopt;
}
inline std::optional<std::int64_t> OptInt(const Statement& st, int col) {
  return st.IsNull(col) ? std::nullopt : std::optional<std::int64_t>(st.Int64(col));
}
inline std::optional<Timestamp> OptTime(const Statement& st, int col) {
  return st.IsNull(col) ? std::nullopt : std::optional<Timestamp>(FromUnixSeconds(st.Int64(col)));
}

// The department codes of a users.departments value ("PWD,SAN").
std::vector<std::string> SplitDepartments(std::string_view s);

// Appends one audit entry inside the caller's transaction.
Status InsertAudit(Db& db, const AuditEntry& e);

// The escalation sweep's candidate query (escalation_store.cpp), for the plan test.
std::string SlaCandidatesSql();
// Appends a timeline event inside the caller's transaction and sets e.id.
Status InsertEvent(Db& db, TimelineEvent& e);
// An outbox message, due at once (now: Unix seconds).
Status InsertOutbox(Db& db, const OutboxMessage& m, std::int64_t now);
// A survey answer, inside the caller's transaction (survey_store.cpp).
Status InsertSurveyAnswer(Db& db, const SurveyAnswer& a);
// The stored payload of a message: a flat JSON object of its fields.
std::string OutboxPayload(const OutboxMessage& m);

}  // namespace civic311::sqlite
