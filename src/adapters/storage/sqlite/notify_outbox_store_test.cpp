// The one outbox on a real SQLite file: lanes, leases, parking, admin retry, purge of every
// kind, the repeat of an external update refused by its column, webhook routes, the dispatch
// acknowledgement alert, and migration 0014 moving webhook_deliveries into the outbox.
#include "adapters/storage/sqlite/notify_outbox_store.hpp"

#include <gtest/gtest.h>

#include "adapters/storage/sqlite/migrations.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"

namespace civic311::testing {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

std::vector<ClaimRoute> Kinds(std::initializer_list<std::string> kinds) {
  std::vector<ClaimRoute> out;
  for (const std::string& k : kinds) out.push_back(ClaimRoute{k, {}});
  return out;
}

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
  auto urgent =
      outbox_->Claim(1, Day(1), seconds(60), Kinds({"email", "sms", "dispatch"}), 10).value();
  ASSERT_EQ(urgent.size(), 1u);
  EXPECT_EQ(urgent[0].kind, "dispatch");
  // Only configured kinds: SMS waits.
  auto mail = outbox_->Claim(0, Day(1), seconds(60), Kinds({"email"}), 10).value();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].attempt, 1);
  EXPECT_TRUE(outbox_->Claim(0, Day(1, 59), seconds(60), Kinds({"email"}), 10)->empty());  // leased
  auto again =
      outbox_->Claim(0, Day(1, 60), seconds(60), Kinds({"email"}), 10).value();  // lease over
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempt, 2);
  EXPECT_EQ(outbox_->Stats(Day(1))->pending, 3);
}

TEST_F(NotifyOutboxStoreTest, AKeyIsWrittenOnceAndSecretsAreBlankedWhenDoneEitherWay) {
  Write("email", 0, "k1");
  Write("email", 0, "k1");  // the same message again: kept once
  Write("email", 0);
  auto claimed = outbox_->Claim(0, Day(1), seconds(60), Kinds({"email"}), 10).value();
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
  EXPECT_EQ(outbox_->Claim(0, Day(2), seconds(60), Kinds({"email"}), 10)->size(), 1u);
}

TEST_F(NotifyOutboxStoreTest, PurgeTakesDeliveredAfterAWeekAndParkedAfterNinetyDays) {
  Write("email", 0);
  Write("sms", 0);
  Write("email", 0);  // never delivered: never purged
  auto claimed = outbox_->Claim(0, Day(1), seconds(60), Kinds({"email", "sms"}), 2).value();
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

// Webhook rows go to their endpoint only: a claim routed to "assets" leaves "gone"'s rows
// waiting (an endpoint removed from the config), counted as pending.
TEST_F(NotifyOutboxStoreTest, WebhookRowsAreClaimedOnlyForConfiguredEndpoints) {
  RequestChange c;
  c.events.push_back({.at = Day(1), .kind = "created", .internal = true});
  c.make_outbox = [](const ServiceRequest& r, const std::vector<TimelineEvent>&) {
    std::vector<OutboxMessage> out;
    for (const char* to : {"assets", "gone"}) {
      OutboxMessage m{.kind = "webhook", .event = "created", .recipient = to, .lane = 2};
      m.request_id = r.id;
      m.key = std::string("k.") + to;
      m.Set("event", "created");
      out.push_back(m);
    }
    return out;
  };
  ASSERT_TRUE(wf_->CreateRequest(NewRequest("POTHOLE", Day(1)), c).ok());
  std::vector<ClaimRoute> routes{{"webhook", {"assets"}}};
  EXPECT_TRUE(outbox_->Claim(0, Day(1), seconds(60), routes, 10)->empty());  // lane 2 only
  auto got = outbox_->Claim(2, Day(1), seconds(60), routes, 10).value();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].recipient, "assets");
  // A failed endpoint's other rows go back untried: no attempt counted, due when it retries.
  ASSERT_TRUE(outbox_->Release(got[0].id, 1, Day(1, 30)).ok());
  EXPECT_TRUE(outbox_->Claim(2, Day(1, 29), seconds(60), routes, 10)->empty());
  auto again = outbox_->Claim(2, Day(1, 30), seconds(60), routes, 10).value();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempt, 1);
  auto stats = outbox_->Stats(Day(1), "webhook").value();
  EXPECT_EQ(stats.pending, 2);
  EXPECT_EQ(outbox_->Stats(Day(1), "email")->pending, 0);
}

// The alert about an unacknowledged dispatch push is written once, with the dispatch message's
// fields under its own; an acknowledged push is never alerted about.
TEST_F(NotifyOutboxStoreTest, ADispatchAlertIsWrittenOnceAndCarriesTheEmergency) {
  RequestChange c;
  c.events.push_back({.at = Day(1), .kind = "created", .internal = true});
  c.make_outbox = [](const ServiceRequest& r, const std::vector<TimelineEvent>& ev) {
    OutboxMessage m{.kind = "dispatch", .event = "emergency", .lane = 1};
    m.request_id = r.id;
    m.key = "e" + std::to_string(ev[0].id) + ".dispatch";
    m.Set("service_request_id", std::to_string(r.id)).Set("description", "gas smell");
    return std::vector<OutboxMessage>{m};
  };
  ASSERT_TRUE(wf_->CreateRequest(NewRequest("GAS", Day(1)), c).ok());
  EXPECT_TRUE(outbox_->UnacknowledgedDispatch(Day(1) - seconds(1), 10)->empty());  // too new
  auto late = outbox_->UnacknowledgedDispatch(Day(1, 1), 10).value();
  ASSERT_EQ(late.size(), 1u);
  OutboxMessage alert{.kind = "sms", .event = "dispatch_unacknowledged", .recipient = "+15550199"};
  alert.lane = 1;
  alert.key = late[0].StableKey() + ".alert.sms.+15550199";
  alert.Set("on_duty_name", "Ann");
  ASSERT_TRUE(outbox_->RecordDispatchAlert(late[0].id, {alert}, Day(1, 1)).ok());
  ASSERT_TRUE(outbox_->RecordDispatchAlert(late[0].id, {alert}, Day(1, 2)).ok());  // no-op
  EXPECT_TRUE(outbox_->UnacknowledgedDispatch(Day(2), 10)->empty());
  auto sms = outbox_->Claim(1, Day(2), seconds(60), Kinds({"sms"}), 10).value();
  ASSERT_EQ(sms.size(), 1u);
  EXPECT_NE(sms[0].payload.find("\"description\":\"gas smell\""), std::string::npos)
      << sms[0].payload;
  EXPECT_NE(sms[0].payload.find("\"on_duty_name\":\"Ann\""), std::string::npos);
}

// Migration 0014 on a database written before it: pending webhook deliveries become outbox rows
// that keep their delivery id (X-Civic311-Delivery), new rows get ids above every old delivery
// id, acknowledged ones stay history, and a message not yet fanned out is fanned out once.
TEST(OneOutboxMigration, WebhookDeliveriesMoveKeepingTheirIds) {
  TempDir dir;
  const std::string path = dir.File("old.db");
  {
    auto opened_db = sqlite::Db::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(opened_db.ok());
    auto db = std::move(*opened_db);
    ASSERT_TRUE(db->Exec("PRAGMA application_id = 1664299313").ok());
    ASSERT_TRUE(db->Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT "
                         "NOT NULL, applied_at INTEGER NOT NULL)")
                    .ok());
    for (const sqlite::Migration& m : sqlite::Migrations()) {
      if (m.version > 10) break;
      ASSERT_TRUE(db->Exec(std::string(m.sql)).ok()) << m.name;
      ASSERT_TRUE(db->Exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) +
                           ", '" + std::string(m.name) + "', 0)")
                      .ok());
    }
    // Message 1 fanned out to two endpoints (delivery 500 pending, 501 acknowledged); message 2
    // not yet fanned out.
    ASSERT_TRUE(db->Exec("INSERT INTO outbox (id, kind, payload, created_at, next_at, "
                         "delivered_at, event) VALUES "
                         "(1, 'webhook', '{\"event\":\"note\"}', 100, 100, 100, 'note'),"
                         "(2, 'webhook', '{\"event\":\"resolve_fixed\"}', 100, 100, NULL, '');"
                         "INSERT INTO webhook_deliveries (id, outbox_id, endpoint, event, "
                         "created_at, attempts, "
                         "last_error, next_at, delivered_at) VALUES (500, 1, 'assets', 'note', "
                         "100, 3, 'HTTP 503', "
                         "200, NULL), (501, 1, 'crm', 'note', 100, 1, '', 100, 150);")
                    .ok());
  }
  auto opened = SqliteStore::Open({.path = path});
  ASSERT_TRUE(opened.ok()) << opened.error().message << " / " << opened.error().detail;
  auto store = std::move(*opened);
  SqliteNotifyOutbox outbox(*store);
  auto rows = outbox.List(false, 10).value();
  ASSERT_EQ(rows.size(), 2u);  // the pending delivery and the unrouted message
  EXPECT_EQ(rows[0].id, 2);
  EXPECT_EQ(rows[0].recipient, "");
  EXPECT_EQ(rows[1].key, "500");
  EXPECT_EQ(rows[1].recipient, "assets");
  EXPECT_EQ(rows[1].attempt, 3);
  EXPECT_EQ(rows[1].last_error, "HTTP 503");
  EXPECT_GT(rows[1].id, 501);  // above every old delivery id
  EXPECT_EQ(outbox.Stats(Day(1), "webhook")->unrouted, 1);
  auto fanned = outbox.FanOutUnrouted(
      [](std::string_view event) {
        EXPECT_EQ(event, "resolve_fixed");
        return std::pair(std::string("state_changed"), std::vector<std::string>{"assets"});
      },
      Day(1), 10);
  ASSERT_EQ(fanned.value(), 1);
  EXPECT_EQ(outbox
                .FanOutUnrouted(
                    [](std::string_view) {
                      return std::pair(std::string(), std::vector<std::string>{"assets"});
                    },
                    Day(1), 10)
                .value(),
            0);
  auto claimed =
      outbox.Claim(2, Day(1), seconds(60), {ClaimRoute{"webhook", {"assets"}}}, 10).value();
  ASSERT_EQ(claimed.size(), 2u);  // the moved delivery and the fanned-out message
  EXPECT_EQ(claimed[0].key, "500");
  EXPECT_EQ(claimed[1].event, "state_changed");
  EXPECT_GT(claimed[1].id, claimed[0].id);
}

}  // namespace
}  // namespace civic311::testing
