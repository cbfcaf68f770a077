// SqliteWorkflowStore: staff alert settings and digests (staff_alerts, migration 0013).
// docs/notifications.md, "Staff alerts".
#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/request_rows.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {

using sqlite::Db;
using sqlite::FromUnixSeconds;
using sqlite::ToUnix;

namespace {

// Active staff: the roles that work requests, not disabled. Residents never get staff alerts.
constexpr const char* kActiveStaff =
    "u.disabled = 0 AND u.role IN ('admin', 'manager', 'staff', 'agent')";

}  // namespace

Result<StaffAlertPrefs> SqliteWorkflowStore::GetStaffAlerts(UserId id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT new_requests, lang, digest_since FROM staff_alerts WHERE user_id = ?1");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  StaffAlertPrefs p;
  if (!*row) return p;
  p.queue = ParseQueueAlerts(st->Text(0)).value_or(QueueAlerts::kOff);
  p.lang = st->String(1);
  p.digest_since = FromUnixSeconds(st->Int64(2));
  return p;
}

Status SqliteWorkflowStore::SetStaffAlerts(UserId id, QueueAlerts queue, std::string_view lang,
                                           Timestamp now) {
  return store_.writer().Run([&](Db& db) -> Status {
    auto exists = db.Prepare("SELECT 1 FROM users WHERE id = ?1");
    if (!exists.ok()) return std::move(exists).error();
    auto row = exists->Bind(1, id).Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return Error::NotFound("no such user");
    // Switching to the digest starts it now: the first digest holds what comes after the choice.
    auto st = db.Prepare(
        "INSERT INTO staff_alerts (user_id, new_requests, lang, digest_since) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user_id) DO UPDATE SET "
        "digest_since = CASE WHEN new_requests = 'digest' AND excluded.new_requests = 'digest' "
        "THEN digest_since ELSE excluded.digest_since END, "
        "new_requests = excluded.new_requests, lang = excluded.lang");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, id).Bind(2, QueueAlertsName(queue)).Bind(3, lang).Bind(4, ToUnix(now)).Run();
  });
}

Result<std::vector<AlertRecipient>> SqliteWorkflowStore::ListQueueAlertRecipients(
    std::string_view department, QueueAlerts queue) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      std::string("SELECT u.id, u.email, a.lang FROM staff_alerts a JOIN users u ON u.id = "
                  "a.user_id WHERE a.new_requests = ?1 AND ") +
      kActiveStaff + " AND instr(',' || u.departments || ',', ',' || ?2 || ',') > 0 ORDER BY u.id");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, QueueAlertsName(queue)).Bind(2, department);
  std::vector<AlertRecipient> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(AlertRecipient{st->Int64(0), st->String(1), st->String(2)});
  }
  return out;
}

Result<std::string> SqliteWorkflowStore::AlertLang(UserId id) {
  auto prefs = GetStaffAlerts(id);
  if (!prefs.ok()) return std::move(prefs).error();
  return prefs->lang;
}

Result<std::vector<DigestDue>> SqliteWorkflowStore::ListDueDigests(Timestamp started_by,
                                                                   int limit) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      std::string("SELECT u.id, u.email, a.lang, u.departments, a.digest_since FROM staff_alerts "
                  "a JOIN users u ON u.id = a.user_id WHERE a.new_requests = 'digest' AND "
                  "a.digest_since <= ?1 AND ") +
      kActiveStaff + " ORDER BY a.digest_since, u.id LIMIT ?2");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, ToUnix(started_by)).Bind(2, limit);
  std::vector<DigestDue> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    DigestDue d;
    d.to = AlertRecipient{st->Int64(0), st->String(1), st->String(2)};
    d.departments = sqlite::SplitDepartments(st->Text(3));
    d.since = FromUnixSeconds(st->Int64(4));
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<ServiceRequest>> SqliteWorkflowStore::ListFiledBetween(
    const std::vector<std::string>& departments, Timestamp after, Timestamp upto, int limit) {
  std::vector<ServiceRequest> out;
  if (departments.empty() || limit <= 0) return out;
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  std::string in = "r.department_code IN (";
  for (size_t i = 0; i < departments.size(); ++i) in += i == 0 ? "?" : ", ?";
  in += ")";
  // Filed: one indexed range per department (department_code, requested_at); a few each.
  // Transferred in: the window's events by time (request_events_at), a day's worth, kept when
  // they are transfers of requests filed before the window that are in the departments now.
  const std::string filed = sqlite::SelectRequests() + " WHERE " + in + " AND r.requested_at > ?" +
                            std::to_string(departments.size() + 1) + " AND r.requested_at <= ?" +
                            std::to_string(departments.size() + 2);
  const std::string moved =
      sqlite::SelectRequests() + " WHERE " + in + " AND r.requested_at <= ?" +
      std::to_string(departments.size() + 1) +
      " AND r.id IN (SELECT request_id FROM request_events WHERE kind = 'transfer' AND at > ?" +
      std::to_string(departments.size() + 1) + " AND at <= ?" +
      std::to_string(departments.size() + 2) + ")";
  for (const std::string& sql : {filed, moved}) {
    const int room = limit - static_cast<int>(out.size());
    if (room <= 0) break;
    auto st = (*db)->Prepare(sql + " ORDER BY r.requested_at, r.id LIMIT ?" +
                             std::to_string(departments.size() + 3));
    if (!st.ok()) return std::move(st).error();
    int i = 1;
    for (const std::string& d : departments) st->Bind(i++, d);
    st->Bind(i, ToUnix(after)).Bind(i + 1, ToUnix(upto)).Bind(i + 2, room);
    // Staff digests never carry a reporter's details.
    C311_TRY(sqlite::AppendRequests(*st, &out, sqlite::Contacts::kDrop));
  }
  return out;
}

Result<bool> SqliteWorkflowStore::RecordDigest(UserId id, Timestamp since, Timestamp until,
                                               const std::vector<OutboxMessage>& mail) {
  const std::int64_t now = NowUnix();
  bool moved = false;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    moved = false;
    auto st = db.Prepare(
        "UPDATE staff_alerts SET digest_since = ?3 WHERE user_id = ?1 AND digest_since = ?2 AND "
        "new_requests = 'digest'");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, id).Bind(2, ToUnix(since)).Bind(3, ToUnix(until)).Run());
    if (db.Changes() == 0) return OkStatus();  // someone else sent it, or the choice changed
    for (const OutboxMessage& m : mail) C311_TRY(sqlite::InsertOutbox(db, m, now));
    moved = true;
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return moved;
}

}  // namespace civic311
