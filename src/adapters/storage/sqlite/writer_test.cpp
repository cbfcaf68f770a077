#include "adapters/storage/sqlite/writer.hpp"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <thread>

#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311::sqlite {
namespace {

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("w.db");
    auto db = Db::Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(
        (*db)->Exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER PRIMARY KEY)").ok());
    metrics_.commits = &commits_;
    metrics_.jobs = &jobs_;
    metrics_.queue_depth = depth_;
    writer_ = std::make_unique<Writer>(std::move(*db), 512, metrics_);
  }

  static Writer::Work Insert(int x) {
    return [x](Db& db) -> Status {
      auto st = db.Prepare("INSERT INTO t (x) VALUES (?1)");
      if (!st.ok()) return st.error();
      return st->Bind(1, x).Run();
    };
  }

  std::int64_t Count() {
    auto db = Db::Open(path_, SQLITE_OPEN_READONLY);
    return *(*db)->QueryInt("SELECT count(*) FROM t");
  }

  // Occupies the writer with a job that waits for Release(), so that the jobs queued meanwhile
  // form one batch. Returns once that job is running.
  std::thread Hold() {
    holding_ = false;
    release_ = false;
    std::thread t([this] {
      ASSERT_TRUE(writer_
                      ->Run([this](Db&) -> Status {
                        holding_ = true;
                        while (!release_) std::this_thread::yield();
                        return OkStatus();
                      })
                      .ok());
    });
    while (!holding_) std::this_thread::yield();
    return t;
  }
  void Release() { release_ = true; }
  void WaitForQueued(int n) {
    while (depth_->load() < n) std::this_thread::yield();
  }

  testing::TempDir dir_;
  std::string path_;
  Counter commits_, jobs_;
  std::shared_ptr<std::atomic<std::int64_t>> depth_ = std::make_shared<std::atomic<std::int64_t>>();
  Writer::Metrics metrics_;
  std::atomic<bool> holding_{false};
  std::atomic<bool> release_{false};
  std::unique_ptr<Writer> writer_;
};

TEST_F(WriterTest, AFailingJobUndoesOnlyItself) {
  ASSERT_TRUE(writer_->Run(Insert(1)).ok());
  const std::uint64_t commits_before = commits_.Value();
  std::thread hold = Hold();
  auto a = std::async(std::launch::async, [&] { return writer_->Run(Insert(2)); });
  WaitForQueued(1);
  auto dup = std::async(std::launch::async, [&] { return writer_->Run(Insert(1)); });
  WaitForQueued(2);
  auto b = std::async(std::launch::async, [&] { return writer_->Run(Insert(3)); });
  WaitForQueued(3);
  Release();
  hold.join();
  EXPECT_TRUE(a.get().ok());
  Status d = dup.get();
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(b.get().ok());
  EXPECT_EQ(Count(), 3);
  EXPECT_EQ(commits_.Value() - commits_before, 2u);  // the holder's batch, then all three
}

TEST_F(WriterTest, AThrowingJobFailsAlone) {
  Status s = writer_->Run([](Db&) -> Status { throw std::runtime_error("boom"); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
  EXPECT_TRUE(writer_->Run(Insert(7)).ok());
  EXPECT_EQ(Count(), 1);
}

TEST_F(WriterTest, ConcurrentCallersShareCommits) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) ASSERT_TRUE(writer_->Run(Insert(t * 100 + i)).ok());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Count(), 640);
  EXPECT_EQ(jobs_.Value(), 640u);
  EXPECT_LT(commits_.Value(), 640u);
  std::printf("[ info ] 640 writes in %llu commits\n",
              static_cast<unsigned long long>(commits_.Value()));
}

TEST_F(WriterTest, DestructionDrainsQueuedWrites) {
  std::thread hold = Hold();
  std::vector<std::future<Status>> queued;
  for (int i = 0; i < 20; ++i) {
    queued.push_back(std::async(std::launch::async, [&, i] { return writer_->Run(Insert(i)); }));
  }
  WaitForQueued(20);
  std::thread releaser([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Release();
  });
  writer_.reset();  // stops the writer, but only after every queued write has committed
  releaser.join();
  hold.join();
  for (auto& f : queued) EXPECT_TRUE(f.get().ok());
  EXPECT_EQ(Count(), 20);
}

}  // namespace
}  // namespace civic311::sqlite
