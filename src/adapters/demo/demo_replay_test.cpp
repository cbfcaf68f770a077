#include "adapters/demo/demo_replay.hpp"

#include <gtest/gtest.h>

#include <set>

#include "adapters/config/city_config.hpp"
#include "adapters/config/gazetteer_csv.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"

namespace civic311 {
namespace {

TEST(DemoReplay, RecordsParse) {
  auto records = ParseDemoRequests(MaybeGunzip(DemoRequestsCsvGz()).value());
  ASSERT_TRUE(records.ok()) << records.error().message;
  EXPECT_EQ(records->size(), 3000u);
  for (const DemoRecord& d : *records) {
    EXPECT_LE(d.opened, 0);
    EXPECT_GE(d.opened, -91LL * 86400);
  }
  EXPECT_FALSE(ParseDemoRequests("wrong,header\n").ok());
}

// A slice of the records into a real database: every request stored with its timeline, in the
// last 90 days, open and closed states spread, events in time order and ending in the state.
TEST(DemoReplay, ReplaysIntoTheWorkflowStore) {
  auto city = LoadCityConfig(DemoCityToml(), "demo-city.toml").value();
  auto all = ParseDemoRequests(MaybeGunzip(DemoRequestsCsvGz()).value()).value();
  std::vector<DemoRecord> records;
  for (std::size_t i = 0; i < all.size(); i += 5) records.push_back(all[i]);  // 600, spread

  testing::TempDir dir;
  SqliteStore::Options o;
  o.path = dir.File("demo.db");
  auto store = std::move(SqliteStore::Open(o)).value();
  FakeClock clock(testing::Day(100));
  SqliteWorkflowStore workflow(*store, &clock);
  auto stats = ReplayDemoRequests(*city, records, workflow, nullptr, {}, clock.Now(), 4);
  ASSERT_TRUE(stats.ok()) << stats.error().message << stats.error().detail;
  EXPECT_EQ(stats->requests + stats->skipped, static_cast<int>(records.size()));
  EXPECT_GT(stats->requests, 550);
  EXPECT_GT(stats->open, 20);

  RequestQuery q;
  q.limit = 1000;
  q.include_internal = true;
  auto stored = store->List(q).value();
  ASSERT_EQ(static_cast<int>(stored.size()), stats->requests);
  std::set<RequestState> states;
  for (const ServiceRequest& r : stored) {
    states.insert(r.state);
    EXPECT_GE(r.requested_at, clock.Now() - std::chrono::hours(24 * 91));
    EXPECT_LE(r.updated_at, clock.Now());
    auto events = workflow.ListEvents(r.id, /*include_internal=*/true).value();
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front().kind, "created");
    EXPECT_EQ(events.back().state, r.state);
    for (std::size_t i = 1; i < events.size(); ++i) EXPECT_LE(events[i - 1].at, events[i].at);
  }
  for (RequestState s :
       {RequestState::kSubmitted, RequestState::kAcknowledged, RequestState::kInProgress,
        RequestState::kFixed, RequestState::kDuplicate, RequestState::kNoFurtherAction}) {
    EXPECT_TRUE(states.contains(s)) << StateName(s);
  }
}

}  // namespace
}  // namespace civic311
