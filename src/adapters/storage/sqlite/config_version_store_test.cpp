// Configuration versions in SQLite (migration 0016) and ConfigAdmin on top of them: validated
// before anything is stored, one version per save, concurrent saves refused, revert, publish to
// the live city. The loader here is a stand-in (a City named after the document); the real one
// is tested in adapters/config and end to end in tests/integration/admin_test.cpp.
#include "adapters/storage/sqlite/config_version_store.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "app/config_admin.hpp"
#include "app/config_follower.hpp"
#include "test_support.hpp"

namespace civic311 {
namespace {

using testing::Day;
using testing::TempDir;

const Actor kAdmin{7, Role::kAdmin, {}, false};

std::shared_ptr<const City> Named(std::string name) {
  auto c = std::make_shared<City>();
  c->name = std::move(name);
  return c;
}

class ConfigVersions : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStore::Options o;
    o.path = dir_.File("c.db");
    o.clock = &clock_;
    store_ = std::move(SqliteStore::Open(o)).value();
    versions_ = std::make_unique<SqliteConfigVersions>(*store_, &clock_);
    auto first = std::make_shared<City>();  // what serve would have loaded: "alpha"
    first->name = "alpha";
    live_ = std::make_shared<LiveCity>(first);
    ConfigAdmin::Deps d;
    d.live = live_;
    d.store = versions_.get();
    d.clock = &clock_;
    // "bad …" documents have one mistake; any other text is a city of that name.
    d.load = [](std::string_view toml, std::string_view) -> Result<std::shared_ptr<const City>> {
      if (toml.rfind("bad", 0) == 0) {
        Error e = Error::InvalidArgument("city config has 1 mistake");
        e.fields.push_back({"admin:1:1 services[0].sla", "not an SLA"});
        return e;
      }
      auto c = std::make_shared<City>();
      c->name = std::string(toml);
      return std::shared_ptr<const City>(c);
    };
    d.catalogue = [](const City& c) { return c.name.substr(0, 1); };
    d.catalogue_moved = [this](Timestamp t) { moved_.push_back(t); };
    admin_ = std::make_unique<ConfigAdmin>(std::move(d));
  }
  TempDir dir_;
  FakeClock clock_{Day(10)};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteConfigVersions> versions_;
  std::shared_ptr<LiveCity> live_;
  std::unique_ptr<ConfigAdmin> admin_;
  std::vector<Timestamp> moved_;
};

TEST_F(ConfigVersions, InitStoresVersionOneAndEachSaveTheNext) {
  ASSERT_TRUE(store_->SaveCityConfig("alpha", true).ok());
  EXPECT_EQ(*versions_->CurrentConfigVersion(), 1);
  clock_.Advance(std::chrono::seconds(60));
  auto saved = admin_->Save({kAdmin, "ada@city.example"}, "apple", "a note", 1);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved->number, 2);
  EXPECT_EQ(live_->Current()->name, "apple");  // published at once
  EXPECT_EQ(**store_->LoadCityConfig(), "apple");
  auto list = versions_->ListConfigVersions(10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].number, 2);
  EXPECT_EQ((*list)[0].author, "ada@city.example");
  EXPECT_EQ((*list)[0].author_user_id, 7);
  EXPECT_EQ((*list)[0].note, "a note");
  EXPECT_EQ((*list)[0].created_at, Day(10, 60));
  EXPECT_EQ((*list)[1].author, "civic311 init");
  // Same first letter: the catalogue did not change, so its version stays.
  EXPECT_TRUE(moved_.empty());
  EXPECT_EQ(**store_->CatalogueVersion(), Day(10));
}

TEST_F(ConfigVersions, AMistakeStoresAndPublishesNothing) {
  ASSERT_TRUE(store_->SaveCityConfig("alpha", true).ok());
  auto saved = admin_->Save({kAdmin, "ada"}, "bad sla", "", std::nullopt);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(saved.error().fields.size(), 1u);
  EXPECT_EQ(*versions_->CurrentConfigVersion(), 1);
  EXPECT_EQ(live_->Current()->name, "alpha");
}

TEST_F(ConfigVersions, OnlyAdminsMayChangeOrReadTheConfiguration) {
  ASSERT_TRUE(store_->SaveCityConfig("alpha", true).ok());
  for (Role role : {Role::kManager, Role::kStaff, Role::kAgent, Role::kResident}) {
    const Actor someone{9, role, {"PWD"}, false};
    EXPECT_EQ(admin_->Save({someone, "x"}, "beta", "", std::nullopt).error().code,
              ErrorCode::kPermissionDenied);
    EXPECT_FALSE(admin_->List(someone, 10).ok());
    EXPECT_FALSE(admin_->Revert({someone, "x"}, 1, std::nullopt).ok());
  }
  EXPECT_EQ(*versions_->CurrentConfigVersion(), 1);
}

TEST_F(ConfigVersions, TheSecondOfTwoConcurrentEditsIsRefused) {
  ASSERT_TRUE(store_->SaveCityConfig("alpha", true).ok());
  ASSERT_TRUE(admin_->Save({kAdmin, "ada"}, "apple", "", 1).ok());
  auto late = admin_->Save({kAdmin, "bob"}, "avocado", "", 1);  // also opened version 1
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_EQ(live_->Current()->name, "apple");
  EXPECT_EQ(*versions_->CurrentConfigVersion(), 2);
}

TEST_F(ConfigVersions, RevertStoresTheOldDocumentAsANewVersion) {
  ASSERT_TRUE(store_->SaveCityConfig("alpha", true).ok());
  clock_.Advance(std::chrono::seconds(5));
  ASSERT_TRUE(admin_->Save({kAdmin, "ada"}, "beta", "", std::nullopt).ok());
  ASSERT_EQ(moved_.size(), 1u);  // a different catalogue
  auto reverted = admin_->Revert({kAdmin, "ada"}, 1, 2);
  ASSERT_TRUE(reverted.ok());
  EXPECT_EQ(reverted->number, 3);
  EXPECT_EQ(reverted->note, "reverted to version 1");
  EXPECT_EQ(live_->Current()->name, "alpha");
  auto v3 = admin_->Get(kAdmin, 3);
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ(v3->toml, "alpha");
  EXPECT_EQ(admin_->Get(kAdmin, 99).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(admin_->Current(kAdmin)->number, 3);
}

// Another process on the same database: its own store handle, its own LiveCity (what a second
// `serve` holds), and a follower that looks by hand (CheckOnce) instead of every second.
TEST_F(ConfigVersions, AnotherProcessFollowsAVersionStoredHereAndNeverGoesBack) {
  ASSERT_TRUE(store_->SaveCityConfig("alpha", true).ok());
  SqliteStore::Options o;
  o.path = dir_.File("c.db");
  o.clock = &clock_;
  auto other_store = std::move(SqliteStore::Open(o)).value();
  SqliteConfigVersions other_versions(*other_store, &clock_);
  auto start = std::make_shared<City>();
  start->name = "alpha";
  auto other = std::make_shared<LiveCity>(start, 1);
  std::vector<std::string> heard;
  other->OnChange([&heard](const City& c) { heard.push_back(c.name); });
  std::vector<std::int64_t> published;
  ConfigFollower::Options fo;
  fo.published = [&published](const ConfigVersion& v) { published.push_back(v.number); };
  ConfigFollower follower(
      other_versions,
      [](std::string_view toml, std::string_view) -> Result<std::shared_ptr<const City>> {
        if (toml.rfind("bad", 0) == 0) return Error::InvalidArgument("city config has 1 mistake");
        auto c = std::make_shared<City>();
        c->name = std::string(toml);
        return std::shared_ptr<const City>(c);
      },
      other, fo);

  EXPECT_FALSE(*follower.CheckOnce());  // nothing new
  ASSERT_TRUE(admin_->Save({kAdmin, "ada@city.example"}, "apple", "", 1).ok());
  EXPECT_EQ(live_->version(), 2);
  EXPECT_EQ(other->Current()->name, "alpha");  // not before it looks
  EXPECT_TRUE(*follower.CheckOnce());
  EXPECT_EQ(other->Current()->name, "apple");
  EXPECT_EQ(other->version(), 2);
  EXPECT_EQ(heard, std::vector<std::string>{"apple"});
  EXPECT_EQ(published, std::vector<std::int64_t>{2});
  EXPECT_FALSE(*follower.CheckOnce());  // once only

  // A version this build's loader refuses (stored by a newer one) is skipped, not published.
  ASSERT_TRUE(versions_->SaveConfigVersion("bad future", false, {}, std::nullopt).ok());
  EXPECT_FALSE(*follower.CheckOnce());
  EXPECT_EQ(other->Current()->name, "apple");

  // The other process's own admin saves a newer version while an older one is being published:
  // the older never replaces it.
  EXPECT_TRUE(other->Publish(Named("cherry"), 9));
  EXPECT_FALSE(other->Publish(Named("apple"), 2));
  EXPECT_EQ(other->Current()->name, "cherry");
}

TEST_F(ConfigVersions, TheFollowerThreadPublishesWithinItsInterval) {
  ASSERT_TRUE(store_->SaveCityConfig("alpha", true).ok());
  auto other = std::make_shared<LiveCity>(Named("alpha"), 1);
  std::mutex mu;
  std::condition_variable cv;
  bool seen = false;
  other->OnChange([&](const City&) {
    std::lock_guard lock(mu);
    seen = true;
    cv.notify_all();
  });
  ConfigFollower::Options fo;
  fo.interval = std::chrono::milliseconds(10);
  ConfigFollower follower(
      *versions_,
      [](std::string_view toml, std::string_view) -> Result<std::shared_ptr<const City>> {
        return Named(std::string(toml));
      },
      other, fo);
  follower.Start();
  ASSERT_TRUE(admin_->Save({kAdmin, "ada@city.example"}, "banana", "", 1).ok());
  std::unique_lock lock(mu);
  EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return seen; }));
  lock.unlock();
  follower.Stop();
  EXPECT_EQ(other->Current()->name, "banana");
}

}  // namespace
}  // namespace civic311
