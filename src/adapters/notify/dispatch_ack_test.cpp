// Emergency dispatch end to end (docs/notifications.md, "Dispatch acknowledgement"): requests
// submitted and flagged through the real services on a real SQLite outbox; the one
// NotificationWorker's urgent lane pushes them to a real HTTP dispatch receiver on loopback
// (tests/notify/http_sink.py, told which status to answer) and, when no 2xx came within 60 s
// of fake time, alerts the city's on-duty contact by e-mail (a real SMTP server,
// tests/notify/smtp_sink.py) and by SMS (another HTTP receiver) — exactly once. Nothing sleeps:
// time is a FakeClock, rounds are run by hand.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "adapters/notify/email_channel.hpp"
#include "adapters/notify/http_channels.hpp"
#include "adapters/notify/test_sinks.hpp"
#include "adapters/storage/sqlite/notify_outbox_store.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "app/notification_worker.hpp"
#include "app/request_service.hpp"
#include "app/testing/test_city.hpp"
#include "app/workflow_service.hpp"

namespace civic311::testing {
namespace {

namespace json = boost::json;
using std::chrono::seconds;

class DispatchAckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CryptoInit();
    smtp_ = std::make_unique<SinkProcess>("smtp_sink.py", dir_.File("smtp"));
    dispatch_ = std::make_unique<SinkProcess>("http_sink.py", dir_.File("dispatch"));
    sms_ = std::make_unique<SinkProcess>("http_sink.py", dir_.File("sms"));
    ASSERT_TRUE(smtp_->ok() && dispatch_->ok() && sms_->ok());
    store_ = std::move(SqliteStore::Open({.path = dir_.File("d.db")}).value());
    wf_ = std::make_unique<SqliteWorkflowStore>(*store_, &clock_);
    requests_ = std::make_unique<RequestService>(city_, *store_, *store_, clock_, wf_.get());
    flow_ = std::make_unique<WorkflowService>(city_, *store_, *wf_, *wf_, *wf_, clock_);
    outbox_ = std::make_unique<SqliteNotifyOutbox>(*store_);
    renderer_ = std::make_unique<notify::MessageRenderer>(
        engine_, catalog_, notify::Branding{.city_name = "Testville"},
        notify::Links("https://city.example", outbox_->LinkKey().value()));
    email_ = std::make_unique<notify::EmailChannel>(
        notify::EmailOptions{"smtp://127.0.0.1:" + std::to_string(smtp_->port()), "",
                             "Testville <noreply@city.example>", 10},
        *renderer_);
    sms_channel_ = std::make_unique<notify::SmsChannel>(
        "http://127.0.0.1:" + std::to_string(sms_->port()) + "/sms", "+15559999", "", *renderer_);
    dispatch_channel_ = std::make_unique<notify::DispatchChannel>(
        "http://127.0.0.1:" + std::to_string(dispatch_->port()) + "/dispatch",
        "dispatch-secret-0123456789");
    NotificationWorkerOptions o;
    o.jitter = [] { return 0.0; };
    o.on_duty = city_->on_duty;  // "Duty officer", duty@testville.example, +15550199
    o.metrics = &metrics_;
    worker_ = std::make_unique<NotificationWorker>(
        std::vector<NotifyChannel*>{email_.get(), sms_channel_.get(), dispatch_channel_.get()},
        *outbox_, clock_, o);
    User agent;
    agent.email = "ana@testville.example";
    agent.display_name = "Ana";
    agent.role = Role::kAgent;
    agent.password_hash = "x";
    agent_ = wf_->CreateUser(agent).value().ToActor();
  }

  static SubmissionInput GasLeak() {
    SubmissionInput in = TestWorld::Pothole();
    in.service_code = "GAS_LEAK";
    in.description = "Strong smell of gas by the school";
    in.email.clear();
    in.phone = "+15550100";
    in.attributes.clear();
    return in;
  }

  // Urgent-lane rounds every 2 s of fake time up to `until` seconds after the start.
  void RunUntil(int until) {
    while (elapsed_ <= until) {
      auto n = worker_->RunOnce(kUrgentLane);
      ASSERT_TRUE(n.ok());
      clock_.Advance(seconds(2));
      elapsed_ += 2;
    }
  }
  std::vector<std::string> AlertMails() {
    std::vector<std::string> out;
    for (const std::string& m : smtp_->Files("msg-"))
      if (m.find("X-Rcpt: duty@testville.example") != std::string::npos) out.push_back(m);
    return out;
  }

  TempDir dir_;
  std::shared_ptr<City> city_ = MakeTestville();
  FakeClock clock_{TestNow()};
  int elapsed_ = 0;
  MetricsRegistry metrics_;
  std::unique_ptr<SinkProcess> smtp_, dispatch_, sms_;
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
  std::unique_ptr<notify::SmsChannel> sms_channel_;
  std::unique_ptr<notify::DispatchChannel> dispatch_channel_;
  std::unique_ptr<NotificationWorker> worker_;
  Actor agent_;
};

TEST_F(DispatchAckTest, AReceiverThatNeverAnswers2xxGetsTheOnDutyAlertedOnceAfter60Seconds) {
  dispatch_->Set("status", "503");
  auto submitted = requests_->Submit(GasLeak());
  ASSERT_TRUE(submitted.ok());
  const std::string id = std::to_string(submitted->request.id);
  RunUntil(58);
  // Pushed at once and retried every few seconds; nobody alerted yet.
  EXPECT_GE(dispatch_->Files("req-").size(), 5u);
  EXPECT_TRUE(AlertMails().empty());
  EXPECT_TRUE(sms_->Files("req-").empty());
  RunUntil(60);  // 60 s without an acknowledgement
  auto mails = AlertMails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("EMERGENCY #" + id + " not acknowledged by dispatch"), std::string::npos)
      << mails[0];
  EXPECT_NE(mails[0].find("HTTP 503"), std::string::npos);
  EXPECT_NE(mails[0].find("Strong smell of gas"), std::string::npos);
  EXPECT_NE(mails[0].find("https://city.example/staff/requests/" + id), std::string::npos);
  auto texts = sms_->Files("req-");
  ASSERT_EQ(texts.size(), 1u);
  const std::string sms(json::parse(texts[0]).as_object()["body"].as_string());
  EXPECT_NE(sms.find("To=%2B15550199"), std::string::npos) << sms;
  EXPECT_NE(sms.find("EMERGENCY"), std::string::npos) << sms;
  // Ten more minutes of a receiver that still refuses: still exactly one alert each way.
  RunUntil(660);
  EXPECT_EQ(AlertMails().size(), 1u);
  EXPECT_EQ(sms_->Files("req-").size(), 1u);
  EXPECT_NE(metrics_.Render().find("civic311_dispatch_unacknowledged_total 1"), std::string::npos);
  // Dispatch comes back: the push is acknowledged, and nobody is alerted again.
  dispatch_->Set("status", "200");
  RunUntil(700);
  EXPECT_TRUE(outbox_->UnacknowledgedDispatch(clock_.Now(), 10)->empty());
  EXPECT_EQ(AlertMails().size(), 1u);
}

TEST_F(DispatchAckTest, AnAcknowledgedPushAlertsNobody) {
  dispatch_->Set("status", "503");
  ASSERT_TRUE(requests_->Submit(GasLeak()).ok());
  RunUntil(30);
  dispatch_->Set("status", "202");  // acknowledged (any 2xx) before the 60 s
  RunUntil(300);
  EXPECT_TRUE(AlertMails().empty());
  EXPECT_TRUE(sms_->Files("req-").empty());
  const std::string last = dispatch_->Files("req-").back();
  EXPECT_NE(last.find("X-Civic311-Signature"), std::string::npos);
}

// Staff flag an ordinary request: one internal timeline event, an audit entry, and the push to
// dispatch at once (the first urgent round), carrying the reason and the callback number.
TEST_F(DispatchAckTest, FlaggingAsAnEmergencyDispatchesAtOnce) {
  SubmissionInput in = TestWorld::Pothole();
  in.email.clear();
  auto submitted = requests_->Submit(in);
  ASSERT_TRUE(submitted.ok());
  const RequestId id = submitted->request.id;
  EXPECT_FALSE(submitted->request.emergency);
  // A reason is required; a resident may not flag.
  auto no_reason = flow_->Act(agent_, id, {.action = Action::kFlagEmergency, .version = 1});
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().code, ErrorCode::kInvalidArgument);
  Actor resident{.user_id = 0, .role = Role::kResident};
  EXPECT_FALSE(
      flow_->Act(resident, id, {.action = Action::kFlagEmergency, .version = 1, .text = "fire"})
          .ok());
  auto flagged = flow_->Act(
      agent_, id,
      {.action = Action::kFlagEmergency, .version = 1, .text = "Caller reports sparking cable"});
  ASSERT_TRUE(flagged.ok()) << flagged.error().message;
  EXPECT_TRUE(flagged->emergency);
  EXPECT_TRUE(store_->Get(id).value()->emergency);  // stored
  auto events = wf_->ListEvents(id, true).value();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, "flag_emergency");
  EXPECT_TRUE(events[1].internal);
  EXPECT_EQ(wf_->ListEvents(id, false)->size(), 0u);  // never in the public timeline
  EXPECT_EQ(wf_->ListAudit("", 10).value().front().action, "flag_emergency");
  // Flagged twice: a conflict, and no second push.
  auto again =
      flow_->Act(agent_, id, {.action = Action::kFlagEmergency, .version = 2, .text = "again"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);

  EXPECT_EQ(worker_->RunOnce(kUrgentLane).value(), 1);
  auto pushes = dispatch_->Files("req-");
  ASSERT_EQ(pushes.size(), 1u);
  json::object body =
      json::parse(json::parse(pushes[0]).as_object()["body"].as_string()).as_object();
  EXPECT_EQ(body["service_request_id"].as_string(), std::to_string(id));
  EXPECT_EQ(body["flagged_reason"].as_string(), "Caller reports sparking cable");
  EXPECT_EQ(body["callback_phone"].as_string(), "555-0100");
  RunUntil(120);
  EXPECT_EQ(dispatch_->Files("req-").size(), 1u);  // acknowledged: sent once
  EXPECT_TRUE(AlertMails().empty());
}

}  // namespace
}  // namespace civic311::testing
