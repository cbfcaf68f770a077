// The survey, the duplicates' parent outcome and staff alerts, end to end over a real SMTP
// server (tests/notify/smtp_sink.py): real services, a real SQLite outbox, the libcurl e-mail
// channel, a fake clock. The survey answers come from the links the reporter received.
#include <gtest/gtest.h>

#include "adapters/notify/email_delivery_fixture.hpp"
#include "app/staff_alerts.hpp"

namespace civic311::testing {
namespace {

class AlertsDeliveryTest : public EmailDeliveryTest {
 protected:
  // The messages the sink received for `to`, in order.
  std::vector<std::string> MailsTo(const std::string& to) {
    std::vector<std::string> out;
    for (std::string& m : sink_->Files("msg-"))
      if (m.find("X-Rcpt: " + to) != std::string::npos) out.push_back(std::move(m));
    return out;
  }
  // The claim of the survey link `answer` ("yes"/"no") in a received message.
  notify::LinkClaim SurveyClaim(const std::string& mail, const std::string& answer) {
    const std::string marker = "/notify/survey?t=";
    for (size_t at = mail.find(marker); at != std::string::npos; at = mail.find(marker, at + 1)) {
      const size_t from = at + marker.size();
      const size_t end = mail.find_first_of(" \r\n\"<", from);
      auto claim = renderer_->links().Verify(mail.substr(from, end - from));
      if (claim && claim->scope == answer) return *claim;
    }
    ADD_FAILURE() << "no " << answer << " link in " << mail;
    return {};
  }
  Actor Staff(const std::string& email, QueueAlerts q, const std::string& lang) {
    User u;
    u.email = email;
    u.display_name = email.substr(0, email.find('@'));
    u.role = Role::kStaff;
    u.departments = {"PWD"};
    u.password_hash = "x";
    Actor a = wf_->CreateUser(u).value().ToActor();
    EXPECT_TRUE(flow_->SetAlertSettings(a, q, lang).ok());
    return a;
  }
  // A reported (e-mail only) and resolved request; its id. Drains the outbox.
  RequestId ResolvedRequest() {
    auto submitted = requests_->Submit(EmailOnly());
    EXPECT_TRUE(submitted.ok());
    const RequestId id = submitted->request.id;
    EXPECT_TRUE(flow_->Act(staff_, id, {.action = Action::kResolveFixed, .version = 1}).ok());
    Drain();
    return id;
  }
  SurveyInput FromLink(const notify::LinkClaim& c, std::string comment = {}) {
    return SurveyInput{c.request_id, c.scope == "yes", std::move(comment), "email", c.address};
  }
};

TEST_F(AlertsDeliveryTest, SurveyYesIsRecordedOnceAndNoReopensWithTheCommentForStaffOnly) {
  const RequestId id = ResolvedRequest();
  auto jane = MailsTo("jane@example.org");
  ASSERT_EQ(jane.size(), 2u);  // received, resolved
  const auto yes = SurveyClaim(jane[1], "yes");
  const auto no = SurveyClaim(jane[1], "no");
  EXPECT_EQ(yes.request_id, id);
  EXPECT_EQ(flow_->AnswerSurvey(Actor::Anonymous(), FromLink(yes)).value(), SurveyOutcome::kThanks);
  EXPECT_EQ(flow_->AnswerSurvey(Actor::Anonymous(), FromLink(yes)).value(),
            SurveyOutcome::kAlreadyAnswered);
  // A link for another address does not answer for the reporter.
  SurveyInput forged = FromLink(no);
  forged.link_address = "mallory@example.org";
  EXPECT_EQ(flow_->AnswerSurvey(Actor::Anonymous(), forged).error().code,
            ErrorCode::kPermissionDenied);

  const std::string comment = "Still a hole by the gate, says OKAPI-COMMENT-77";
  EXPECT_EQ(flow_->AnswerSurvey(Actor::Anonymous(), FromLink(no, comment)).value(),
            SurveyOutcome::kReopened);
  EXPECT_EQ(requests_->Get(id)->state, RequestState::kReopened);
  auto latest = wf_->LatestSurveyAnswer(id, TestNow()).value();
  ASSERT_TRUE(latest.has_value());
  EXPECT_FALSE(latest->fixed);
  EXPECT_EQ(latest->comment, comment);
  EXPECT_EQ(latest->source, "email");
  // The request is no longer marked fixed: a late click records nothing.
  EXPECT_EQ(flow_->AnswerSurvey(Actor::Anonymous(), FromLink(yes)).value(),
            SurveyOutcome::kNotAsked);

  EXPECT_EQ(Drain(), 2);  // the reporter's "reopened", the department's "not fixed"
  auto staff = MailsTo("pwd@testville.example");
  ASSERT_EQ(staff.size(), 1u);
  EXPECT_NE(staff[0].find("is not fixed, says the resident"), std::string::npos) << staff[0];
  EXPECT_NE(staff[0].find("OKAPI-COMMENT-77"), std::string::npos);
  jane = MailsTo("jane@example.org");
  ASSERT_EQ(jane.size(), 3u);
  EXPECT_EQ(jane[2].find("OKAPI-COMMENT-77"), std::string::npos) << jane[2];  // staff only
}

TEST_F(AlertsDeliveryTest, OnThePortalOnlyTheSignedInReporterAnswers) {
  auto resident = [&](const std::string& email) {
    User u;
    u.email = email;
    u.display_name = "R";
    u.role = Role::kResident;
    u.password_hash = "x";
    return wf_->CreateUser(u).value().ToActor();
  };
  const Actor reporter = resident("rita@example.org");
  const Actor other = resident("otto@example.org");
  SubmissionInput in = EmailOnly();
  in.channel = Channel::kWeb;
  auto created = flow_->CreateRequest(reporter, in);
  ASSERT_TRUE(created.ok()) << created.error().message;
  const RequestId id = created->id;
  ASSERT_TRUE(flow_->Act(staff_, id, {.action = Action::kResolveFixed, .version = 1}).ok());
  EXPECT_EQ(flow_->AnswerSurvey(other, SurveyInput{id, false, "", "portal", ""}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(flow_->AnswerSurvey(Actor::Anonymous(), SurveyInput{id, false, "", "portal", ""})
                .error()
                .code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(flow_->AnswerSurvey(reporter, SurveyInput{id, false, "", "portal", ""}).value(),
            SurveyOutcome::kReopened);
  auto answer = wf_->LatestSurveyAnswer(id, TestNow()).value();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->source, "portal");
  EXPECT_EQ(requests_->Get(id)->state, RequestState::kReopened);
}

TEST_F(AlertsDeliveryTest, ANoAfterTheReopenWindowIsRecordedAndStaffHearOfIt) {
  const RequestId id = ResolvedRequest();
  const auto no = SurveyClaim(MailsTo("jane@example.org").at(1), "no");
  clock_.Advance(city_->lifecycle.reopen_window + std::chrono::hours(1));
  EXPECT_FALSE(flow_->GetSurveyState(id)->can_reopen);
  EXPECT_EQ(flow_->AnswerSurvey(Actor::Anonymous(), FromLink(no, "still broken")).value(),
            SurveyOutcome::kTooLate);
  EXPECT_EQ(requests_->Get(id)->state, RequestState::kFixed);
  EXPECT_EQ(Drain(), 1);
  auto staff = MailsTo("pwd@testville.example");
  ASSERT_EQ(staff.size(), 1u);
  EXPECT_NE(staff[0].find("still broken"), std::string::npos);
  EXPECT_EQ(flow_->AnswerSurvey(Actor::Anonymous(), FromLink(no)).value(),
            SurveyOutcome::kAlreadyAnswered);
}

TEST_F(AlertsDeliveryTest, DuplicatesReportersHearTheParentsOutcomeOnceInTheirLanguage) {
  auto parent = requests_->Submit(EmailOnly());
  ASSERT_TRUE(parent.ok());
  SubmissionInput other = EmailOnly();
  other.email = "bob@example.org";
  other.locale = "es";
  auto child = requests_->Submit(other);
  ASSERT_TRUE(child.ok());
  const RequestId pid = parent->request.id, cid = child->request.id;
  ASSERT_TRUE(
      flow_->Act(staff_, cid, {.action = Action::kCloseDuplicate, .version = 1, .parent_id = pid})
          .ok());
  ASSERT_TRUE(flow_
                  ->Act(staff_, pid,
                        {.action = Action::kInternalNote, .version = 1, .text = "ZEBRA-INTERNAL-9"})
                  .ok());
  ASSERT_TRUE(
      flow_->Act(staff_, pid, {.action = Action::kResolveFixed, .version = 2, .text = "Patched"})
          .ok());
  Drain();
  auto bob = MailsTo("bob@example.org");
  ASSERT_EQ(bob.size(), 3u);  // received, duplicate, the parent's outcome
  const std::string& outcome = bob[2];
  EXPECT_NE(outcome.find("al que se unió el suyo"), std::string::npos) << outcome;
  EXPECT_NE(outcome.find("n.º " + std::to_string(cid)), std::string::npos);
  EXPECT_NE(outcome.find("https://city.example/requests/" + std::to_string(pid)),
            std::string::npos);
  EXPECT_NE(outcome.find("Patched"), std::string::npos);
  for (const std::string& m : bob) {  // nothing of the other reporter, nothing internal
    EXPECT_EQ(m.find("jane@example.org"), std::string::npos);
    EXPECT_EQ(m.find("ZEBRA-INTERNAL-9"), std::string::npos);
  }
  EXPECT_EQ(Drain(), 0);
  EXPECT_EQ(MailsTo("bob@example.org").size(), 3u);
}

TEST_F(AlertsDeliveryTest, StaffHearOfNewRequestsImmediatelyOrInOneDailyDigest) {
  const Actor ann = Staff("ann@testville.example", QueueAlerts::kImmediate, "es");
  Staff("ben@testville.example", QueueAlerts::kDigest, "en");
  Staff("cal@testville.example", QueueAlerts::kOff, "en");
  StaffDigestService digests(*wf_, clock_);
  clock_.Advance(std::chrono::minutes(5));
  auto first = requests_->Submit(EmailOnly());
  ASSERT_TRUE(first.ok());
  clock_.Advance(std::chrono::hours(3));
  ASSERT_TRUE(requests_->Submit(EmailOnly()).ok());
  EXPECT_EQ(digests.SendDue().value(), 0);  // not a day yet
  Drain();
  auto to_ann = MailsTo("ann@testville.example");
  ASSERT_EQ(to_ann.size(), 2u);
  EXPECT_NE(to_ann[0].find("nueva solicitud n.º " + std::to_string(first->request.id)),
            std::string::npos)
      << to_ann[0];
  EXPECT_EQ(to_ann[0].find("jane@example.org"), std::string::npos);  // no reporter details
  EXPECT_TRUE(MailsTo("ben@testville.example").empty());
  EXPECT_TRUE(MailsTo("cal@testville.example").empty());

  clock_.Advance(std::chrono::hours(21));
  EXPECT_EQ(digests.SendDue().value(), 1);
  EXPECT_EQ(digests.SendDue().value(), 0);  // once
  Drain();
  auto to_ben = MailsTo("ben@testville.example");
  ASSERT_EQ(to_ben.size(), 1u);
  EXPECT_NE(to_ben[0].find("2 new requests in your queues"), std::string::npos) << to_ben[0];
  EXPECT_NE(to_ben[0].find("#" + std::to_string(first->request.id) + " Pothole"),
            std::string::npos);

  // Assignment to them: in their language, once.
  ASSERT_TRUE(flow_
                  ->Act(staff_, first->request.id,
                        {.action = Action::kAssign, .version = 1, .assignee_user_id = ann.user_id})
                  .ok());
  EXPECT_EQ(Drain(), 1);
  to_ann = MailsTo("ann@testville.example");
  ASSERT_EQ(to_ann.size(), 3u);
  EXPECT_NE(to_ann[2].find("asign"), std::string::npos) << to_ann[2];
}

}  // namespace
}  // namespace civic311::testing
