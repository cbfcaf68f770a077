// E-mail delivery end to end: requests submitted and worked through the real services on a real
// SQLite outbox, delivered by the NotificationWorker through the libcurl EmailChannel to a real
// SMTP server on loopback (tests/notify/smtp_sink.py, aiosmtpd), which can be told to refuse
// (4xx, 5xx) or drop the connection. Time is a fake clock; nothing sleeps but the wait for the
// sink to start.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "adapters/notify/email_delivery_fixture.hpp"

namespace civic311::testing {
namespace {

TEST_F(EmailDeliveryTest, TheReporterHearsInTheirLanguageAndNeverOfInternalNotes) {
  SubmissionInput in = TestWorld::Pothole();
  in.phone.clear();  // e-mail only: SMS is not configured here
  in.locale = "es-MX";
  auto submitted = requests_->Submit(in);
  ASSERT_TRUE(submitted.ok());
  const RequestId id = submitted->request.id;
  const std::string secret = "ZEBRA-INTERNAL-4411";
  ASSERT_TRUE(
      flow_->Act(staff_, id, {.action = Action::kInternalNote, .version = 1, .text = secret}).ok());
  ASSERT_TRUE(
      flow_->Act(staff_, id, {.action = Action::kSchedule, .version = 2, .text = "Martes"}).ok());
  EXPECT_EQ(Drain(), 2);
  auto mails = sink_->Files("msg-");
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_NE(mails[0].find("X-Rcpt: jane@example.org"), std::string::npos);
  EXPECT_NE(mails[0].find("recibimos su reporte"), std::string::npos) << mails[0];
  EXPECT_NE(mails[0].find("Message-ID: <e"), std::string::npos);
  EXPECT_NE(mails[0].find("https://city.example/requests/" + std::to_string(id)),
            std::string::npos);
  EXPECT_NE(mails[0].find("List-Unsubscribe: <https://city.example/notify/stop?t="),
            std::string::npos);
  EXPECT_NE(mails[1].find("Nota de la ciudad: Martes"), std::string::npos) << mails[1];
  for (const std::string& m : mails) {
    EXPECT_EQ(m.find(secret), std::string::npos) << m;
    EXPECT_EQ(m.find("555-0100"), std::string::npos);
    EXPECT_EQ(m.find("device-42"), std::string::npos);
  }
  EXPECT_TRUE(Pending().empty());
  EXPECT_EQ(Drain(), 0);  // nothing is sent twice
  EXPECT_EQ(sink_->Files("msg-").size(), 2u);
}

TEST_F(EmailDeliveryTest, RefusalsAndDroppedConnectionsAreRetriedThenDelivered) {
  sink_->Set("mode", "4xx");
  ASSERT_TRUE(requests_->Submit(EmailOnly()).ok());
  EXPECT_EQ(Drain(), 1);
  auto pending = Pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_NE(pending[0].last_error.find("451"), std::string::npos) << pending[0].last_error;
  EXPECT_EQ(pending[0].attempt, 1);
  EXPECT_EQ(Drain(), 0);  // not due before its backoff

  sink_->Set("mode", "drop");
  clock_.Advance(std::chrono::minutes(1));
  EXPECT_EQ(Drain(), 1);
  pending = Pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].attempt, 2);
  EXPECT_FALSE(pending[0].parked_at.has_value());

  sink_->Set("mode", "ok");
  clock_.Advance(std::chrono::minutes(5));
  EXPECT_EQ(Drain(), 1);
  EXPECT_TRUE(Pending().empty());
  auto mails = sink_->Files("msg-");
  ASSERT_EQ(mails.size(), 1u);
}

TEST_F(EmailDeliveryTest, PermanentRefusalAndAnExhaustedBudgetPark) {
  sink_->Set("mode", "5xx");
  ASSERT_TRUE(requests_->Submit(EmailOnly()).ok());
  EXPECT_EQ(Drain(), 1);
  auto parked = outbox_->List(true, 10).value();
  ASSERT_EQ(parked.size(), 1u);
  EXPECT_NE(parked[0].last_error.find("550"), std::string::npos);

  sink_->Set("mode", "4xx");
  ASSERT_TRUE(requests_->Submit(EmailOnly()).ok());
  EXPECT_EQ(Drain(), 1);
  EXPECT_EQ(outbox_->List(true, 10)->size(), 1u);  // the 4xx one only fails
  clock_.Advance(std::chrono::hours(49));          // past the e-mail budget of 48 h
  EXPECT_EQ(Drain(), 1);
  EXPECT_EQ(outbox_->List(true, 10)->size(), 2u);

  // An admin retries every parked message: due now, with a fresh budget.
  sink_->Set("mode", "ok");
  EXPECT_EQ(outbox_->RetryAllParked(clock_.Now()).value(), 2);
  EXPECT_EQ(Drain(), 2);
  EXPECT_TRUE(Pending().empty());
  EXPECT_EQ(sink_->Files("msg-").size(), 2u);
}

TEST_F(EmailDeliveryTest, AResetTokenIsBlankedOnceDeliveredAndStopLinksAreHonoured) {
  OutboxMessage mail{.kind = "email", .event = "password_reset"};
  mail.recipient = "sam@testville.example";
  mail.secret = true;
  mail.Set("display_name", "Sam").Set("token", "TOKEN-123456");
  ASSERT_TRUE(wf_->CreatePasswordReset("hash", staff_.user_id, clock_.Now(), &mail).ok());
  EXPECT_EQ(Drain(), 1);
  auto mails = sink_->Files("msg-");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("TOKEN-123456"), std::string::npos);
  auto db = sqlite::Db::Open(dir_.File("mail.db"), SQLITE_OPEN_READONLY);
  ASSERT_TRUE(db.ok());
  auto st = (*db)->Prepare("SELECT payload FROM outbox WHERE event = 'password_reset'");
  ASSERT_TRUE(st.ok() && st->Step().value());
  EXPECT_EQ(st->String(0).find("TOKEN-123456"), std::string::npos) << st->String(0);

  // The reporter stopped messages about this request: nothing more is sent.
  auto submitted = requests_->Submit(EmailOnly());
  ASSERT_TRUE(submitted.ok());
  ASSERT_TRUE(outbox_->Stop("Jane@Example.org", submitted->request.id, clock_.Now()).ok());
  EXPECT_EQ(Drain(), 1);
  EXPECT_EQ(sink_->Files("msg-").size(), 1u);
  EXPECT_TRUE(Pending().empty());
}

}  // namespace
}  // namespace civic311::testing
