// SqliteWorkflowStore: ApplyChange, the timeline, followers and escalations. Users and the audit
// log are in user_store.cpp, work orders in work_order_store.cpp.
#include "adapters/storage/sqlite/workflow_store.hpp"

#include "adapters/storage/sqlite/media_store.hpp"
#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/request_rows.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/writer.hpp"
#include "base/log.hpp"

namespace civic311 {

using sqlite::Db;
using sqlite::FromUnixSeconds;
using sqlite::ToUnix;

namespace sqlite {

Status InsertAudit(Db& db, const AuditEntry& e) {
  auto st = db.Prepare(
      "INSERT INTO audit_log (at, actor_user_id, action, department_code, request_id, detail) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st.ok()) return std::move(st).error();
  return st->Bind(1, ToUnix(e.at))
      .Bind(2, e.actor_user_id)
      .Bind(3, e.action)
      .Bind(4, e.department_code)
      .Bind(5, e.request_id)
      .Bind(6, e.detail)
      .Run();
}

std::string OutboxPayload(const OutboxMessage& m) {
  // A flat JSON object of the message's fields, in order: for "webhook" rows exactly the body
  // receivers get (docs/webhooks.md), for the others what the channel renders from.
  std::string out = "{";
  for (const NoticeField& f : m.fields) {
    if (out.size() > 1) out += ',';
    out += '"';
    AppendJsonEscaped(out, f.name);
    out += "\":";
    if (const auto* s = std::get_if<std::string>(&f.value)) {
      out += '"';
      AppendJsonEscaped(out, *s);
      out += '"';
    } else if (const auto* n = std::get_if<std::int64_t>(&f.value)) {
      out += std::to_string(*n);
    } else if (const auto* b = std::get_if<bool>(&f.value)) {
      out += *b ? "true" : "false";
    } else {  // rows of text: an array of flat objects
      out += '[';
      for (const NoticeRow& row : std::get<std::vector<NoticeRow>>(f.value)) {
        if (out.back() != '[') out += ',';
        out += '{';
        for (const auto& [name, text] : row) {
          if (out.back() != '{') out += ',';
          out += '"';
          AppendJsonEscaped(out, name);
          out += "\":\"";
          AppendJsonEscaped(out, text);
          out += '"';
        }
        out += '}';
      }
      out += ']';
    }
  }
  out += '}';
  return out;
}

Status InsertOutbox(Db& db, const OutboxMessage& m, std::int64_t now) {
  // OR IGNORE: a message whose idempotency key is already in the outbox is the same message.
  auto st = db.Prepare(
      "INSERT OR IGNORE INTO outbox (kind, payload, created_at, next_at, event, recipient, lang, "
      "lane, request_id, idem_key, secret) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!st.ok()) return std::move(st).error();
  return st->Bind(1, m.kind)
      .Bind(2, OutboxPayload(m))
      .Bind(3, now)
      .Bind(4, m.event)
      .Bind(5, m.recipient)
      .Bind(6, m.lang.empty() ? std::string("en") : m.lang)
      .Bind(7, m.lane)
      .Bind(8, m.request_id)
      .BindTextOrNull(9, m.key)
      .Bind(10, m.secret)
      .Run();
}

Status InsertEvent(Db& db, TimelineEvent& e) {
  auto st = db.Prepare(
      "INSERT INTO request_events (request_id, at, actor_user_id, kind, state, text, internal, "
      "media_url, data, external_ref) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!st.ok()) return std::move(st).error();
  C311_TRY(st->Bind(1, e.request_id)
               .Bind(2, ToUnix(e.at))
               .Bind(3, e.actor_user_id)
               .Bind(4, e.kind)
               .Bind(5, StateName(e.state))
               .Bind(6, e.text)
               .Bind(7, e.internal)
               .Bind(8, e.media_url)
               .Bind(9, e.data.empty() ? std::string("{}") : e.data)
               .BindTextOrNull(10, e.external_ref)
               .Run());
  e.id = db.LastInsertRowId();
  return OkStatus();
}

}  // namespace sqlite

namespace {

Status UpsertWorkflow(Db& db, RequestId id, const RequestWorkflow& w) {
  auto st = db.Prepare(
      "INSERT INTO request_workflow (request_id, assignee_user_id, reporter_user_id, closed_at, "
      "clock_paused_at, sla_cycle) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (request_id) DO "
      "UPDATE SET assignee_user_id = excluded.assignee_user_id, reporter_user_id = "
      "excluded.reporter_user_id, closed_at = excluded.closed_at, clock_paused_at = "
      "excluded.clock_paused_at, sla_cycle = excluded.sla_cycle");
  if (!st.ok()) return std::move(st).error();
  return st->Bind(1, id)
      .Bind(2, w.assignee_user_id)
      .Bind(3, w.reporter_user_id)
      .Bind(4, ToUnix(w.closed_at))
      .Bind(5, ToUnix(w.clock_paused_at))
      .Bind(6, w.sla_cycle)
      .Run();
}

// A request closed as a duplicate hands its followers to its parent: signed-in followers, the
// signed-in reporter, and confirmed e-mail follows (an unconfirmed one stays: its link confirms
// the follow it was sent for, and nothing but that link may be sent to the address).
Status MoveFollowers(Db& db, RequestId from, RequestId to, std::optional<UserId> reporter) {
  for (const char* sql :
       {"INSERT OR IGNORE INTO request_followers (request_id, user_id) "
        "SELECT ?2, user_id FROM request_followers WHERE request_id = ?1",
        "INSERT OR IGNORE INTO follows (request_id, address, lang, created_at, confirmed_at) "
        "SELECT ?2, address, lang, created_at, confirmed_at FROM follows "
        "WHERE request_id = ?1 AND confirmed_at IS NOT NULL"}) {
    auto st = db.Prepare(sql);
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, from).Bind(2, to).Run());
  }
  if (!reporter) return OkStatus();
  auto add =
      db.Prepare("INSERT OR IGNORE INTO request_followers (request_id, user_id) VALUES (?1, ?2)");
  if (!add.ok()) return std::move(add).error();
  return add->Bind(1, to).Bind(2, *reporter).Run();
}

}  // namespace

Result<ServiceRequest> SqliteWorkflowStore::ApplyChange(RequestChange& change) {
  ServiceRequest& r = change.request;
  const std::int64_t now = NowUnix();
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto up = db.Prepare(
        "UPDATE service_requests SET state = ?2, department_code = ?3, status_notes = ?4, "
        "parent_id = ?5, expected_at = ?6, updated_at = ?7, emergency = ?9, "
        "version = version + 1 WHERE id = ?1 AND version = ?8");
    if (!up.ok()) return std::move(up).error();
    C311_TRY(up->Bind(1, r.id)
                 .Bind(2, StateName(r.state))
                 .Bind(3, r.department_code)
                 .Bind(4, r.status_notes)
                 .Bind(5, r.parent_id)
                 .Bind(6, ToUnix(r.expected_at))
                 .Bind(7, ToUnix(r.updated_at))
                 .Bind(8, r.version)
                 .Bind(9, r.emergency)
                 .Run());
    if (db.Changes() == 0) {
      auto exists = db.Prepare("SELECT count(*) FROM service_requests WHERE id = ?1");
      if (!exists.ok()) return std::move(exists).error();
      auto row = exists->Bind(1, r.id).Step();
      if (!row.ok()) return std::move(row).error();
      if (*row && exists->Int64(0) == 0) return Error::NotFound("no such service request");
      return Error::Conflict(
          "the request was changed by someone else meanwhile; reload it and try again");
    }
    C311_TRY(UpsertWorkflow(db, r.id, change.workflow));
    for (TimelineEvent& e : change.events) {
      e.request_id = r.id;
      C311_TRY(sqlite::InsertEvent(db, e));
    }
    for (const AuditEntry& a : change.audit) C311_TRY(sqlite::InsertAudit(db, a));
    for (const OutboxMessage& m : change.outbox) C311_TRY(sqlite::InsertOutbox(db, m, now));
    if (change.make_outbox) {
      ServiceRequest stored = r;
      stored.version += 1;
      for (const OutboxMessage& m : change.make_outbox(stored, change.events))
        C311_TRY(sqlite::InsertOutbox(db, m, now));
    }
    if (change.move_followers_to) {
      C311_TRY(
          MoveFollowers(db, r.id, *change.move_followers_to, change.workflow.reporter_user_id));
    }
    if (change.survey) C311_TRY(sqlite::InsertSurveyAnswer(db, *change.survey));
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  r.version += 1;
  return r;
}

Result<RequestWorkflow> SqliteWorkflowStore::GetWorkflow(RequestId id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT assignee_user_id, reporter_user_id, closed_at, clock_paused_at, sla_cycle "
      "FROM request_workflow WHERE request_id = ?1");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  RequestWorkflow w;
  if (*row) {
    w.assignee_user_id = sqlite::OptInt(*st, 0);
    w.reporter_user_id = sqlite::OptInt(*st, 1);
    w.closed_at = sqlite::OptTime(*st, 2);
    w.clock_paused_at = sqlite::OptTime(*st, 3);
    w.sla_cycle = static_cast<int>(st->Int64(4));
  }
  return w;
}

Status SqliteWorkflowStore::SetWorkflow(RequestId id, const RequestWorkflow& w) {
  return store_.writer().Run([&](Db& db) { return UpsertWorkflow(db, id, w); });
}

Result<std::vector<TimelineEvent>> SqliteWorkflowStore::ListEvents(RequestId id,
                                                                   bool include_internal) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT id, request_id, at, actor_user_id, kind, state, text, internal, media_url, data, "
      "coalesce(external_ref, '') "
      "FROM request_events WHERE request_id = ?1 AND (?2 OR internal = 0) ORDER BY id");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, id).Bind(2, include_internal);
  std::vector<TimelineEvent> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    TimelineEvent e;
    e.id = st->Int64(0);
    e.request_id = st->Int64(1);
    e.at = FromUnixSeconds(st->Int64(2));
    e.actor_user_id = st->Int64(3);
    e.kind = st->String(4);
    auto state = ParseState(st->Text(5));
    if (!state) return Error::Internal("request_events row: bad state");
    e.state = *state;
    e.text = st->String(6);
    e.internal = st->Int64(7) != 0;
    e.media_url = st->String(8);
    e.data = st->String(9);
    e.external_ref = st->String(10);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<PublicUpdate>> SqliteWorkflowStore::ListPublicUpdates(Timestamp from,
                                                                         Timestamp to, int limit) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT e.id, e.request_id, e.state, e.at, e.text, e.media_url FROM request_events e "
      "JOIN service_requests r ON r.id = e.request_id WHERE e.internal = 0 AND r.internal = 0 "
      "AND e.at >= ?1 AND e.at <= ?2 ORDER BY e.at, e.id LIMIT ?3");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, ToUnix(from)).Bind(2, ToUnix(to)).Bind(3, limit);
  std::vector<PublicUpdate> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    PublicUpdate u;
    u.update_id = st->Int64(0);
    u.request_id = st->Int64(1);
    auto state = ParseState(st->Text(2));
    if (!state) return Error::Internal("request_events row: bad state");
    u.state = *state;
    u.at = FromUnixSeconds(st->Int64(3));
    u.description = st->String(4);
    u.media_url = st->String(5);
    out.push_back(std::move(u));
  }
  return out;
}

Result<ServiceRequest> SqliteWorkflowStore::CreateRequest(ServiceRequest r, RequestChange& change) {
  const std::int64_t now = NowUnix();
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto inserted = sqlite::InsertRequest(db, r);
    if (!inserted.ok()) return std::move(inserted).error();
    r.id = *inserted;
    C311_TRY(UpsertWorkflow(db, r.id, change.workflow));
    for (TimelineEvent& e : change.events) {
      e.request_id = r.id;
      C311_TRY(sqlite::InsertEvent(db, e));
    }
    for (AuditEntry& a : change.audit) {
      a.request_id = r.id;
      C311_TRY(sqlite::InsertAudit(db, a));
    }
    for (const OutboxMessage& m : change.outbox) C311_TRY(sqlite::InsertOutbox(db, m, now));
    if (change.make_outbox) {
      for (const OutboxMessage& m : change.make_outbox(r, change.events))
        C311_TRY(sqlite::InsertOutbox(db, m, now));
    }
    if (change.raised_from) {
      auto link = db.Prepare(
          "INSERT INTO internal_request_links (request_id, raised_from) VALUES (?1, ?2)");
      if (!link.ok()) return std::move(link).error();
      C311_TRY(link->Bind(1, r.id).Bind(2, *change.raised_from).Run());
    }
    return sqlite::InsertMedia(db, r.id, change.media, now);
  });
  if (!s.ok()) return std::move(s).error();
  return r;
}

Status SqliteWorkflowStore::RemoveFollower(RequestId id, UserId user) {
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare("DELETE FROM request_followers WHERE request_id = ?1 AND user_id = ?2");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, id).Bind(2, user).Run();
  });
}

Status SqliteWorkflowStore::AddFollower(RequestId id, UserId user) {
  return store_.writer().Run([&](Db& db) -> Status {
    auto st =
        db.Prepare("INSERT OR IGNORE INTO request_followers (request_id, user_id) VALUES (?1, ?2)");
    if (!st.ok()) return std::move(st).error();
    return st->Bind(1, id).Bind(2, user).Run();
  });
}

namespace {
// The first column of every row of a bound statement, as ids (followers, linked requests).
Result<std::vector<std::int64_t>> FirstColumnIds(sqlite::Statement& st) {
  std::vector<std::int64_t> out;
  while (true) {
    auto row = st.Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(st.Int64(0));
  }
  return out;
}
}  // namespace

Result<std::vector<UserId>> SqliteWorkflowStore::ListFollowers(RequestId id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT user_id FROM request_followers WHERE request_id = ?1 ORDER BY user_id");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, id);
  return FirstColumnIds(*st);
}

Result<std::vector<RequestId>> SqliteWorkflowStore::ListRaisedFrom(RequestId source) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT request_id FROM internal_request_links WHERE raised_from = ?1 ORDER BY request_id");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, source);
  return FirstColumnIds(*st);
}

}  // namespace civic311
