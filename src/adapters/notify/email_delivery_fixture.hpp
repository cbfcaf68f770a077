// The fixture of the e-mail delivery tests (email_delivery_test.cpp, alerts_delivery_test.cpp):
// the real services on a real SQLite outbox, the NotificationWorker and the libcurl EmailChannel
// delivering to a real SMTP server on loopback (tests/notify/smtp_sink.py). Fake clock.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "adapters/notify/email_channel.hpp"
#include "adapters/notify/test_sinks.hpp"
#include "adapters/storage/sqlite/notify_outbox_store.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "app/notification_worker.hpp"
#include "app/request_service.hpp"
#include "app/testing/test_city.hpp"
#include "app/workflow_service.hpp"

namespace civic311::testing {

namespace fs = std::filesystem;

class EmailDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CryptoInit();
    fs::create_directories(dir_.File("sink"));
    sink_ = std::make_unique<SinkProcess>("smtp_sink.py", dir_.File("sink"));
    ASSERT_TRUE(sink_->ok()) << "the SMTP sink did not start (python3-aiosmtpd installed?)";
    auto opened = SqliteStore::Open({.path = dir_.File("mail.db")});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(*opened);
    wf_ = std::make_unique<SqliteWorkflowStore>(*store_, &clock_);
    requests_ = std::make_unique<RequestService>(city_, *store_, *store_, clock_, wf_.get());
    flow_ = std::make_unique<WorkflowService>(city_, *store_, *wf_, *wf_, *wf_, clock_);
    outbox_ = std::make_unique<SqliteNotifyOutbox>(*store_);
    renderer_ = std::make_unique<notify::MessageRenderer>(
        engine_, catalog_, notify::Branding{.city_name = "Testville"},
        notify::Links("https://city.example", outbox_->LinkKey().value()));
    email_ = std::make_unique<notify::EmailChannel>(
        notify::EmailOptions{"smtp://127.0.0.1:" + std::to_string(sink_->port()), "",
                             "Testville <noreply@city.example>", 10},
        *renderer_);
    NotificationWorkerOptions o;
    o.jitter = [] { return 0.0; };
    worker_ = std::make_unique<NotificationWorker>(std::vector<NotifyChannel*>{email_.get()},
                                                   *outbox_, clock_, o);
    User staff;
    staff.email = "sam@testville.example";
    staff.display_name = "Sam";
    staff.role = Role::kStaff;
    staff.departments = {"PWD"};
    staff.password_hash = "x";
    staff_ = wf_->CreateUser(staff).value().ToActor();
  }

  // Rounds until a round finds nothing due.
  int Drain() {
    int total = 0;
    for (int i = 0; i < 100; ++i) {
      auto n = worker_->RunOnce(0);
      EXPECT_TRUE(n.ok());
      if (!n.ok() || *n == 0) break;
      total += *n;
    }
    return total;
  }

  // A report with an e-mail address only (SMS is not configured in these tests).
  static SubmissionInput EmailOnly() {
    SubmissionInput in = TestWorld::Pothole();
    in.phone.clear();
    return in;
  }

  // The undelivered e-mail and SMS (Testville's webhook endpoint gets its own rows, delivered
  // by the webhook lane, which these tests do not run).
  std::vector<OutboxItem> Pending() {
    // The Result is kept in a variable on purpose: `for (… : outbox_->List(…).value())` ranges
    // over a reference into a temporary destroyed before the loop starts (the double free that
    // took these tests down in session 5; C++23 would extend its life, C++20 does not).
    auto listed = outbox_->List(false, 100);
    EXPECT_TRUE(listed.ok());
    std::vector<OutboxItem> out;
    if (!listed.ok()) return out;
    for (OutboxItem& m : *listed)
      if (m.kind != "webhook") out.push_back(std::move(m));
    return out;
  }

  TempDir dir_;
  std::shared_ptr<City> city_ = MakeTestville();
  FakeClock clock_{TestNow()};
  std::unique_ptr<SinkProcess> sink_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteWorkflowStore> wf_;
  std::unique_ptr<RequestService> requests_;
  std::unique_ptr<WorkflowService> flow_;
  std::unique_ptr<SqliteNotifyOutbox> outbox_;
  assets::Assets assets_;
  assets::TemplateEngine engine_{assets_};
  assets::MessageCatalog catalog_ = assets::MessageCatalog::Load(assets_).value();
  std::unique_ptr<notify::MessageRenderer> renderer_;
  std::unique_ptr<notify::EmailChannel> email_;
  std::unique_ptr<NotificationWorker> worker_;
  Actor staff_;
};

}  // namespace civic311::testing
