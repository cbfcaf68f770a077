// The portal's registrations leave account_registrations a week after they were made, confirmed
// or not, in the notification worker's retention round (app/registration_retention.hpp), on a
// real SQLite file with a fake clock.
#include "app/registration_retention.hpp"

#include <gtest/gtest.h>

#include "adapters/storage/sqlite/notify_outbox_store.hpp"
#include "adapters/storage/sqlite/portal_store.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "app/notification_worker.hpp"

namespace civic311::testing {
namespace {

class RegistrationRetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(SqliteStore::Open({.path = dir_.File("r.db")}).value());
    portal_ = std::make_unique<SqlitePortalStore>(*store_);
    outbox_ = std::make_unique<SqliteNotifyOutbox>(*store_);
    NotificationWorkerOptions options;
    options.retention.push_back(RegistrationRetention(*portal_));
    worker_ = std::make_unique<NotificationWorker>(std::vector<NotifyChannel*>{}, *outbox_, clock_,
                                                   options);
  }

  // A registration of `email` made now, with its confirmation e-mail; `token` is its hash.
  void Register(const std::string& token, const std::string& email) {
    PendingAccount a;
    a.email = email;
    a.display_name = "Rosa";
    a.password_hash = "$argon2id$fake";
    a.lang = "en";
    a.created_at = clock_.Now();
    a.expires_at = clock_.Now() + std::chrono::hours(48);
    OutboxMessage mail;
    mail.kind = "email";
    mail.event = "register_confirm";
    mail.recipient = email;
    mail.key = token;
    mail.secret = true;
    ASSERT_TRUE(portal_->CreateRegistration(token, a, mail).ok());
  }

  int Rows(const std::string& email) {
    return portal_->CountRegistrations(email, Day(-1000)).value();
  }

  TempDir dir_;
  FakeClock clock_{Day(0)};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqlitePortalStore> portal_;
  std::unique_ptr<SqliteNotifyOutbox> outbox_;
  std::unique_ptr<NotificationWorker> worker_;
};

TEST_F(RegistrationRetentionTest, UnconfirmedAndUsedRegistrationsGoAfterAWeek) {
  Register("unused", "never@example.org");
  Register("used", "confirmed@example.org");
  clock_.Advance(std::chrono::hours(1));
  auto user = portal_->ConfirmRegistration("used", clock_.Now());
  ASSERT_TRUE(user.ok() && user->has_value());
  clock_.Set(Day(3));
  Register("recent", "late@example.org");

  // Six days on: the link of the first expired long ago, but the row stays for the week.
  clock_.Set(Day(6));
  ASSERT_TRUE(worker_->RunOnce(kOrdinaryLane).ok());
  EXPECT_EQ(Rows("never@example.org"), 1);
  EXPECT_EQ(Rows("confirmed@example.org"), 1);

  // A week and a second on: both of day 0 are gone (the account stays); day 3's is kept.
  clock_.Set(Day(7, 1));
  ASSERT_TRUE(worker_->RunOnce(kOrdinaryLane).ok());
  EXPECT_EQ(Rows("never@example.org"), 0);
  EXPECT_EQ(Rows("confirmed@example.org"), 0);
  EXPECT_EQ(Rows("late@example.org"), 1);
  // A used-up token never confirms again, purged or not.
  auto again = portal_->ConfirmRegistration("used", clock_.Now());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());

  clock_.Set(Day(10, 1));
  ASSERT_TRUE(worker_->RunOnce(kOrdinaryLane).ok());
  EXPECT_EQ(Rows("late@example.org"), 0);
}

TEST_F(RegistrationRetentionTest, PurgeDeletesInBatchesOldestFirst) {
  for (int i = 0; i < 5; ++i) {
    clock_.Set(Day(0, i));
    Register(std::to_string(i), "same@example.org");
  }
  EXPECT_EQ(portal_->PurgeRegistrations(Day(0, 3), 2).value(), 2);
  EXPECT_EQ(Rows("same@example.org"), 3);
  EXPECT_EQ(portal_->PurgeRegistrations(Day(0, 3), 10).value(), 1);
  EXPECT_EQ(portal_->CountRegistrations("same@example.org", Day(0, 3)).value(), 2);
}

}  // namespace
}  // namespace civic311::testing
