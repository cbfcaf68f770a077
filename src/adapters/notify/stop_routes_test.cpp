// The stop-link pages on a real SQLite outbox: a GET only shows the choice (a link scanner stops
// nothing), a POST with the signed token stops, a forged or missing token is refused.
#include "adapters/notify/stop_routes.hpp"

#include <gtest/gtest.h>

#include "adapters/storage/sqlite/notify_outbox_store.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "app/testing/test_city.hpp"

namespace civic311::testing {
namespace {

class StopRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CryptoInit();
    store_ = std::move(SqliteStore::Open({.path = dir_.File("stop.db")}).value());
    outbox_ = std::make_unique<SqliteNotifyOutbox>(*store_);
    links_ = std::make_unique<notify::Links>("https://city.example", outbox_->LinkKey().value());
    notify::AddStopRoutes(router_,
                          {&engine_, &catalog_, links_.get(), outbox_.get(), &clock_, "Testville"});
  }

  http::Response Call(http::Method m, std::vector<std::pair<std::string, std::string>> params) {
    http::Request req;
    req.method = m;
    req.path = "/notify/stop";
    if (m == http::Method::kGet)
      req.query = std::move(params);
    else
      req.form = std::move(params);
    auto match = router_.Find(m, req.path);
    EXPECT_NE(match.handler, nullptr);
    return (*match.handler)(req);
  }

  TempDir dir_;
  FakeClock clock_{TestNow()};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteNotifyOutbox> outbox_;
  std::unique_ptr<notify::Links> links_;
  assets::Assets assets_;
  assets::TemplateEngine engine_{assets_};
  assets::MessageCatalog catalog_ = assets::MessageCatalog::Load(assets_).value();
  http::Router router_;
};

TEST_F(StopRoutesTest, AGetOnlyAsksAPostStops) {
  const std::string t = links_->Token(12, "jane@example.org", "stop");
  auto page = Call(http::Method::kGet, {{"t", t}});
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("method=\"post\""), std::string::npos);
  EXPECT_NE(page.body.find("jane@example.org"), std::string::npos);
  EXPECT_FALSE(outbox_->IsStopped("jane@example.org", 12).value());  // a scanner stops nothing

  auto stopped = Call(http::Method::kPost, {{"t", t}, {"scope", "request"}});
  EXPECT_EQ(stopped.status, 200);
  EXPECT_TRUE(outbox_->IsStopped("jane@example.org", 12).value());
  EXPECT_FALSE(outbox_->IsStopped("jane@example.org", 13).value());

  // RFC 8058 one-click from the mail client: this request; scope=all: everything.
  auto one_click = Call(http::Method::kPost, {{"t", links_->Token(13, "jane@example.org", "stop")},
                                              {"List-Unsubscribe", "One-Click"}});
  EXPECT_EQ(one_click.status, 200);
  EXPECT_TRUE(outbox_->IsStopped("jane@example.org", 13).value());
  EXPECT_EQ(Call(http::Method::kPost, {{"t", t}, {"scope", "all"}}).status, 200);
  EXPECT_TRUE(outbox_->IsStopped("JANE@example.org", 99).value());
}

TEST_F(StopRoutesTest, ForgedTokensAndOtherScopesAreRefused) {
  std::string t = links_->Token(12, "jane@example.org", "stop");
  t[0] = '9';
  EXPECT_EQ(Call(http::Method::kGet, {{"t", t}}).status, 400);
  EXPECT_EQ(Call(http::Method::kPost, {{"t", t}}).status, 400);
  EXPECT_EQ(Call(http::Method::kPost, {}).status, 400);
  // A survey token is not a stop token.
  EXPECT_EQ(Call(http::Method::kPost, {{"t", links_->Token(12, "jane@example.org", "no")}}).status,
            400);
  auto bad = Call(http::Method::kGet, {{"t", "<script>"}});
  EXPECT_EQ(bad.body.find("<script>"), std::string::npos);
  EXPECT_NE(bad.headers.size(), 0u);  // CSP and no-store
  EXPECT_FALSE(outbox_->IsStopped("jane@example.org", 12).value());
}

}  // namespace
}  // namespace civic311::testing
