#include "adapters/storage/sqlite/writer.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <semaphore>

namespace civic311::sqlite {

struct Writer::Job {
  const Work* work;
  bool solo;
  Status result = OkStatus();
  std::binary_semaphore done{0};
};

Writer::Writer(std::unique_ptr<Db> db, int max_batch, Metrics metrics)
    : db_(std::move(db)),
      max_batch_(static_cast<size_t>(std::max(max_batch, 1))),
      metrics_(std::move(metrics)),
      thread_([this] { Loop(); }) {}

Writer::~Writer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

Status Writer::Run(const Work& work, bool solo) {
  Job job{&work, solo};
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Error::Unavailable("the database is shutting down");
    queue_.push_back(&job);
    if (metrics_.queue_depth) metrics_.queue_depth->store(static_cast<std::int64_t>(queue_.size()));
  }
  cv_.notify_one();
  job.done.acquire();
  return std::move(job.result);
}

void Writer::Loop() {
  std::deque<Job*> batch;
  while (true) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has been written
      if (queue_.front()->solo) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      } else {
        while (!queue_.empty() && !queue_.front()->solo && batch.size() < max_batch_) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      if (metrics_.queue_depth) {
        metrics_.queue_depth->store(static_cast<std::int64_t>(queue_.size()));
      }
    }
    RunBatch(batch);
    batch.clear();
  }
}

void Writer::RunBatch(std::deque<Job*>& batch) {
  auto started = std::chrono::steady_clock::now();
  Db& db = *db_;
  // Cached statements rather than Exec(): these run several times per batch.
  auto sql = [&db](const char* text) -> Status {
    auto st = db.Prepare(text);
    return st.ok() ? st->Run() : Status(st.error());
  };
  // Savepoints only when jobs share the transaction. A job alone (e.g. a bulk chunk) is undone
  // by rolling the transaction back; that also keeps SQLite from maintaining a statement
  // sub-journal across thousands of statements, which costs quadratic time in memory.
  const bool savepoints = batch.size() > 1;
  Status txn = sql("BEGIN IMMEDIATE");
  for (Job* job : batch) {
    if (!txn.ok()) {
      job->result = txn;
      continue;
    }
    Status s = savepoints ? sql("SAVEPOINT job") : OkStatus();
    if (s.ok()) {
      try {
        s = (*job->work)(db);
      } catch (const std::exception& e) {
        s = Error::Internal(std::string("write job threw: ") + e.what());
      } catch (...) {
        s = Error::Internal("write job threw");
      }
    }
    if (db.InAutocommit()) {
      // SQLite rolled the whole transaction back (I/O error, disk full, out of memory): the
      // jobs before this one are lost too.
      txn = s.ok() ? Status(Error::Internal("write transaction ended inside a job")) : s;
    } else if (!savepoints) {
      if (!s.ok()) txn = s;  // the transaction holds only this job: roll it all back
    } else if (s.ok()) {
      Status release = sql("RELEASE job");
      if (!release.ok()) txn = release;
    } else {
      Status undo = sql("ROLLBACK TO job");
      if (undo.ok()) undo = sql("RELEASE job");
      if (!undo.ok()) txn = undo;
    }
    job->result = std::move(s);
  }
  if (txn.ok()) txn = sql("COMMIT");
  if (txn.ok()) {
    if (metrics_.commits) metrics_.commits->Inc();
    if (metrics_.jobs) metrics_.jobs->Inc(batch.size());
  } else {
    if (!db.InAutocommit()) (void)db.Exec("ROLLBACK");
    for (Job* job : batch) {
      if (job->result.ok()) job->result = txn;
    }
  }
  if (metrics_.commit_seconds) {
    metrics_.commit_seconds->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  for (Job* job : batch) job->done.release();
}

}  // namespace civic311::sqlite
