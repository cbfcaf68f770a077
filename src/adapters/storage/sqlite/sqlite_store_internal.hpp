// Private to sqlite_store*.cpp: the store's metrics instruments.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/storage/sqlite/writer.hpp"
#include "base/metrics.hpp"

namespace civic311 {
namespace sqlite {

// Observes the time from construction to destruction into `h` (if not null).
class ScopedTimer {
 public:
  explicit ScopedTimer(Histogram* h) : h_(h) {
    if (h_ != nullptr) start_ = std::chrono::steady_clock::now();
  }
  ~ScopedTimer() {
    if (h_ != nullptr) {
      h_->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
    }
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  Histogram* h_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace sqlite

// Every pointer is null when the store has no MetricsRegistry.
struct SqliteStore::Instruments {
  explicit Instruments(MetricsRegistry* registry) : registry_(registry) {
    if (registry_ == nullptr) return;
    registry_->AddGauge("civic311_db_writer_queue_depth", "",
                        "Writes waiting for the database writer thread",
                        [depth = queue_depth] { return static_cast<double>(depth->load()); });
  }

  Histogram* Op(const char* op) const {
    if (registry_ == nullptr) return nullptr;
    return &registry_->GetHistogram("civic311_db_seconds", std::string("op=\"") + op + "\"",
                                    "Time spent in database operations");
  }

  sqlite::Writer::Metrics WriterMetrics() const {
    sqlite::Writer::Metrics m;
    m.queue_depth = queue_depth;
    if (registry_ != nullptr) {
      m.commit_seconds = Op("commit");
      m.commits = &registry_->GetCounter("civic311_db_commits_total", "",
                                         "Write transactions committed (group commits)");
      m.jobs = &registry_->GetCounter("civic311_db_committed_writes_total", "",
                                      "Writes committed; divided by commits: mean batch size");
    }
    return m;
  }

  MetricsRegistry* registry_;
  // Shared with the gauge, which the registry may call after the store is gone.
  std::shared_ptr<std::atomic<std::int64_t>> queue_depth =
      std::make_shared<std::atomic<std::int64_t>>(0);
  Histogram* create = Op("create");
  Histogram* get = Op("get");
  Histogram* find_token = Op("find_token");
  Histogram* list = Op("list");
  Histogram* ping = Op("ping");
  Histogram* api_keys = Op("api_keys");
  Histogram* city_config = Op("city_config");
  Histogram* backup = Op("backup");
  Histogram* bulk_insert = Op("bulk_insert");
};

}  // namespace civic311
