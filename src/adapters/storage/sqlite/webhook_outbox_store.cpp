#include "adapters/storage/sqlite/webhook_outbox_store.hpp"

#include <algorithm>

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {
namespace {

using sqlite::Db;

std::int64_t Unix(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp FromUnix(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

// ["a","b"] for json_each(): the endpoint names as one bound parameter.
std::string JsonArray(const std::vector<std::string>& names) {
  std::string out = "[";
  for (const std::string& n : names) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : n) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) >= 0x20) {
        out += c;
      }
    }
    out += '"';
  }
  out += ']';
  return out;
}

}  // namespace

Result<int> SqliteWebhookOutbox::FanOut(const Route& route, Timestamp now, int limit) {
  int done = 0;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    done = 0;
    struct Message {
      std::int64_t id;
      std::string payload;
    };
    std::vector<Message> messages;
    {
      auto st = db.Prepare(
          "SELECT id, payload FROM outbox WHERE kind = 'webhook' AND delivered_at IS NULL "
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
      for (const auto& [endpoint, event] : route(m.payload)) {
        auto ins = db.Prepare(
            "INSERT OR IGNORE INTO webhook_deliveries (outbox_id, endpoint, event, created_at, "
            "next_at) VALUES (?1, ?2, ?3, ?4, ?4)");
        if (!ins.ok()) return std::move(ins).error();
        C311_TRY(ins->Bind(1, m.id).Bind(2, endpoint).Bind(3, event).Bind(4, Unix(now)).Run());
      }
      auto mark = db.Prepare(
          "UPDATE outbox SET delivered_at = ?2, attempts = attempts + 1 WHERE id = ?1 "
          "AND delivered_at IS NULL");
      if (!mark.ok()) return std::move(mark).error();
      C311_TRY(mark->Bind(1, m.id).Bind(2, Unix(now)).Run());
      ++done;
    }
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return done;
}

Result<std::vector<WebhookDelivery>> SqliteWebhookOutbox::Claim(
    Timestamp now, std::chrono::seconds lease, const std::vector<std::string>& endpoints,
    int limit) {
  std::vector<WebhookDelivery> out;
  if (endpoints.empty() || limit <= 0) return out;
  const std::string names = JsonArray(endpoints);
  Status s = store_.writer().Run([&](Db& db) -> Status {
    out.clear();
    auto st = db.Prepare(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, next_at = ?2 "
        "WHERE id IN (SELECT id FROM webhook_deliveries WHERE delivered_at IS NULL "
        "AND next_at <= ?1 AND endpoint IN (SELECT value FROM json_each(?3)) "
        "ORDER BY next_at, id LIMIT ?4) "
        "RETURNING id, outbox_id, endpoint, event, attempts");
    if (!st.ok()) return std::move(st).error();
    st->Bind(1, Unix(now)).Bind(2, Unix(now + lease)).Bind(3, names).Bind(4, limit);
    while (true) {
      auto row = st->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) break;
      WebhookDelivery d;
      d.id = st->Int64(0);
      d.outbox_id = st->Int64(1);
      d.endpoint = st->String(2);
      d.event = st->String(3);
      d.attempt = static_cast<int>(st->Int64(4));
      out.push_back(std::move(d));
    }
    for (WebhookDelivery& d : out) {
      auto msg = db.Prepare("SELECT payload, created_at FROM outbox WHERE id = ?1");
      if (!msg.ok()) return std::move(msg).error();
      auto row = msg->Bind(1, d.outbox_id).Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) return Error::Internal("webhook delivery without its outbox message");
      d.payload = msg->String(0);
      d.created_at = FromUnix(msg->Int64(1));
    }
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  // RETURNING gives no order; deliver oldest first.
  std::sort(out.begin(), out.end(),
            [](const WebhookDelivery& a, const WebhookDelivery& b) { return a.id < b.id; });
  return out;
}

Status SqliteWebhookOutbox::MarkDelivered(std::int64_t id, Timestamp at) {
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE webhook_deliveries SET delivered_at = ?2, last_error = '' "
        "WHERE id = ?1 AND delivered_at IS NULL");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, id).Bind(2, Unix(at)).Run();
  });
}

Status SqliteWebhookOutbox::MarkFailed(std::int64_t id, int attempt, std::string_view error,
                                       Timestamp retry_at) {
  // A readable reason, never empty (an empty last_error means "has not failed").
  std::string reason(error.substr(0, 500));
  if (reason.empty()) reason = "failed";
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE webhook_deliveries SET last_error = ?3, next_at = ?4 "
        "WHERE id = ?1 AND attempts = ?2 AND delivered_at IS NULL");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, id).Bind(2, attempt).Bind(3, reason).Bind(4, Unix(retry_at)).Run();
  });
}

Status SqliteWebhookOutbox::Release(std::int64_t id, int attempt, Timestamp due) {
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "UPDATE webhook_deliveries SET attempts = attempts - 1, next_at = ?3 "
        "WHERE id = ?1 AND attempts = ?2 AND delivered_at IS NULL");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, id).Bind(2, attempt).Bind(3, Unix(due)).Run();
  });
}

Result<int> SqliteWebhookOutbox::Purge(Timestamp before, int limit) {
  int purged = 0;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    purged = 0;
    std::vector<std::int64_t> ids;
    {
      // Oldest first by id (ids grow with created_at); each candidate's deliveries are found
      // through UNIQUE (outbox_id, endpoint).
      auto st = db.Prepare(
          "SELECT o.id FROM outbox o WHERE o.kind = 'webhook' AND o.delivered_at IS NOT NULL "
          "AND o.created_at < ?1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d "
          "WHERE d.outbox_id = o.id AND d.delivered_at IS NULL) ORDER BY o.id LIMIT ?2");
      if (!st.ok()) return std::move(st).error();
      st->Bind(1, Unix(before)).Bind(2, limit);
      while (true) {
        auto row = st->Step();
        if (!row.ok()) return std::move(row).error();
        if (!*row) break;
        ids.push_back(st->Int64(0));
      }
    }
    for (std::int64_t id : ids) {
      auto deliveries = db.Prepare("DELETE FROM webhook_deliveries WHERE outbox_id = ?1");
      if (!deliveries.ok()) return std::move(deliveries).error();
      C311_TRY(deliveries->Bind(1, id).Run());
      auto message = db.Prepare("DELETE FROM outbox WHERE id = ?1");
      if (!message.ok()) return std::move(message).error();
      C311_TRY(message->Bind(1, id).Run());
      ++purged;
    }
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return purged;
}

Result<WebhookOutboxStats> SqliteWebhookOutbox::Stats(Timestamp now) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  WebhookOutboxStats out;
  auto st = (*db)->Prepare(
      "SELECT count(*), coalesce(sum(last_error != ''), 0), coalesce(min(created_at), ?1) "
      "FROM webhook_deliveries WHERE delivered_at IS NULL");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, Unix(now)).Step();
  if (!row.ok()) return std::move(row).error();
  if (*row) {
    out.pending = st->Int64(0);
    out.failing = st->Int64(1);
    out.oldest_pending_seconds = std::max<std::int64_t>(0, Unix(now) - st->Int64(2));
  }
  auto un =
      (*db)->Prepare("SELECT count(*) FROM outbox WHERE kind = 'webhook' AND delivered_at IS NULL");
  if (!un.ok()) return std::move(un).error();
  auto urow = un->Step();
  if (!urow.ok()) return std::move(urow).error();
  if (*urow) out.undispatched = un->Int64(0);
  return out;
}

}  // namespace civic311
