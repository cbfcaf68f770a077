#include "adapters/storage/sqlite/change_feed.hpp"

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"

namespace civic311 {

Result<std::int64_t> SqliteChangeFeed::LastChangeId() {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare("SELECT coalesce(max(id), 0) FROM request_events");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  return st->Int64(0);
}

Result<std::vector<LiveChange>> SqliteChangeFeed::ChangesAfter(std::int64_t after, int limit) {
  std::vector<LiveChange> out;
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT e.id, e.request_id, e.kind, e.state, e.internal, e.actor_user_id, e.at, "
      "r.department_code, r.internal, w.reporter_user_id, r.version "
      "FROM request_events e JOIN service_requests r ON r.id = e.request_id "
      "LEFT JOIN request_workflow w ON w.request_id = e.request_id "
      "WHERE e.id > ?1 ORDER BY e.id LIMIT ?2");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, after).Bind(2, limit);
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    LiveChange c;
    c.event_id = st->Int64(0);
    c.request_id = st->Int64(1);
    c.kind = st->String(2);
    c.state = ParseState(st->Text(3)).value_or(RequestState::kSubmitted);
    c.internal_event = st->Int64(4) != 0;
    c.actor_user_id = st->Int64(5);
    c.at = sqlite::FromUnixSeconds(st->Int64(6));
    c.department_code = st->String(7);
    c.internal_request = st->Int64(8) != 0;
    c.reporter_user_id = sqlite::OptInt(*st, 9);
    c.version = st->Int64(10);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace civic311
