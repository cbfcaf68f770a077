// ReaderPool: a fixed set of read-only connections, lent to one thread at a time.
//
// In WAL mode readers see the last committed state and neither block nor are blocked by the
// writer, so reads scale with the pool size. Acquire() blocks while every connection is lent out,
// up to `wait`, then fails with kUnavailable. A Lease returns its connection when destroyed; it
// must not outlive the pool.
//
// Thread-safety: Acquire() is safe from any thread; a Lease is used by one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "base/result.hpp"

namespace civic311::sqlite {

class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool* pool, Db* db) : pool_(pool), db_(db) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), db_(std::exchange(o.db_, nullptr)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_ != nullptr) pool_->Return(db_);
    }
    Db& operator*() const { return *db_; }
    Db* operator->() const { return db_; }

   private:
    ReaderPool* pool_;
    Db* db_;
  };

  explicit ReaderPool(std::vector<std::unique_ptr<Db>> connections,
                      std::chrono::milliseconds wait = std::chrono::seconds(10));

  Result<Lease> Acquire();

 private:
  void Return(Db* db);

  std::vector<std::unique_ptr<Db>> all_;
  const std::chrono::milliseconds wait_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Db*> free_;
};

}  // namespace civic311::sqlite
