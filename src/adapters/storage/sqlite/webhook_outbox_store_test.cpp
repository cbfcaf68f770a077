// SqliteWebhookOutbox on a real database file: fan-out into one delivery per endpoint (once),
// claim leases, retries recorded, acknowledged deliveries never claimed again, stale attempts
// ignored, and two store handles on one file never claiming the same delivery.
#include "adapters/storage/sqlite/webhook_outbox_store.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311::testing {
namespace {

using std::chrono::seconds;

class WebhookOutboxStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open({.path = dir_.File("o.db")});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(*opened);
    outbox_ = std::make_unique<SqliteWebhookOutbox>(*store_);
  }

  // Writes an outbox row as WorkflowStore::ApplyChange would (through a second connection).
  void AddMessage(const std::string& kind, const std::string& payload, Timestamp at = Day(1)) {
    auto db = sqlite::Db::Open(dir_.File("o.db"), SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(db.ok());
    sqlite3_busy_timeout((*db)->raw(), 5000);
    auto st = (*db)->Prepare(
        "INSERT INTO outbox (kind, payload, created_at, next_at) VALUES (?1, ?2, ?3, ?3)");
    ASSERT_TRUE(st.ok());
    ASSERT_TRUE(
        st->Bind(1, kind).Bind(2, payload).Bind(3, at.time_since_epoch().count()).Run().ok());
  }

  static WebhookOutbox::Route ToBoth() {
    return [](std::string_view) {
      return std::vector<std::pair<std::string, std::string>>{{"a", "created"}, {"b", "created"}};
    };
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteWebhookOutbox> outbox_;
  const std::vector<std::string> both_{"a", "b"};
};

TEST_F(WebhookOutboxStoreTest, FanOutMakesOneDeliveryPerEndpointOnceAndLeavesOtherKinds) {
  AddMessage("webhook", R"({"event":"created"})");
  AddMessage("email", R"({"to":"x"})");
  EXPECT_EQ(outbox_->FanOut(ToBoth(), Day(1), 100).value(), 1);
  EXPECT_EQ(outbox_->FanOut(ToBoth(), Day(1), 100).value(), 0);  // already fanned out
  auto stats = outbox_->Stats(Day(1));
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->pending, 2);
  EXPECT_EQ(stats->failing, 0);
  EXPECT_EQ(stats->undispatched, 0);
  auto claimed = outbox_->Claim(Day(1), seconds(60), both_, 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ((*claimed)[0].endpoint, "a");
  EXPECT_EQ((*claimed)[1].endpoint, "b");
  EXPECT_EQ((*claimed)[0].payload, R"({"event":"created"})");
  EXPECT_EQ((*claimed)[0].outbox_id, (*claimed)[1].outbox_id);
  EXPECT_NE((*claimed)[0].id, (*claimed)[1].id);
  EXPECT_EQ((*claimed)[0].attempt, 1);
  EXPECT_EQ((*claimed)[0].created_at, Day(1));
}

TEST_F(WebhookOutboxStoreTest, ALeasedDeliveryIsNotClaimedAgainUntilTheLeaseRunsOut) {
  AddMessage("webhook", "{}");
  ASSERT_TRUE(outbox_->FanOut(ToBoth(), Day(1), 100).ok());
  ASSERT_EQ(outbox_->Claim(Day(1), seconds(60), both_, 10)->size(), 2u);
  EXPECT_TRUE(outbox_->Claim(Day(1, 59), seconds(60), both_, 10)->empty());
  // The worker died: after the lease, someone else claims it again (at least once).
  auto again = outbox_->Claim(Day(1, 60), seconds(60), both_, 10);
  ASSERT_EQ(again->size(), 2u);
  EXPECT_EQ((*again)[0].attempt, 2);
}

TEST_F(WebhookOutboxStoreTest, FailureSchedulesRetryAndAcknowledgedIsNeverClaimedAgain) {
  AddMessage("webhook", "{}");
  ASSERT_TRUE(outbox_->FanOut(ToBoth(), Day(1), 100).ok());
  auto first = outbox_->Claim(Day(1), seconds(60), both_, 10).value();
  ASSERT_EQ(first.size(), 2u);
  ASSERT_TRUE(outbox_->MarkDelivered(first[0].id, Day(1)).ok());
  ASSERT_TRUE(outbox_->MarkFailed(first[1].id, 1, "HTTP 503", Day(1, 10)).ok());
  auto stats = outbox_->Stats(Day(1, 5)).value();
  EXPECT_EQ(stats.pending, 1);
  EXPECT_EQ(stats.failing, 1);
  EXPECT_TRUE(outbox_->Claim(Day(1, 9), seconds(60), both_, 10)->empty());
  auto retry = outbox_->Claim(Day(1, 10), seconds(60), both_, 10).value();
  ASSERT_EQ(retry.size(), 1u);  // only the failed one: "a" acknowledged
  EXPECT_EQ(retry[0].endpoint, "b");
  EXPECT_EQ(retry[0].attempt, 2);
  // A stale worker reporting attempt 1 late changes nothing.
  ASSERT_TRUE(outbox_->MarkFailed(retry[0].id, 1, "late", Day(1, 11)).ok());
  EXPECT_TRUE(outbox_->Claim(Day(1, 11), seconds(60), both_, 10)->empty());
  ASSERT_TRUE(outbox_->MarkDelivered(retry[0].id, Day(1, 12)).ok());
  EXPECT_TRUE(outbox_->Claim(Day(30), seconds(60), both_, 10)->empty());
  stats = outbox_->Stats(Day(30)).value();
  EXPECT_EQ(stats.pending, 0);
  EXPECT_EQ(stats.failing, 0);
}

TEST_F(WebhookOutboxStoreTest, ReleaseGivesBackWithoutCountingAnAttempt) {
  AddMessage("webhook", "{}");
  ASSERT_TRUE(outbox_->FanOut(ToBoth(), Day(1), 100).ok());
  auto first = outbox_->Claim(Day(1), seconds(60), {"a"}, 10).value();
  ASSERT_EQ(first.size(), 1u);  // only endpoints still configured are claimed
  ASSERT_TRUE(outbox_->Release(first[0].id, 1, Day(1, 5)).ok());
  auto again = outbox_->Claim(Day(1, 5), seconds(60), {"a"}, 10).value();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempt, 1);
}

TEST_F(WebhookOutboxStoreTest, TwoStoreHandlesOnOneFileNeverClaimTheSameDelivery) {
  constexpr int kMessages = 150;
  for (int i = 0; i < kMessages; ++i) AddMessage("webhook", "{\"n\":" + std::to_string(i) + "}");
  auto other_store = SqliteStore::Open({.path = dir_.File("o.db")});
  ASSERT_TRUE(other_store.ok());
  SqliteWebhookOutbox other(**other_store);
  std::mutex mu;
  std::multiset<std::int64_t> claimed;
  auto worker = [&](WebhookOutbox& o) {
    for (int round = 0; round < 400; ++round) {
      (void)o.FanOut(ToBoth(), Day(1), 7);
      auto got = o.Claim(Day(1), seconds(3600), both_, 5);
      ASSERT_TRUE(got.ok()) << got.error().detail;
      std::lock_guard lock(mu);
      for (const auto& d : *got) claimed.insert(d.id);
      if (got->empty() && claimed.size() >= 2 * kMessages) return;
    }
  };
  std::thread t1(worker, std::ref(static_cast<WebhookOutbox&>(*outbox_)));
  std::thread t2(worker, std::ref(static_cast<WebhookOutbox&>(other)));
  t1.join();
  t2.join();
  EXPECT_EQ(claimed.size(), 2u * kMessages);
  EXPECT_EQ(std::set<std::int64_t>(claimed.begin(), claimed.end()).size(), claimed.size())
      << "a delivery was claimed twice within its lease";
}

TEST_F(WebhookOutboxStoreTest, PurgeRemovesOnlyOldFullyAcknowledgedMessages) {
  AddMessage("webhook", R"({"event":"created","n":1})", Day(1));  // both endpoints acknowledge
  AddMessage("webhook", R"({"event":"created","n":2})", Day(1));  // one endpoint still owes
  AddMessage("webhook", R"({"event":"created","n":3})", Day(1));  // no endpoint wanted it
  AddMessage("webhook", R"({"event":"created","n":4})", Day(9));  // too recent
  AddMessage("email", R"({"to":"x"})", Day(1));                   // not ours
  auto route = [](std::string_view payload) {
    std::vector<std::pair<std::string, std::string>> out;
    if (payload.find("\"n\":3") == std::string_view::npos) {
      out = {{"a", "created"}, {"b", "created"}};
    }
    return out;
  };
  ASSERT_EQ(outbox_->FanOut(route, Day(9), 100).value(), 4);
  auto claimed = outbox_->Claim(Day(9), seconds(60), both_, 10).value();
  ASSERT_EQ(claimed.size(), 6u);  // messages 1, 2 and 4 to a and b
  for (const WebhookDelivery& d : claimed) {
    const bool owes = d.payload.find("\"n\":2") != std::string::npos && d.endpoint == "b";
    if (!owes) {
      ASSERT_TRUE(outbox_->MarkDelivered(d.id, Day(9)).ok());
    }
  }
  EXPECT_EQ(outbox_->Purge(Day(5), 100).value(), 2);  // messages 1 and 3
  EXPECT_EQ(outbox_->Purge(Day(5), 100).value(), 0);
  EXPECT_EQ(outbox_->Stats(Day(9))->pending, 1);  // message 2 to b is still owed
  auto db = sqlite::Db::Open(dir_.File("o.db"), SQLITE_OPEN_READONLY);
  EXPECT_EQ(*(*db)->QueryInt("SELECT count(*) FROM outbox"), 3);  // 2, 4 and the e-mail
  EXPECT_EQ(*(*db)->QueryInt("SELECT count(*) FROM webhook_deliveries"), 4);
}

}  // namespace
}  // namespace civic311::testing
