// Writer: the one thread that owns the read-write connection, with group commit.
//
// Run(work) queues `work` and blocks the calling thread until the transaction that ran it has
// committed (or failed). The writer thread takes every queued job (up to max_batch), runs them
// in one IMMEDIATE transaction, each inside its own SAVEPOINT so that one job's failure undoes
// only that job, and commits once: many concurrent callers share one fsync. With
// synchronous=FULL, Run() returning ok means the job's writes are durable.
//
// A job marked `solo` (bulk loads) runs in a transaction of its own. A job alone in its
// transaction needs no savepoint: its failure rolls the transaction back.
//
// Errors: a job's own error is returned to its caller only; a failure to begin or commit the
// transaction is returned to every caller in the batch. Work must not throw; if it does, the
// exception is caught and that job fails with kInternal.
//
// Thread-safety: Run() and QueueDepth() are safe from any thread, but never call Run() from inside
// a job (it would wait for itself). The destructor stops accepting jobs, runs those already
// queued, and joins the thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "base/metrics.hpp"
#include "base/result.hpp"

namespace civic311::sqlite {

class Writer {
 public:
  using Work = std::function<Status(Db&)>;

  struct Metrics {                        // any may be null
    Histogram* commit_seconds = nullptr;  // BEGIN … COMMIT of one batch
    Counter* commits = nullptr;
    Counter* jobs = nullptr;  // jobs committed (jobs / commits = mean batch size)
    // Jobs waiting for the writer; shared so that a metrics gauge may outlive the Writer.
    std::shared_ptr<std::atomic<std::int64_t>> queue_depth;
  };

  Writer(std::unique_ptr<Db> db, int max_batch, Metrics metrics);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  Status Run(const Work& work, bool solo = false);

 private:
  struct Job;
  void Loop();
  void RunBatch(std::deque<Job*>& batch);

  std::unique_ptr<Db> db_;
  const size_t max_batch_;
  Metrics metrics_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;  // jobs live on their callers' stacks
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace civic311::sqlite
