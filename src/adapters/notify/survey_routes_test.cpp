// The survey pages on a real SQLite store: a GET only asks (a link scanner answers nothing), a
// POST with the signed token records the answer through WorkflowService::AnswerSurvey, a forged
// token or another scope is refused, a too-long comment is shown again with the message.
#include "adapters/notify/survey_routes.hpp"

#include <gtest/gtest.h>

#include "adapters/storage/sqlite/notify_outbox_store.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "app/request_service.hpp"
#include "app/testing/test_city.hpp"

namespace civic311::testing {
namespace {

class SurveyRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CryptoInit();
    store_ = std::move(SqliteStore::Open({.path = dir_.File("survey.db")}).value());
    wf_ = std::make_unique<SqliteWorkflowStore>(*store_, &clock_);
    requests_ = std::make_unique<RequestService>(city_, *store_, *store_, clock_, wf_.get());
    flow_ = std::make_shared<WorkflowService>(city_, *store_, *wf_, *wf_, *wf_, clock_);
    outbox_ = std::make_unique<SqliteNotifyOutbox>(*store_);
    links_ = std::make_unique<notify::Links>("https://city.example", outbox_->LinkKey().value());
    notify::AddSurveyRoutes(
        router_, {&engine_, &catalog_, links_.get(), outbox_.get(), &clock_, "Testville"}, flow_);
    User staff;
    staff.email = "sam@testville.example";
    staff.display_name = "Sam";
    staff.role = Role::kStaff;
    staff.departments = {"PWD"};
    staff.password_hash = "x";
    const Actor sam = wf_->CreateUser(staff).value().ToActor();
    id_ = requests_->Submit(TestWorld::Pothole()).value().request.id;
    ASSERT_TRUE(flow_->Act(sam, id_, {.action = Action::kResolveFixed, .version = 1}).ok());
  }

  http::Response Call(http::Method m, std::vector<std::pair<std::string, std::string>> params) {
    http::Request req;
    req.method = m;
    req.path = "/notify/survey";
    if (m == http::Method::kGet)
      req.query = std::move(params);
    else
      req.form = std::move(params);
    auto match = router_.Find(m, req.path);
    EXPECT_NE(match.handler, nullptr);
    return (*match.handler)(req);
  }
  std::string Token(const std::string& answer) {
    return links_->Token(id_, "jane@example.org", answer);
  }

  TempDir dir_;
  std::shared_ptr<City> city_ = MakeTestville();
  FakeClock clock_{TestNow()};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteWorkflowStore> wf_;
  std::unique_ptr<RequestService> requests_;
  std::shared_ptr<WorkflowService> flow_;
  std::unique_ptr<SqliteNotifyOutbox> outbox_;
  std::unique_ptr<notify::Links> links_;
  assets::Assets assets_;
  assets::TemplateEngine engine_{assets_};
  assets::MessageCatalog catalog_ = assets::MessageCatalog::Load(assets_).value();
  http::Router router_;
  RequestId id_ = 0;
};

TEST_F(SurveyRoutesTest, AGetOnlyAsksAPostRecordsAndANoReopens) {
  auto page = Call(http::Method::kGet, {{"t", Token("yes")}});
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("method=\"post\""), std::string::npos);
  EXPECT_FALSE(wf_->LatestSurveyAnswer(id_, TestNow()).value().has_value());  // nothing yet
  auto yes = Call(http::Method::kPost, {{"t", Token("yes")}});
  EXPECT_EQ(yes.status, 200);
  EXPECT_NE(yes.body.find("we recorded that it is fixed"), std::string::npos) << yes.body;
  EXPECT_TRUE(wf_->LatestSurveyAnswer(id_, TestNow())->value().fixed);

  auto ask = Call(http::Method::kGet, {{"t", Token("no")}});
  EXPECT_NE(ask.body.find("name=\"comment\""), std::string::npos);
  EXPECT_NE(ask.body.find("reopen my report"), std::string::npos) << ask.body;
  auto too_long =
      Call(http::Method::kPost, {{"t", Token("no")}, {"comment", std::string(2001, 'x')}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_NE(too_long.body.find("under 2000 characters"), std::string::npos);
  auto no = Call(http::Method::kPost, {{"t", Token("no")}, {"comment", "<b>still</b> there"}});
  EXPECT_EQ(no.status, 200);
  EXPECT_NE(no.body.find("we reopened your report"), std::string::npos) << no.body;
  EXPECT_EQ(requests_->Get(id_)->state, RequestState::kReopened);
  auto late = Call(http::Method::kGet, {{"t", Token("yes")}});
  EXPECT_NE(late.body.find("no longer marked fixed"), std::string::npos) << late.body;
}

TEST_F(SurveyRoutesTest, ForgedTokensAndOtherScopesAreRefused) {
  std::string t = Token("no");
  t[t.size() - 1] = t.back() == '0' ? '1' : '0';
  EXPECT_EQ(Call(http::Method::kGet, {{"t", t}}).status, 400);
  EXPECT_EQ(Call(http::Method::kPost, {{"t", t}}).status, 400);
  EXPECT_EQ(Call(http::Method::kPost, {{"t", Token("stop")}}).status, 400);
  // A link for someone else's address answers nothing.
  EXPECT_EQ(
      Call(http::Method::kPost, {{"t", links_->Token(id_, "mallory@example.org", "no")}}).status,
      400);
  EXPECT_FALSE(wf_->LatestSurveyAnswer(id_, TestNow()).value().has_value());
  EXPECT_EQ(requests_->Get(id_)->state, RequestState::kFixed);
}

}  // namespace
}  // namespace civic311::testing
