// SqliteWorkflowStore: "was this fixed?" answers (survey_answers, migration 0010) and the
// duplicates of a request (whose reporters hear of its outcome). docs/notifications.md.
#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/request_rows.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {

using sqlite::Db;
using sqlite::FromUnixSeconds;
using sqlite::ToUnix;

namespace sqlite {

Status InsertSurveyAnswer(Db& db, const SurveyAnswer& a) {
  auto st = db.Prepare(
      "INSERT INTO survey_answers (request_id, fixed, comment, source, answered_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st.ok()) return std::move(st).error();
  return st->Bind(1, a.request_id)
      .Bind(2, a.fixed)
      .Bind(3, a.comment)
      .Bind(4, a.source)
      .Bind(5, ToUnix(a.answered_at))
      .Run();
}

}  // namespace sqlite

Status SqliteWorkflowStore::RecordSurveyAnswer(const SurveyAnswer& a,
                                               const std::vector<OutboxMessage>& outbox) {
  const std::int64_t now = NowUnix();
  return store_.writer().Run([&](Db& db) -> Status {
    C311_TRY(sqlite::InsertSurveyAnswer(db, a));
    for (const OutboxMessage& m : outbox) C311_TRY(sqlite::InsertOutbox(db, m, now));
    return OkStatus();
  });
}

Result<std::optional<SurveyAnswer>> SqliteWorkflowStore::LatestSurveyAnswer(RequestId id,
                                                                            Timestamp since) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT fixed, comment, source, answered_at FROM survey_answers "
      "WHERE request_id = ?1 AND answered_at >= ?2 ORDER BY answered_at DESC, id DESC LIMIT 1");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, id).Bind(2, ToUnix(since)).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<SurveyAnswer>();
  SurveyAnswer a;
  a.request_id = id;
  a.fixed = st->Int64(0) != 0;
  a.comment = st->String(1);
  a.source = st->String(2);
  a.answered_at = FromUnixSeconds(st->Int64(3));
  return std::optional<SurveyAnswer>(std::move(a));
}

Result<std::vector<ServiceRequest>> SqliteWorkflowStore::ListDuplicatesOf(RequestId parent) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(sqlite::SelectRequests() +
                           " WHERE r.parent_id = ?1 AND r.state = 'duplicate' ORDER BY r.id");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, parent);
  std::vector<ServiceRequest> out;
  C311_TRY(sqlite::AppendRequests(*st, &out));
  return out;
}

}  // namespace civic311
