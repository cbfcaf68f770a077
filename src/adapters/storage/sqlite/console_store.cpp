// SqliteConsoleStore (console_store.hpp): the desk's caller look-up and saved queue filters.
#include "adapters/storage/sqlite/console_store.hpp"

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {

using sqlite::Db;
using sqlite::FromUnixSeconds;
using sqlite::ToUnix;

namespace {

// Exactly the indexed expression of migration 0017 (request_contacts_phone).
constexpr const char* kPhoneDigits =
    "replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '-', ''), '(', ''), ')', "
    "''), '.', ''), '+', '')";

}  // namespace

std::string SqliteConsoleStore::ContactCondition(const ContactQuery& q) {
  switch (q.kind) {
    case ContactQuery::Kind::kEmail:
      return "c.email <> '' AND lower(c.email) = ?1";
    case ContactQuery::Kind::kPhone: {
      std::string in;
      for (std::size_t i = 0; i < q.values.size(); ++i) {
        in += i == 0 ? "?" : ", ?";
        in += std::to_string(i + 1);
      }
      return "c.phone <> '' AND " + std::string(kPhoneDigits) + " IN (" + in + ")";
    }
    case ContactQuery::Kind::kName:
      // The FTS5 index folds case and accents of what is stored and of ?1's words alike.
      return "c.request_id IN (SELECT rowid FROM request_contact_names WHERE "
             "request_contact_names MATCH ?1)";
  }
  return "0";
}

namespace {

// One word as an FTS5 string: the tokenizer reads the words inside (an apostrophe or a dash
// splits them as it split the stored name), and no word is an operator.
std::string FtsString(std::string_view word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

std::vector<std::string> SqliteConsoleStore::ContactParams(const ContactQuery& q) {
  if (q.kind != ContactQuery::Kind::kName) return q.values;
  if (q.values.size() >= 2)  // first and last name
    return {"first_name : " + FtsString(q.values.front()) +
            " AND last_name : " + FtsString(q.values.back())};
  return {"{first_name last_name} : " + FtsString(q.values.front())};  // either
}

Result<std::vector<RequestId>> SqliteConsoleStore::FindRequestsByContact(const ContactQuery& q) {
  std::vector<RequestId> out;
  if (q.values.empty() || (!q.anywhere && q.departments.empty())) return out;
  std::string sql =
      "SELECT r.id FROM request_contacts c JOIN service_requests r ON r.id = c.request_id WHERE " +
      ContactCondition(q);
  const std::vector<std::string> params = ContactParams(q);
  int next = static_cast<int>(params.size()) + 1;
  if (!q.anywhere) {
    sql += " AND r.department_code IN (";
    for (std::size_t i = 0; i < q.departments.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      sql += std::to_string(next + static_cast<int>(i));
    }
    sql += ")";
  }
  if (!q.include_internal) sql += " AND r.internal = 0";
  sql += " ORDER BY r.requested_at DESC, r.id DESC LIMIT " + std::to_string(std::max(q.limit, 1));
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(sql);
  if (!st.ok()) return std::move(st).error();
  for (std::size_t i = 0; i < params.size(); ++i) st->Bind(static_cast<int>(i) + 1, params[i]);
  if (!q.anywhere) {
    for (std::size_t i = 0; i < q.departments.size(); ++i)
      st->Bind(next + static_cast<int>(i), q.departments[i]);
  }
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(st->Int64(0));
  }
  return out;
}

Result<std::vector<SavedFilter>> SqliteConsoleStore::ListSavedFilters(std::int64_t user_id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(
      "SELECT id, user_id, name, query, created_at FROM saved_filters WHERE user_id = ?1 "
      "ORDER BY name COLLATE NOCASE, id");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, user_id);
  std::vector<SavedFilter> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(SavedFilter{st->Int64(0), st->Int64(1), st->String(2), st->String(3),
                              FromUnixSeconds(st->Int64(4))});
  }
  return out;
}

Result<SavedFilter> SqliteConsoleStore::SaveFilter(const SavedFilter& f) {
  SavedFilter saved = f;
  Status s = store_.writer().Run([&](Db& db) -> Status {
    // The limit is checked in the writer's transaction, so two saves at once cannot pass it.
    auto count =
        db.Prepare("SELECT count(*), sum(name = ?2) FROM saved_filters WHERE user_id = ?1");
    if (!count.ok()) return std::move(count).error();
    auto row = count->Bind(1, f.user_id).Bind(2, f.name).Step();
    if (!row.ok()) return std::move(row).error();
    if (count->Int64(0) >= kMaxSavedFilters && count->Int64(1) == 0) {
      return Error::InvalidField("name", "at most " + std::to_string(kMaxSavedFilters) +
                                             " saved filters; delete one first");
    }
    auto st = db.Prepare(
        "INSERT INTO saved_filters (user_id, name, query, created_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (user_id, name) DO UPDATE SET query = excluded.query, "
        "created_at = excluded.created_at RETURNING id");
    if (!st.ok()) return std::move(st).error();
    auto ins = st->Bind(1, f.user_id)
                   .Bind(2, f.name)
                   .Bind(3, f.query)
                   .Bind(4, ToUnix(f.created_at))
                   .Step();
    if (!ins.ok()) return std::move(ins).error();
    if (*ins) saved.id = st->Int64(0);
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return saved;
}

Status SqliteConsoleStore::DeleteSavedFilter(std::int64_t user_id, std::int64_t id) {
  return store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare("DELETE FROM saved_filters WHERE id = ?1 AND user_id = ?2");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, id).Bind(2, user_id).Run());
    if (db.Changes() == 0) return Error::NotFound("no such saved filter");
    return OkStatus();
  });
}

}  // namespace civic311
