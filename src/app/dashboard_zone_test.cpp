// DashboardZoneKeeper: the city's zone reaches the dashboard's store at start-up and whenever a
// published city has another zone, never for other changes of the city.
#include "app/dashboard_zone.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace civic311 {
namespace {

class ZoneRecorder final : public DashboardStore {
 public:
  Result<DashboardFigures> Figures(const DashboardQuery&) override { return DashboardFigures{}; }
  Result<bool> UseZone(const std::string& name,
                       const std::vector<UtcOffsetSpan>& offsets) override {
    std::lock_guard lock(mu);
    zones.push_back(name);
    spans = offsets.size();
    cv.notify_all();
    return true;
  }
  // Waits (up to a minute, never expected) until `n` zones have been handed over.
  std::vector<std::string> WaitFor(size_t n) {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::minutes(1), [&] { return zones.size() >= n; });
    return zones;
  }
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> zones;
  size_t spans = 0;
};

std::shared_ptr<const City> CityIn(const std::string& zone, const std::string& name = "C") {
  auto city = std::make_shared<City>();
  city->name = name;
  CalendarSpec spec;
  spec.timezone = zone;
  city->calendar = *CityCalendar::Create(spec);
  return city;
}

TEST(DashboardZoneKeeper, HandsTheCitysZoneOverAtStartAndWhenItChanges) {
  ZoneRecorder store;
  LiveCity live(CityIn("America/New_York"));
  {
    DashboardZoneKeeper keeper(store);
    ASSERT_TRUE(keeper.UseCity(*live.Current()).ok());
    EXPECT_EQ(store.WaitFor(1), std::vector<std::string>{"America/New_York"});
    EXPECT_GT(store.spans, 100u);
    keeper.Follow(live);
    live.Replace(CityIn("America/New_York", "renamed"));  // another change: no recount
    live.Replace(CityIn("Europe/Amsterdam"));
    EXPECT_EQ(store.WaitFor(2), (std::vector<std::string>{"America/New_York", "Europe/Amsterdam"}));
    live.Replace(CityIn("America/New_York"));
    EXPECT_EQ(store.WaitFor(3).back(), "America/New_York");
  }  // the keeper joins its thread
  std::lock_guard lock(store.mu);
  EXPECT_EQ(store.zones.size(), 3u);
}

}  // namespace
}  // namespace civic311
