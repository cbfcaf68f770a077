// The e-mail/SMS/dispatch side of the outbox on a real SQLite file: lanes, leases, parking,
// admin retry, purge of every kind, the repeat of an external update refused by its column.
#include "adapters/storage/sqlite/notify_outbox_store.hpp"

#include <gtest/gtest.h>

#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"

namespace civic311::testing {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

class NotifyOutboxStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(SqliteStore::Open({.path = dir_.File("n.db")}).value());
    wf_ = std::make_unique<SqliteWorkflowStore>(*store_, &clock_);
    outbox_ = std::make_unique<SqliteNotifyOutbox>(*store_);
    User u;
    u.email = "sam@example.org";
    u.display_name = "Sam";
    u.password_hash = "x";
    user_ = wf_->CreateUser(u).value().id;
  }
  // One message written as the stores write them (in a transaction with a reset token).
  void Write(const std::string& kind, int lane, const std::string& key = "") {
    OutboxMessage m{.kind = kind, .event = "password_reset"};
    m.recipient = "sam@example.org";
    m.lane = lane;
    m.key = key;
    m.secret = true;
    m.Set("token", "T-" + std::to_string(++n_));
    ASSERT_TRUE(wf_->CreatePasswordReset("h" + std::to_string(n_), user_, Day(30), &m).ok());
  }

  TempDir dir_;
  FakeClock clock_{Day(1)};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteWorkflowStore> wf_;
  std::unique_ptr<SqliteNotifyOutbox> outbox_;
  UserId user_ = 0;
  int n_ = 0;
};

TEST_F(NotifyOutboxStoreTest, LanesAreClaimedApartAndALeaseHidesAClaim) {
  Write("email", 0);
  Write("dispatch", 1);
  Write("sms", 0);
  auto urgent = outbox_->Claim(1, Day(1), seconds(60), {"email", "sms", "dispatch"}, 10).value();
  ASSERT_EQ(urgent.size(), 1u);
  EXPECT_EQ(urgent[0].kind, "dispatch");
  // Only configured kinds: SMS waits.
  auto mail = outbox_->Claim(0, Day(1), seconds(60), {"email"}, 10).value();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].attempt, 1);
  EXPECT_TRUE(outbox_->Claim(0, Day(1, 59), seconds(60), {"email"}, 10)->empty());  // leased
  auto again = outbox_->Claim(0, Day(1, 60), seconds(60), {"email"}, 10).value();   // lease over
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempt, 2);
  EXPECT_EQ(outbox_->Stats(Day(1))->pending, 3);
}

TEST_F(NotifyOutboxStoreTest, AKeyIsWrittenOnceAndSecretsAreBlankedWhenDoneEitherWay) {
  Write("email", 0, "k1");
  Write("email", 0, "k1");  // the same message again: kept once
  Write("email", 0);
  auto claimed = outbox_->Claim(0, Day(1), seconds(60), {"email"}, 10).value();
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_NE(claimed[0].payload.find("T-1"), std::string::npos);
  ASSERT_TRUE(outbox_->MarkDelivered({claimed[0].id}, Day(1)).ok());
  ASSERT_TRUE(outbox_->Park(claimed[1].id, claimed[1].attempt, "SMTP 550", Day(1)).ok());
  auto parked = outbox_->List(true, 10).value();
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_EQ(parked[0].payload.find("T-"), std::string::npos) << parked[0].payload;
  EXPECT_EQ(parked[0].last_error, "SMTP 550");
  // Retry: due now with a fresh budget, the parked mark gone.
  EXPECT_EQ(outbox_->Retry(parked[0].id, Day(2)).value(), 1);
  EXPECT_TRUE(outbox_->List(true, 10)->empty());
  EXPECT_EQ(outbox_->Claim(0, Day(2), seconds(60), {"email"}, 10)->size(), 1u);
}

TEST_F(NotifyOutboxStoreTest, PurgeTakesDeliveredAfterAWeekAndParkedAfterNinetyDays) {
  Write("email", 0);
  Write("sms", 0);
  Write("email", 0);  // never delivered: never purged
  auto claimed = outbox_->Claim(0, Day(1), seconds(60), {"email", "sms"}, 2).value();
  ASSERT_EQ(claimed.size(), 2u);
  ASSERT_TRUE(outbox_->MarkDelivered({claimed[0].id}, Day(1)).ok());
  ASSERT_TRUE(outbox_->Park(claimed[1].id, 1, "HTTP 400", Day(1)).ok());
  EXPECT_EQ(outbox_->Purge(Day(1) - hours(1), Day(1) - hours(1), 100).value(), 0);
  EXPECT_EQ(outbox_->Purge(Day(8), Day(8) - hours(24 * 90), 100).value(), 1);  // the delivered
  EXPECT_EQ(outbox_->Purge(Day(100), Day(100) - hours(24 * 90 - 24), 100).value(), 1);  // parked
  EXPECT_EQ(outbox_->List(false, 10)->size(), 1u);
}

TEST_F(NotifyOutboxStoreTest, AnExternalUpdateIsStoredOncePerRequest) {
  RequestChange c;
  c.events.push_back({.at = Day(1), .kind = "created", .internal = true});
  auto r = wf_->CreateRequest(NewRequest("POTHOLE", Day(1)), c).value();
  auto push = [&](std::int64_t version) {
    RequestChange n;
    n.request = r;
    n.request.version = version;
    n.events.push_back({.request_id = r.id,
                        .at = Day(1),
                        .kind = "note",
                        .text = "from WO",
                        .external_ref = ExternalRef("api_key:Cityworks", "WO-1")});
    return wf_->ApplyChange(n);
  };
  auto first = push(r.version);
  ASSERT_TRUE(first.ok()) << first.error().detail;
  EXPECT_FALSE(push(first->version).ok());  // the unique index refuses the repeat
  auto events = wf_->ListEvents(r.id, true).value();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].external_ref, ExternalRef("api_key:Cityworks", "WO-1"));
}

}  // namespace
}  // namespace civic311::testing
