#include "adapters/storage/sqlite/notify_outbox_store.hpp"

#include <algorithm>
#include <functional>

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/writer.hpp"
#include "base/log.hpp"

namespace civic311 {
namespace {

using sqlite::Db;
using sqlite::Statement;

std::int64_t Unix(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp FromUnix(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// ["a","b"] for json_each(): a list as one bound parameter.
std::string JsonArray(const std::vector<std::string>& names) {
  std::string out = "[";
  for (const std::string& n : names) {
    if (out.size() > 1) out += ',';
    out += '"';
    AppendJsonEscaped(out, n);
    out += '"';
  }
  return out + "]";
}

std::string JsonIds(const std::vector<std::int64_t>& ids) {
  std::string out = "[";
  for (std::int64_t id : ids) {
    if (out.size() > 1) out += ',';
    out += std::to_string(id);
  }
  return out + "]";
}

// The secret a password-reset message carried is removed once it no longer needs sending.
constexpr char kBlankSecret[] =
    "payload = CASE WHEN secret = 1 THEN json_remove(payload, '$.token') ELSE payload END";

constexpr char kColumns[] =
    "id, kind, event, recipient, lang, lane, request_id, coalesce(idem_key, ''), payload, "
    "created_at, attempts, last_error, next_at, delivered_at, parked_at";

OutboxItem ReadItem(const Statement& st) {
  OutboxItem m;
  m.id = st.Int64(0);
  m.kind = st.String(1);
  m.event = st.String(2);
  m.recipient = st.String(3);
  m.lang = st.String(4);
  m.lane = static_cast<int>(st.Int64(5));
  if (!st.IsNull(6)) m.request_id = st.Int64(6);
  m.key = st.String(7);
  m.payload = st.String(8);
  m.created_at = FromUnix(st.Int64(9));
  m.attempt = static_cast<int>(st.Int64(10));
  m.last_error = st.String(11);
  m.next_at = FromUnix(st.Int64(12));
  if (!st.IsNull(13)) m.delivered_at = FromUnix(st.Int64(13));
  if (!st.IsNull(14)) m.parked_at = FromUnix(st.Int64(14));
  return m;
}

Status Collect(Statement& st, std::vector<OutboxItem>& out) {
  while (true) {
    auto row = st.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return OkStatus();
    out.push_back(ReadItem(st));
  }
}

Result<int> Changes(SqliteStore& store, const std::string& sql,
                    const std::function<void(Statement&)>& bind) {
  int n = 0;
  Status s = store.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(sql);
    if (!st.ok()) return std::move(st).error();
    bind(*st);
    C311_TRY(st->Run());
    n = static_cast<int>(db.Changes());
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return n;
}

}  // namespace

Result<std::vector<OutboxItem>> SqliteNotifyOutbox::Claim(int lane, Timestamp now,
                                                          std::chrono::seconds lease,
                                                          const std::vector<ClaimRoute>& routes,
                                                          int limit) {
  std::vector<OutboxItem> out;
  if (routes.empty() || limit <= 0) return out;
  // Routes to any recipient by kind; routes to some recipients as "kind<US>recipient".
  std::vector<std::string> any_kind, kind_recipient;
  for (const ClaimRoute& r : routes) {
    if (r.recipients.empty()) any_kind.push_back(r.kind);
    for (const std::string& to : r.recipients) kind_recipient.push_back(r.kind + '\x1f' + to);
  }
  const std::string kinds = JsonArray(any_kind);
  const std::string pairs = JsonArray(kind_recipient);
  Status s = store_.writer().Run([&](Db& db) -> Status {
    out.clear();
    auto st = db.Prepare(
        std::string("UPDATE outbox SET attempts = attempts + 1, next_at = ?2 WHERE id IN (SELECT "
                    "id FROM outbox WHERE lane = ?5 AND next_at <= ?1 AND delivered_at IS NULL "
                    "AND parked_at IS NULL AND (kind IN (SELECT value FROM json_each(?3)) OR "
                    "kind || char(31) || recipient IN (SELECT value FROM json_each(?6))) "
                    "ORDER BY lane, next_at LIMIT ?4) RETURNING ") +
        kColumns);
    if (!st.ok()) return std::move(st).error();
    st->Bind(1, Unix(now))
        .Bind(2, Unix(now + lease))
        .Bind(3, kinds)
        .Bind(4, limit)
        .Bind(5, lane)
        .Bind(6, pairs);
    return Collect(*st, out);
  });
  if (!s.ok()) return std::move(s).error();
  std::sort(out.begin(), out.end(),
            [](const OutboxItem& a, const OutboxItem& b) { return a.id < b.id; });
  return out;
}

Status SqliteNotifyOutbox::MarkDelivered(const std::vector<std::int64_t>& ids, Timestamp at,
                                         std::string_view note) {
  if (ids.empty()) return OkStatus();
  const std::string list = JsonIds(ids);
  return store_.writer().Run([&](Db& db) -> Status {
    // One statement for the group: the worker's writes stay few (docs/performance.md).
    auto st = db.Prepare(std::string("UPDATE outbox SET delivered_at = ?2, last_error = ?3, ") +
                         kBlankSecret +
                         " WHERE id IN (SELECT value FROM json_each(?1)) AND delivered_at IS NULL");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, list).Bind(2, Unix(at)).Bind(3, note).Run();
  });
}

Status SqliteNotifyOutbox::Release(std::int64_t id, int attempt, Timestamp due) {
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE outbox SET attempts = attempts - 1, next_at = ?3 "
        "WHERE id = ?1 AND attempts = ?2 AND delivered_at IS NULL");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, id).Bind(2, attempt).Bind(3, Unix(due)).Run();
  });
}

Status SqliteNotifyOutbox::MarkFailed(std::int64_t id, int attempt, std::string_view error,
                                      Timestamp retry_at) {
  std::string reason(error.substr(0, 500));
  if (reason.empty()) reason = "failed";
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE outbox SET last_error = ?3, next_at = ?4 "
        "WHERE id = ?1 AND attempts = ?2 AND delivered_at IS NULL");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, id).Bind(2, attempt).Bind(3, reason).Bind(4, Unix(retry_at)).Run();
  });
}

Status SqliteNotifyOutbox::Park(std::int64_t id, int attempt, std::string_view error,
                                Timestamp at) {
  std::string reason(error.substr(0, 500));
  if (reason.empty()) reason = "failed";
  return store_.writer().Run([&](Db& db) -> Status {
    auto st =
        db.Prepare(std::string("UPDATE outbox SET last_error = ?3, parked_at = ?4, ") +
                   kBlankSecret + " WHERE id = ?1 AND attempts = ?2 AND delivered_at IS NULL");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, id).Bind(2, attempt).Bind(3, reason).Bind(4, Unix(at)).Run();
  });
}

Result<std::vector<OutboxItem>> SqliteNotifyOutbox::List(bool parked_only, int limit) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(std::string("SELECT ") + kColumns +
                           " FROM outbox WHERE delivered_at IS NULL AND " +
                           (parked_only ? "parked_at IS NOT NULL" : "1") + " ORDER BY id LIMIT ?1");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, limit);
  std::vector<OutboxItem> out;
  C311_TRY(Collect(*st, out));
  return out;
}

Result<std::vector<OutboxItem>> SqliteNotifyOutbox::ListRecent(std::string_view kind, int limit) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(std::string("SELECT ") + kColumns +
                           " FROM outbox WHERE kind = ?1 ORDER BY id DESC LIMIT ?2");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, kind).Bind(2, limit);
  std::vector<OutboxItem> out;
  C311_TRY(Collect(*st, out));
  return out;
}

Result<int> SqliteNotifyOutbox::Retry(std::int64_t id, Timestamp now) {
  return Changes(store_,
                 "UPDATE outbox SET parked_at = NULL, next_at = ?2, created_at = ?2 "
                 "WHERE id = ?1 AND delivered_at IS NULL",
                 [&](Statement& st) { st.Bind(1, id).Bind(2, Unix(now)); });
}

Result<int> SqliteNotifyOutbox::RetryAllParked(Timestamp now) {
  return Changes(store_,
                 "UPDATE outbox SET parked_at = NULL, next_at = ?1, created_at = ?1 "
                 "WHERE parked_at IS NOT NULL AND delivered_at IS NULL",
                 [&](Statement& st) { st.Bind(1, Unix(now)); });
}

Result<int> SqliteNotifyOutbox::Purge(Timestamp delivered_before, Timestamp parked_before,
                                      int limit) {
  return Changes(store_,
                 "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE "
                 "(delivered_at IS NOT NULL AND delivered_at < ?1) OR (parked_at IS NOT "
                 "NULL AND parked_at < ?2) ORDER BY id LIMIT ?3)",
                 [&](Statement& st) {
                   st.Bind(1, Unix(delivered_before)).Bind(2, Unix(parked_before)).Bind(3, limit);
                 });
}

Result<NotifyStats> SqliteNotifyOutbox::Stats(Timestamp now, std::string_view kind) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  // Webhook rows with no recipient are messages from before 0014 waiting to be fanned out.
  auto st = (*db)->Prepare(
      "SELECT coalesce(sum(parked_at IS NULL AND NOT unrouted), 0), "
      "coalesce(sum(parked_at IS NULL AND NOT unrouted AND last_error != ''), 0), "
      "coalesce(sum(parked_at IS NOT NULL), 0), coalesce(min(created_at), ?1), "
      "coalesce(sum(unrouted), 0) FROM (SELECT *, (kind = 'webhook' AND recipient = '') AS "
      "unrouted FROM outbox WHERE delivered_at IS NULL AND (?2 = '' OR kind = ?2))");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, Unix(now)).Bind(2, kind).Step();
  if (!row.ok()) return std::move(row).error();
  NotifyStats out;
  if (*row) {
    out.pending = st->Int64(0);
    out.failing = st->Int64(1);
    out.parked = st->Int64(2);
    out.oldest_pending_seconds = std::max<std::int64_t>(0, Unix(now) - st->Int64(3));
    out.unrouted = st->Int64(4);
  }
  return out;
}

Result<int> SqliteNotifyOutbox::FanOutUnrouted(const EndpointsFor& endpoints, Timestamp now,
                                               int limit) {
  int done = 0;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    done = 0;
    struct Message {
      std::int64_t id;
      std::string event;
    };
    std::vector<Message> messages;
    {
      auto st = db.Prepare(
          "SELECT id, coalesce(nullif(event, ''), json_extract(payload, '$.event'), '') "
          "FROM outbox WHERE kind = 'webhook' AND recipient = '' AND delivered_at IS NULL "
          "ORDER BY id LIMIT ?1");
      if (!st.ok()) return std::move(st).error();
      st->Bind(1, limit);
      while (true) {
        auto row = st->Step();
        if (!row.ok()) return std::move(row).error();
        if (!*row) break;
        messages.push_back({st->Int64(0), st->String(1)});
      }
    }
    for (const Message& m : messages) {
      auto [event, names] = endpoints(m.event);
      for (const std::string& name : names) {
        std::string key = "f";  // appended, not operator+: g++ 12 warns falsely (-Wrestrict)
        key += std::to_string(m.id);
        key += '.';
        key += name;
        auto ins = db.Prepare(
            "INSERT OR IGNORE INTO outbox (kind, payload, created_at, next_at, event, recipient, "
            "lang, lane, request_id, idem_key) SELECT 'webhook', payload, created_at, ?2, ?3, ?4, "
            "'en', 2, request_id, ?5 FROM outbox WHERE id = ?1");
        if (!ins.ok()) return std::move(ins).error();
        C311_TRY(
            ins->Bind(1, m.id).Bind(2, Unix(now)).Bind(3, event).Bind(4, name).Bind(5, key).Run());
      }
      auto mark = db.Prepare(
          "UPDATE outbox SET delivered_at = ?2, last_error = 'fanned out' WHERE id = ?1");
      if (!mark.ok()) return std::move(mark).error();
      C311_TRY(mark->Bind(1, m.id).Bind(2, Unix(now)).Run());
      ++done;
    }
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return done;
}

Result<std::vector<OutboxItem>> SqliteNotifyOutbox::UnacknowledgedDispatch(Timestamp created_before,
                                                                           int limit) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(std::string("SELECT ") + kColumns +
                           " FROM outbox WHERE kind = 'dispatch' AND delivered_at IS NULL AND "
                           "alerted_at IS NULL AND (created_at <= ?1 OR parked_at IS NOT NULL) "
                           "ORDER BY created_at LIMIT ?2");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, Unix(created_before)).Bind(2, limit);
  std::vector<OutboxItem> out;
  C311_TRY(Collect(*st, out));
  return out;
}

Status SqliteNotifyOutbox::RecordDispatchAlert(std::int64_t id,
                                               const std::vector<OutboxMessage>& alerts,
                                               Timestamp now) {
  return store_.writer().Run([&](Db& db) -> Status {
    auto mark = db.Prepare(
        "UPDATE outbox SET alerted_at = ?2 WHERE id = ?1 AND kind = 'dispatch' AND "
        "alerted_at IS NULL AND delivered_at IS NULL");
    if (!mark.ok()) return std::move(mark).error();
    C311_TRY(mark->Bind(1, id).Bind(2, Unix(now)).Run());
    if (db.Changes() == 0) return OkStatus();  // acknowledged or alerted meanwhile
    for (const OutboxMessage& m : alerts) {
      // The alert's fields on top of the dispatch message's own (the request's facts).
      auto ins = db.Prepare(
          "INSERT OR IGNORE INTO outbox (kind, payload, created_at, next_at, event, recipient, "
          "lang, lane, request_id, idem_key) SELECT ?2, json_patch(payload, ?3), ?4, ?4, ?5, ?6, "
          "?7, ?8, request_id, ?9 FROM outbox WHERE id = ?1");
      if (!ins.ok()) return std::move(ins).error();
      C311_TRY(ins->Bind(1, id)
                   .Bind(2, m.kind)
                   .Bind(3, sqlite::OutboxPayload(m))
                   .Bind(4, Unix(now))
                   .Bind(5, m.event)
                   .Bind(6, m.recipient)
                   .Bind(7, m.lang.empty() ? std::string("en") : m.lang)
                   .Bind(8, m.lane)
                   .BindTextOrNull(9, m.key)
                   .Run());
    }
    return OkStatus();
  });
}

Result<bool> SqliteNotifyOutbox::IsStopped(std::string_view address, std::int64_t request_id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  // A stop link used, or (migration 0012) the account's choice "no e-mail about my own
  // requests" for a request this account reported.
  auto st = (*db)->Prepare(
      "SELECT 1 FROM notify_stops WHERE address = ?1 AND request_id IN (0, ?2) UNION ALL "
      "SELECT 1 FROM users u JOIN resident_prefs p ON p.user_id = u.id AND p.own_email = 0 "
      "JOIN request_workflow w ON w.reporter_user_id = u.id AND w.request_id = ?2 "
      "WHERE u.email = ?1 LIMIT 1");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, Lower(address)).Bind(2, request_id).Step();
  if (!row.ok()) return std::move(row).error();
  return *row;
}

Status SqliteNotifyOutbox::Stop(std::string_view address, std::int64_t request_id, Timestamp at) {
  const std::string lower = Lower(address);
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT OR IGNORE INTO notify_stops (address, request_id, at) VALUES (?1, ?2, ?3)");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, lower).Bind(2, request_id).Bind(3, Unix(at)).Run();
  });
}

Result<std::string> SqliteNotifyOutbox::LinkKey() {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare("SELECT key FROM notify_keys WHERE name = 'links'");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return Error::Internal("notify_keys has no 'links' key");
  return st->String(0);
}

}  // namespace civic311
