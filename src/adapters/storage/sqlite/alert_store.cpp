#include "adapters/storage/sqlite/alert_store.hpp"

#include <map>

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/request_rows.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {
namespace {

using sqlite::Db;
using sqlite::FromUnixSeconds;
using sqlite::OptTime;
using sqlite::Statement;
using sqlite::ToUnix;

constexpr char kAlertColumns[] =
    "id, address, user_id, lang, label, area, lat, lon, radius_m, services, mode, feed_token, "
    "created_at, confirmed_at, next_digest_at";

std::vector<std::string> SplitCodes(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const size_t comma = s.find(',');
    std::string_view one = s.substr(0, comma);
    if (!one.empty()) out.emplace_back(one);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

std::string JoinCodes(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

AreaAlert ReadAlert(const Statement& st) {
  AreaAlert a;
  a.id = st.Int64(0);
  a.address = st.String(1);
  if (!st.IsNull(2)) a.user_id = st.Int64(2);
  a.lang = st.String(3);
  a.label = st.String(4);
  a.area = st.String(5);
  if (!st.IsNull(6)) a.lat = st.Double(6);
  if (!st.IsNull(7)) a.lon = st.Double(7);
  a.radius_m = st.IsNull(8) ? 0 : static_cast<int>(st.Int64(8));
  a.services = SplitCodes(st.Text(9));
  a.mode = ParseAlertMode(st.Text(10)).value_or(AlertMode::kFeed);
  a.feed_token = st.String(11);
  a.created_at = FromUnixSeconds(st.Int64(12));
  a.confirmed_at = OptTime(st, 13);
  a.next_digest_at = OptTime(st, 14);
  return a;
}

Result<std::vector<AreaAlert>> CollectAlerts(Statement& st) {
  std::vector<AreaAlert> out;
  while (true) {
    auto row = st.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return out;
    out.push_back(ReadAlert(st));
  }
}

// The box kept with the alert (the store does not know the city's areas): read back from the
// R*Tree when confirmed; the feed recomputes it from the shape (AlertService).
Status IndexBox(Db& db, const AreaAlert& a) {
  auto st = db.Prepare(
      "INSERT OR REPLACE INTO area_alert_boxes (id, min_lat, max_lat, min_lon, max_lon) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st.ok()) return std::move(st).error();
  return st->Bind(1, a.id)
      .Bind(2, a.box.min_lat)
      .Bind(3, a.box.max_lat)
      .Bind(4, a.box.min_lon)
      .Bind(5, a.box.max_lon)
      .Run();
}

Result<std::optional<AreaAlert>> OneAlert(Db& db, std::string_view where, std::int64_t id,
                                          std::string_view text) {
  auto st = db.Prepare(std::string("SELECT ") + kAlertColumns + ", coalesce(b.min_lat, 0), " +
                       "coalesce(b.max_lat, 0), coalesce(b.min_lon, 0), coalesce(b.max_lon, 0) " +
                       "FROM area_alerts a LEFT JOIN area_alert_boxes b USING (id) WHERE " +
                       std::string(where));
  if (!st.ok()) return std::move(st).error();
  if (text.empty())
    st->Bind(1, id);
  else
    st->Bind(1, text);
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<AreaAlert>();
  AreaAlert a = ReadAlert(*st);
  a.box = {st->Double(15), st->Double(17), st->Double(16), st->Double(18)};
  return std::optional<AreaAlert>(std::move(a));
}

}  // namespace

// --- follows -----------------------------------------------------------------------------------

Result<EmailFollow> SqliteAlertStore::AddEmailFollow(RequestId id, std::string_view address,
                                                     std::string_view lang, bool confirmed,
                                                     Timestamp now, const OutboxMessage* confirm) {
  EmailFollow out;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto exists = db.Prepare("SELECT 1 FROM service_requests WHERE id = ?1");
    if (!exists.ok()) return std::move(exists).error();
    auto found = exists->Bind(1, id).Step();
    if (!found.ok()) return std::move(found).error();
    if (!*found) return Error::NotFound("no such request");
    auto ins = db.Prepare(
        "INSERT INTO follows (request_id, address, lang, created_at, confirmed_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (request_id, address) DO UPDATE SET "
        "lang = excluded.lang, confirmed_at = coalesce(follows.confirmed_at, "
        "excluded.confirmed_at), created_at = CASE WHEN follows.confirmed_at IS NULL THEN "
        "excluded.created_at ELSE follows.created_at END RETURNING id, created_at, confirmed_at");
    if (!ins.ok()) return std::move(ins).error();
    ins->Bind(1, id).Bind(2, address).Bind(3, lang).Bind(4, ToUnix(now));
    if (confirmed)
      ins->Bind(5, ToUnix(now));
    else
      ins->BindNull(5);
    auto row = ins->Step();
    if (!row.ok()) return std::move(row).error();
    out.id = ins->Int64(0);
    out.created_at = FromUnixSeconds(ins->Int64(1));
    out.confirmed_at = OptTime(*ins, 2);
    C311_TRY(ins->Run());
    out.request_id = id;
    out.address = std::string(address);
    out.lang = std::string(lang);
    if (confirm != nullptr && !out.confirmed_at)
      C311_TRY(sqlite::InsertOutbox(db, *confirm, ToUnix(now)));
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Result<bool> SqliteAlertStore::ConfirmEmailFollow(RequestId id, std::string_view address,
                                                  Timestamp now, Timestamp asked_after) {
  bool found = false;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE follows SET confirmed_at = coalesce(confirmed_at, ?3) "
        "WHERE request_id = ?1 AND address = ?2 AND (confirmed_at IS NOT NULL OR created_at >= "
        "?4)");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(
        st->Bind(1, id).Bind(2, address).Bind(3, ToUnix(now)).Bind(4, ToUnix(asked_after)).Run());
    found = db.Changes() > 0;
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return found;
}

Status SqliteAlertStore::RemoveEmailFollow(RequestId id, std::string_view address) {
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare("DELETE FROM follows WHERE request_id = ?1 AND address = ?2");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, id).Bind(2, address).Run();
  });
}

Result<std::vector<RequestId>> SqliteAlertStore::FollowedBy(std::string_view address,
                                                            std::optional<UserId> user) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT request_id FROM follows WHERE address = ?1 AND confirmed_at IS NOT NULL "
      "UNION SELECT request_id FROM request_followers WHERE user_id = ?2 "
      "ORDER BY request_id DESC LIMIT 200");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, address).Bind(2, user.value_or(-1));
  std::vector<RequestId> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return out;
    out.push_back(st->Int64(0));
  }
}

// Addresses whose account says "no e-mail about requests I follow" are left out, whichever way
// they follow.
Result<std::vector<FollowerAddress>> SqliteAlertStore::FollowerAddresses(RequestId id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "WITH f (address, lang) AS ("
      "  SELECT address, lang FROM follows WHERE request_id = ?1 AND confirmed_at IS NOT NULL"
      "  UNION ALL SELECT u.email, coalesce(nullif(p.lang, ''), 'en') FROM request_followers rf"
      "  JOIN users u ON u.id = rf.user_id LEFT JOIN resident_prefs p ON p.user_id = u.id"
      "  WHERE rf.request_id = ?1 AND u.disabled = 0) "
      "SELECT address, min(lang) FROM f WHERE NOT EXISTS (SELECT 1 FROM users u2 "
      "  JOIN resident_prefs p2 ON p2.user_id = u2.id WHERE u2.email = f.address "
      "  AND p2.follow_email = 0) GROUP BY address ORDER BY address");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, id);
  std::vector<FollowerAddress> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return out;
    out.push_back({st->String(0), st->String(1)});
  }
}

Result<int> SqliteAlertStore::CountFollowers(RequestId id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT count(*) FROM (SELECT address FROM follows WHERE request_id = ?1 AND "
      "confirmed_at IS NOT NULL UNION SELECT u.email FROM request_followers rf JOIN users u "
      "ON u.id = rf.user_id WHERE rf.request_id = ?1)");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  return *row ? static_cast<int>(st->Int64(0)) : 0;
}

// --- alerts ------------------------------------------------------------------------------------

Result<AreaAlert> SqliteAlertStore::CreateAlert(
    AreaAlert a,
    const std::function<std::optional<OutboxMessage>(const AreaAlert&)>& make_confirm) {
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO area_alerts (address, user_id, lang, label, area, lat, lon, radius_m, "
        "services, mode, feed_token, created_at, confirmed_at, next_digest_at) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id");
    if (!st.ok()) return std::move(st).error();
    st->Bind(1, a.address)
        .Bind(2, a.user_id)
        .Bind(3, a.lang)
        .Bind(4, a.label)
        .Bind(5, a.area)
        .Bind(6, a.lat)
        .Bind(7, a.lon)
        .Bind(8, a.radius_m)
        .Bind(9, JoinCodes(a.services))
        .Bind(10, AlertModeName(a.mode))
        .Bind(11, a.feed_token)
        .Bind(12, ToUnix(a.created_at))
        .Bind(13, ToUnix(a.confirmed_at))
        .Bind(14, ToUnix(a.next_digest_at));
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    a.id = st->Int64(0);
    C311_TRY(st->Run());
    // The box is kept for every alert (the feed reads it); only confirmed ones are matched.
    C311_TRY(IndexBox(db, a));
    if (make_confirm) {
      if (auto m = make_confirm(a)) C311_TRY(sqlite::InsertOutbox(db, *m, ToUnix(a.created_at)));
    }
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return a;
}

Result<std::optional<AreaAlert>> SqliteAlertStore::GetAlert(std::int64_t id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  return OneAlert(**db, "a.id = ?1", id, {});
}

Result<std::optional<AreaAlert>> SqliteAlertStore::FindAlertByFeedToken(std::string_view token) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  return OneAlert(**db, "a.feed_token = ?1", 0, token);
}

Result<std::vector<AreaAlert>> SqliteAlertStore::ListAlerts(std::string_view address,
                                                            std::optional<UserId> user) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(std::string("SELECT ") + kAlertColumns +
                           " FROM area_alerts WHERE address = ?1 OR user_id = ?2 ORDER BY id DESC");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, address).Bind(2, user.value_or(-1));
  return CollectAlerts(*st);
}

Result<bool> SqliteAlertStore::ConfirmAlert(std::int64_t id, std::string_view address,
                                            Timestamp now, Timestamp next_digest_at,
                                            Timestamp asked_after) {
  bool found = false;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE area_alerts SET confirmed_at = coalesce(confirmed_at, ?3), next_digest_at = "
        "CASE WHEN mode = 'digest' THEN coalesce(next_digest_at, ?4) END "
        "WHERE id = ?1 AND address = ?2 AND (confirmed_at IS NOT NULL OR created_at >= ?5)");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, id)
                 .Bind(2, address)
                 .Bind(3, ToUnix(now))
                 .Bind(4, ToUnix(next_digest_at))
                 .Bind(5, ToUnix(asked_after))
                 .Run());
    found = db.Changes() > 0;
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return found;
}

Result<int> SqliteAlertStore::PurgeUnconfirmed(Timestamp asked_before, int limit) {
  int deleted = 0;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    // Oldest first, a batch of each at a time, so one purge never holds the writer for long.
    // An unconfirmed alert has no box and no digest items: the row is all there is.
    for (const char* sql :
         {"DELETE FROM follows WHERE id IN (SELECT id FROM follows WHERE confirmed_at IS NULL "
          "AND created_at < ?1 ORDER BY created_at LIMIT ?2)",
          "DELETE FROM area_alerts WHERE id IN (SELECT id FROM area_alerts WHERE confirmed_at IS "
          "NULL AND created_at < ?1 ORDER BY created_at LIMIT ?2)"}) {
      auto st = db.Prepare(sql);
      if (!st.ok()) return std::move(st).error();
      C311_TRY(st->Bind(1, ToUnix(asked_before)).Bind(2, limit).Run());
      deleted += static_cast<int>(db.Changes());
    }
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return deleted;
}

Status SqliteAlertStore::DeleteAlert(std::int64_t id) {
  return store_.writer().Run([&](Db& db) -> Status {
    for (const char* sql : {"DELETE FROM area_alert_boxes WHERE id = ?1",
                            "DELETE FROM alert_digest_items WHERE alert_id = ?1",
                            "DELETE FROM area_alerts WHERE id = ?1"}) {
      auto st = db.Prepare(sql);
      if (!st.ok()) return std::move(st).error();
      C311_TRY(st->Bind(1, id).Run());
    }
    return OkStatus();
  });
}

Result<std::vector<AreaAlert>> SqliteAlertStore::AlertsCovering(double lat, double lon) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT a.id, a.address, a.user_id, a.lang, a.label, a.area, a.lat, a.lon, a.radius_m, "
      "a.services, a.mode, a.feed_token, a.created_at, a.confirmed_at, a.next_digest_at "
      "FROM area_alert_boxes b JOIN area_alerts a ON a.id = b.id "
      "WHERE b.min_lat <= ?1 AND b.max_lat >= ?1 AND b.min_lon <= ?2 AND b.max_lon >= ?2 "
      "AND a.confirmed_at IS NOT NULL");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, lat).Bind(2, lon);
  return CollectAlerts(*st);
}

Result<int> SqliteAlertStore::RefreshAreaBoxes(
    const std::function<std::optional<RequestQuery::BBox>(std::string_view area)>& box_of) {
  int moved = 0;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    moved = 0;
    auto st = db.Prepare(
        "SELECT b.id, a.area, b.min_lat, b.max_lat, b.min_lon, b.max_lon "
        "FROM area_alert_boxes b JOIN area_alerts a ON a.id = b.id "
        "WHERE a.area IS NOT NULL AND a.area <> ''");
    if (!st.ok()) return std::move(st).error();
    std::vector<AreaAlert> stale;
    while (true) {
      auto row = st->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) break;
      auto box = box_of(st->Text(1));
      if (!box) continue;
      const RequestQuery::BBox old{st->Double(2), st->Double(4), st->Double(3), st->Double(5)};
      if (old.min_lat == box->min_lat && old.max_lat == box->max_lat &&
          old.min_lon == box->min_lon && old.max_lon == box->max_lon)
        continue;
      AreaAlert a;
      a.id = st->Int64(0);
      a.box = *box;
      stale.push_back(std::move(a));
    }
    for (const AreaAlert& a : stale) C311_TRY(IndexBox(db, a));
    moved = static_cast<int>(stale.size());
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return moved;
}

// --- choices -----------------------------------------------------------------------------------

Result<ResidentPrefs> SqliteAlertStore::GetPrefs(UserId user) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st =
      (*db)->Prepare("SELECT own_email, follow_email, lang FROM resident_prefs WHERE user_id = ?1");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, user).Step();
  if (!row.ok()) return std::move(row).error();
  ResidentPrefs p;
  if (*row) {
    p.own_email = st->Int64(0) != 0;
    p.follow_email = st->Int64(1) != 0;
    p.lang = st->String(2);
  }
  return p;
}

Status SqliteAlertStore::SetPrefs(UserId user, const ResidentPrefs& p) {
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO resident_prefs (user_id, own_email, follow_email, lang) VALUES "
        "(?1, ?2, ?3, ?4) ON CONFLICT (user_id) DO UPDATE SET own_email = excluded.own_email, "
        "follow_email = excluded.follow_email, lang = excluded.lang");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, user).Bind(2, p.own_email).Bind(3, p.follow_email).Bind(4, p.lang).Run();
  });
}

// --- fan-out -----------------------------------------------------------------------------------

Result<FanoutBatch> SqliteAlertStore::ReadFanout(int limit) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  FanoutBatch out;
  auto cur = (*db)->Prepare("SELECT event_id FROM alert_cursor WHERE name = 'fanout'");
  if (!cur.ok()) return std::move(cur).error();
  auto row = cur->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return Error::Internal("alert_cursor has no 'fanout' row");
  out.from = out.to = cur->Int64(0);
  auto events = (*db)->Prepare(
      "SELECT id, request_id, at, kind, state, text, internal FROM request_events "
      "WHERE id > ?1 ORDER BY id LIMIT ?2");
  if (!events.ok()) return std::move(events).error();
  events->Bind(1, out.from).Bind(2, limit);
  while (true) {
    auto r = events->Step();
    if (!r.ok()) return std::move(r).error();
    if (!*r) break;
    FanoutItem item;
    TimelineEvent& e = item.event;
    e.id = events->Int64(0);
    e.request_id = events->Int64(1);
    e.at = FromUnixSeconds(events->Int64(2));
    e.kind = events->String(3);
    e.state = ParseState(events->Text(4)).value_or(RequestState::kSubmitted);
    e.text = events->String(5);
    e.internal = events->Int64(6) != 0;
    out.to = e.id;
    out.items.push_back(std::move(item));
  }
  // The requests, once each (a batch holds many events of few requests when staff work).
  std::map<RequestId, ServiceRequest> requests;
  for (FanoutItem& item : out.items) {
    auto it = requests.find(item.event.request_id);
    if (it == requests.end()) {
      auto stp = (*db)->Prepare(sqlite::SelectRequests() + " WHERE r.id = ?1");
      if (!stp.ok()) return std::move(stp).error();
      auto r = stp->Bind(1, item.event.request_id).Step();
      if (!r.ok()) return std::move(r).error();
      ServiceRequest req;
      if (*r) {
        auto read = sqlite::ReadRequest(*stp);
        if (!read.ok()) return std::move(read).error();
        req = std::move(*read);
        req.contact = Contact{};  // never needed here: followers get public facts only
      } else {
        req.id = item.event.request_id;
        req.internal = true;  // gone: tell no one
      }
      it = requests.emplace(req.id, std::move(req)).first;
    }
    item.request = it->second;
  }
  return out;
}

Result<bool> SqliteAlertStore::CommitFanout(
    std::int64_t from, std::int64_t to, const std::vector<OutboxMessage>& messages,
    const std::vector<std::pair<std::int64_t, RequestId>>& digest_items) {
  bool moved = false;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto st =
        db.Prepare("UPDATE alert_cursor SET event_id = ?2 WHERE name = 'fanout' AND event_id = ?1");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, from).Bind(2, to).Run());
    moved = db.Changes() > 0;
    if (!moved) return OkStatus();
    const std::int64_t now =
        ToUnix(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    for (const OutboxMessage& m : messages) C311_TRY(sqlite::InsertOutbox(db, m, now));
    for (const auto& [alert, request] : digest_items) {
      auto ins = db.Prepare(
          "INSERT OR IGNORE INTO alert_digest_items (alert_id, request_id) VALUES (?1, ?2)");
      if (!ins.ok()) return std::move(ins).error();
      C311_TRY(ins->Bind(1, alert).Bind(2, request).Run());
    }
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return moved;
}

Result<std::vector<std::int64_t>> SqliteAlertStore::DueDigests(Timestamp now, int limit) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT id FROM area_alerts WHERE mode = 'digest' AND confirmed_at IS NOT NULL AND "
      "next_digest_at <= ?1 ORDER BY next_digest_at LIMIT ?2");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, ToUnix(now)).Bind(2, limit);
  std::vector<std::int64_t> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return out;
    out.push_back(st->Int64(0));
  }
}

Result<int> SqliteAlertStore::TakeDigest(
    std::int64_t alert_id, Timestamp next,
    const std::function<std::optional<OutboxMessage>(const AreaAlert&,
                                                     const std::vector<ServiceRequest>&)>& make) {
  int count = 0;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto alert = OneAlert(db, "a.id = ?1", alert_id, {});
    if (!alert.ok()) return std::move(alert).error();
    if (!*alert) return OkStatus();
    auto st =
        db.Prepare(sqlite::SelectRequests() +
                   " WHERE r.id IN (SELECT request_id FROM alert_digest_items WHERE "
                   "alert_id = ?1) AND r.internal = 0 ORDER BY r.requested_at DESC, r.id DESC");
    if (!st.ok()) return std::move(st).error();
    st->Bind(1, alert_id);
    std::vector<ServiceRequest> requests;
    C311_TRY(sqlite::AppendRequests(*st, &requests, sqlite::Contacts::kDrop));
    count = static_cast<int>(requests.size());
    const std::int64_t now =
        ToUnix(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    if (auto m = make(**alert, requests)) C311_TRY(sqlite::InsertOutbox(db, *m, now));
    for (const char* sql : {"DELETE FROM alert_digest_items WHERE alert_id = ?1",
                            "UPDATE area_alerts SET next_digest_at = ?2 WHERE id = ?1"}) {
      auto del = db.Prepare(sql);
      if (!del.ok()) return std::move(del).error();
      del->Bind(1, alert_id);
      if (std::string_view(sql).starts_with("UPDATE")) del->Bind(2, ToUnix(next));
      C311_TRY(del->Run());
    }
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return count;
}

}  // namespace civic311
