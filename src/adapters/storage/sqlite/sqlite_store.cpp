// SqliteStore: lifecycle and the RequestStore port. API keys and city configuration are in
// sqlite_store_admin.cpp.
#include "adapters/storage/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <chrono>

#include "adapters/storage/sqlite/connections.hpp"
#include "adapters/storage/sqlite/migrations.hpp"
#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/request_query.hpp"
#include "adapters/storage/sqlite/request_rows.hpp"
#include "adapters/storage/sqlite/sqlite_store_internal.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {

using sqlite::Db;

namespace {

constexpr size_t kBulkChunk = 10'000;

const std::string& GetSql() {
  static const std::string sql = sqlite::SelectRequests() + "WHERE r.id = ?1";
  return sql;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(Options options) {
  if (options.path.empty()) return Error::InvalidArgument("no database file given");
  options.reader_connections = std::max(options.reader_connections, 1);
  options.max_batch = std::max(options.max_batch, 1);
  SystemClock system_clock;
  const Clock& clock =
      options.clock != nullptr ? *options.clock : static_cast<const Clock&>(system_clock);

  auto writer_db = sqlite::OpenWriteConnection(options.path, options.writer_cache_kib);
  if (!writer_db.ok()) return std::move(writer_db).error();
  Status migrated = sqlite::Migrate(**writer_db, clock.Now().time_since_epoch().count());
  if (!migrated.ok()) {
    return sqlite::OpenFailure(options.path, sqlite3_extended_errcode((*writer_db)->raw()),
                               std::move(migrated).error());
  }

  std::vector<std::unique_ptr<Db>> readers;
  for (int i = 0; i < options.reader_connections; ++i) {
    auto r = sqlite::OpenReadConnection(options.path, options.reader_cache_kib);
    if (!r.ok()) return std::move(r).error();
    readers.push_back(std::move(*r));
  }

  auto instruments = std::make_unique<Instruments>(options.metrics);
  auto writer = std::make_unique<sqlite::Writer>(std::move(*writer_db), options.max_batch,
                                                 instruments->WriterMetrics());
  std::unique_ptr<SqliteStore> store(
      new SqliteStore(std::move(options), std::move(instruments), std::move(writer),
                      std::make_unique<sqlite::ReaderPool>(std::move(readers))));
  // Fresh planner statistics for the parts of plans we do not pin (request_query.hpp pins the
  // driving index). Sampled (analysis_limit): ~50 ms at 1M rows; a failure only costs plan quality.
  (void)store->Analyze();
  return store;
}

SqliteStore::SqliteStore(Options options, std::unique_ptr<Instruments> instruments,
                         std::unique_ptr<sqlite::Writer> writer,
                         std::unique_ptr<sqlite::ReaderPool> readers)
    : options_(std::move(options)),
      metrics_(std::move(instruments)),
      readers_(std::move(readers)),
      writer_(std::move(writer)) {}

SqliteStore::~SqliteStore() = default;

std::int64_t SqliteStore::NowUnix() const {
  const Clock& clock = options_.clock != nullptr ? *options_.clock : system_clock_;
  return clock.Now().time_since_epoch().count();
}

Status SqliteStore::Analyze() {
  return writer_->Run([](Db& db) { return db.Exec("ANALYZE"); }, /*solo=*/true);
}

int SqliteStore::SchemaVersion() {
  auto db = readers_->Acquire();
  if (!db.ok()) return -1;
  auto v = sqlite::CurrentSchemaVersion(**db);
  return v.ok() ? *v : -1;
}

Status SqliteStore::Backup(const std::string& to_path) {
  sqlite::ScopedTimer timer(metrics_->backup);
  return sqlite::BackupDatabase(options_.path, to_path);
}

Result<ServiceRequest> SqliteStore::Create(ServiceRequest r) {
  sqlite::ScopedTimer timer(metrics_->create);
  RequestId id = 0;
  Status s = writer_->Run([&](Db& db) -> Status {
    auto inserted = sqlite::InsertRequest(db, r);
    if (!inserted.ok()) return std::move(inserted).error();
    id = *inserted;
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  r.id = id;
  return r;
}

Status SqliteStore::BulkInsert(std::vector<ServiceRequest>& requests) {
  sqlite::ScopedTimer timer(metrics_->bulk_insert);
  for (size_t begin = 0; begin < requests.size(); begin += kBulkChunk) {
    size_t end = std::min(requests.size(), begin + kBulkChunk);
    std::vector<RequestId> ids;
    ids.reserve(end - begin);
    Status s = writer_->Run(
        [&](Db& db) -> Status {
          for (size_t i = begin; i < end; ++i) {
            auto id = sqlite::InsertRequest(db, requests[i]);
            if (!id.ok()) return std::move(id).error();
            ids.push_back(*id);
          }
          return OkStatus();
        },
        /*solo=*/true);
    if (!s.ok()) return s;
    for (size_t i = begin; i < end; ++i) requests[i].id = ids[i - begin];
  }
  return Analyze();
}

Result<std::optional<ServiceRequest>> SqliteStore::Get(RequestId id) {
  sqlite::ScopedTimer timer(metrics_->get);
  auto db = readers_->Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(GetSql());
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<ServiceRequest>();
  auto r = sqlite::ReadRequest(*st);
  if (!r.ok()) return std::move(r).error();
  return std::optional<ServiceRequest>(std::move(*r));
}

Result<std::optional<RequestId>> SqliteStore::FindIdByToken(std::string_view token) {
  sqlite::ScopedTimer timer(metrics_->find_token);
  if (token.empty()) return std::optional<RequestId>();
  auto db = readers_->Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare("SELECT id FROM service_requests WHERE token = ?1");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, token).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<RequestId>();
  return std::optional<RequestId>(st->Int64(0));
}

Result<std::vector<ServiceRequest>> SqliteStore::List(const RequestQuery& q) {
  sqlite::ScopedTimer timer(metrics_->list);
  std::vector<ServiceRequest> out;
  if (q.limit <= 0) return out;
  auto db = readers_->Acquire();
  if (!db.ok()) return std::move(db).error();
  auto driver = sqlite::ChooseDriver(**db, q);
  if (!driver.ok()) return std::move(driver).error();
  sqlite::BuiltQuery query = sqlite::BuildListQuery(q, *driver);
  auto st = (*db)->Prepare(query.sql);
  if (!st.ok()) return std::move(st).error();
  query.BindTo(*st);
  out.reserve(static_cast<size_t>(std::min(q.limit, 1000)));
  C311_TRY(sqlite::AppendRequests(*st, &out));
  return out;
}

Result<std::vector<std::string>> SqliteStore::ExplainList(const RequestQuery& q) {
  auto db = readers_->Acquire();
  if (!db.ok()) return std::move(db).error();
  auto driver = sqlite::ChooseDriver(**db, q);
  if (!driver.ok()) return std::move(driver).error();
  sqlite::BuiltQuery query = sqlite::BuildListQuery(q, *driver);
  auto st = (*db)->Prepare("EXPLAIN QUERY PLAN " + query.sql);
  if (!st.ok()) return std::move(st).error();
  query.BindTo(*st);
  std::vector<std::string> plan;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    plan.push_back(st->String(3));  // columns: id, parent, notused, detail
  }
  return plan;
}

Status SqliteStore::Ping() {
  sqlite::ScopedTimer timer(metrics_->ping);
  auto db = readers_->Acquire();
  if (!db.ok()) return std::move(db).error();
  // Reads the file (unlike "SELECT 1"), so a vanished or unreadable database is noticed.
  auto v = (*db)->QueryInt("SELECT count(*) FROM schema_migrations");
  if (!v.ok()) return std::move(v).error();
  return OkStatus();
}

}  // namespace civic311
