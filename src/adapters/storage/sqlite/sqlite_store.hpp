// SqliteStore: the RequestStore, ApiKeyStore and CityConfigStore of a single SQLite file.
//
// Concurrency (docs/adr/0002-sqlite-store.md): the file is in WAL mode with synchronous=FULL. One
// writer thread owns the only read-write connection and commits queued writes in groups, so many
// concurrent Create() calls share one fsync; each write returns only after its transaction has
// committed, so an ok result survives a crash or power loss. Reads go to a pool of read-only
// connections and see the latest committed state without waiting for the writer.
//
// Schema: forward-only numbered migrations (migrations.hpp), applied by Open().
//
// Errors: expected failures are Results. Database trouble (busy, I/O, disk full) is kUnavailable;
// a duplicate token or API key is kConflict; SQLite's own text is only ever in Error::detail.
// Contact details are returned by Get/List like every other field: hiding them is the rendering
// layers' job.
//
// Thread-safety: every method is safe to call from many threads at once. All calls block (disk);
// run them on worker threads, never on network threads.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "base/clock.hpp"
#include "base/metrics.hpp"

namespace civic311 {

namespace sqlite {
class Db;
class ReaderPool;
class Writer;
}  // namespace sqlite

class SqliteStore final : public RequestStore, public ApiKeyStore, public CityConfigStore {
 public:
  struct Options {
    std::string path;            // the database file
    int reader_connections = 4;  // pool of read-only connections
    // Page caches (KiB): each reader's, and the writer's. The defaults suit bulk loads (seed,
    // import); serve sets its memory budget (docs/performance.md, "Memory budget").
    int reader_cache_kib = 16384;
    int writer_cache_kib = 65536;
    int max_batch = 512;                 // most requests in one group commit
    MetricsRegistry* metrics = nullptr;  // optional: db timings + writer queue depth
    const Clock* clock = nullptr;        // for created_at/updated_at/applied_at; null: system
  };

  // Opens (creating if needed) and migrates the schema to the latest version. An unopenable file
  // gives kUnavailable with a public message naming the file and the problem (missing directory,
  // permission, not a database, a newer schema, …). options.metrics and options.clock must
  // outlive the store.
  static Result<std::unique_ptr<SqliteStore>> Open(Options options);
  // Stops the writer after draining queued writes, then closes every connection.
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // Online, consistent copy (one snapshot) to another file while the server runs, copied in
  // steps on a connection of its own so that writers carry on meanwhile. Fails with
  // kInvalidArgument if `to_path` exists.
  Status Backup(const std::string& to_path);

  // Fast bulk load for importers and benchmarks: one transaction per chunk of 10,000 requests,
  // ids assigned (written back into `requests`). Not atomic as a whole: on error, the requests
  // before the failed chunk are stored (and have ids); the rest have id 0. Refreshes the query
  // planner's statistics afterwards.
  Status BulkInsert(std::vector<ServiceRequest>& requests);

  // The applied schema version; -1 if it cannot be read.
  int SchemaVersion();

  // How SQLite will run List(q): the EXPLAIN QUERY PLAN lines, for tests and diagnostics.
  Result<std::vector<std::string>> ExplainList(const RequestQuery& q);

  // RequestStore
  Result<ServiceRequest> Create(ServiceRequest r) override;
  Result<std::optional<ServiceRequest>> Get(RequestId id) override;
  Result<std::optional<RequestId>> FindIdByToken(std::string_view token) override;
  Result<std::vector<ServiceRequest>> List(const RequestQuery& q) override;
  Status Ping() override;

  // ApiKeyStore. RevokeApiKey tries an active key of that exact name first, then (if the text is
  // a decimal number) the active key with that id. Key names must not be empty.
  Result<ApiKeyInfo> CreateApiKey(std::string_view name, std::string_view prefix,
                                  std::string_view key_hash) override;
  Result<std::optional<ApiKeyInfo>> FindActiveApiKey(std::string_view key_hash) override;
  Result<std::vector<ApiKeyInfo>> ListApiKeys() override;
  Status RevokeApiKey(std::string_view name_or_id) override;

  // CityConfigStore
  Status SaveCityConfig(std::string_view toml_text, bool catalogue_changed) override;
  Result<std::optional<std::string>> LoadCityConfig() override;
  Result<std::optional<Timestamp>> CatalogueVersion() override;

  // For the other stores of the same file (SqliteWorkflowStore): they share the one writer
  // thread (and its group commit) and the reader pool instead of opening connections of their own.
  sqlite::Writer& writer() { return *writer_; }
  sqlite::ReaderPool& readers() { return *readers_; }

 private:
  struct Instruments;
  SqliteStore(Options options, std::unique_ptr<Instruments> instruments,
              std::unique_ptr<sqlite::Writer> writer, std::unique_ptr<sqlite::ReaderPool> readers);
  std::int64_t NowUnix() const;
  // Refreshes the planner statistics (ANALYZE, sampled) on the writer.
  Status Analyze();

  Options options_;
  SystemClock system_clock_;
  std::unique_ptr<Instruments> metrics_;
  std::unique_ptr<sqlite::ReaderPool> readers_;
  std::unique_ptr<sqlite::Writer> writer_;  // destroyed first: drains before readers close
};

}  // namespace civic311
