// DashboardService: the policy decides who sees which figures, and the chosen period becomes
// whole days of the city with the same number of days just before it.
#include "app/dashboard_service.hpp"

#include <gtest/gtest.h>

namespace civic311 {
namespace {

class RecordingStore final : public DashboardStore {
 public:
  Result<DashboardFigures> Figures(const DashboardQuery& q) override {
    last = q;
    ++calls;
    return DashboardFigures{};
  }
  Result<bool> UseZone(const std::string&, const std::vector<UtcOffsetSpan>&) override {
    return false;
  }
  DashboardQuery last;
  int calls = 0;
};

// 2026-12-06T15:00:00Z: day 20428.
const Timestamp kNow = Timestamp(std::chrono::seconds(20428LL * 86400 + 15 * 3600));

struct World {
  RecordingStore store;
  FakeClock clock{kNow};
  DashboardService service{store, clock};
};

const Actor kAdmin{1, Role::kAdmin, {}, false};
const Actor kManager{2, Role::kManager, {"PWD"}, false};
const Actor kStaff{3, Role::kStaff, {"PWD"}, false};
const Actor kAgent{4, Role::kAgent, {"CC311"}, false};
const Actor kResident{5, Role::kResident, {}, false};
const Actor kAnonymous{0, Role::kResident, {}, true};

TEST(DashboardService, ViewReportsDecidesWhoSeesWhat) {
  World w;
  struct Case {
    const Actor* actor;
    std::string department;
    bool allowed;
  } cases[] = {
      {&kAdmin, "", true},       {&kAdmin, "SAN", true},     {&kManager, "PWD", true},
      {&kManager, "SAN", false}, {&kManager, "", false},     {&kStaff, "PWD", true},
      {&kStaff, "", false},      {&kAgent, "CC311", false},  {&kAgent, "", false},
      {&kResident, "", false},   {&kResident, "PWD", false}, {&kAnonymous, "PWD", false},
  };
  for (const Case& c : cases) {
    DashboardRequest in;
    in.department_code = c.department;
    auto got = w.service.Build(*c.actor, in);
    EXPECT_EQ(got.ok(), c.allowed) << RoleName(c.actor->role) << " " << c.department;
    EXPECT_EQ(DashboardService::MaySee(*c.actor, c.department), c.allowed);
    if (!got.ok()) {
      EXPECT_EQ(got.error().code,
                c.actor->anonymous ? ErrorCode::kUnauthenticated : ErrorCode::kPermissionDenied);
    }
  }
  EXPECT_EQ(w.store.calls, 4);  // refused visits never reach the store
}

TEST(DashboardService, LastDaysEndTodayWithThePreviousPeriodJustBefore) {
  World w;
  DashboardRequest in;
  in.department_code = "PWD";
  in.days = 30;
  auto got = w.service.Build(kManager, in);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->query.current.first_day, 20428 - 29);
  EXPECT_EQ(got->query.current.last_day, 20428);
  EXPECT_EQ(got->query.previous.first_day, 20428 - 59);
  EXPECT_EQ(got->query.previous.last_day, 20428 - 30);
  EXPECT_EQ(got->query.now, kNow);
  EXPECT_EQ(w.store.last.department_code, "PWD");
}

TEST(DashboardService, ChosenDaysAreCheckedNotGuessed) {
  World w;
  DashboardRequest in;
  in.from_day = 20400;
  in.to_day = 20409;
  auto got = w.service.Build(kAdmin, in);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->query.previous.first_day, 20390);
  EXPECT_EQ(got->query.previous.last_day, 20399);

  auto refused = [&](std::optional<std::int64_t> from, std::optional<std::int64_t> to, int days) {
    DashboardRequest bad;
    bad.from_day = from;
    bad.to_day = to;
    bad.days = days;
    auto r = w.service.Build(kAdmin, bad);
    return !r.ok() && r.error().code == ErrorCode::kInvalidArgument;
  };
  EXPECT_TRUE(refused(20409, 20400, 30));               // reversed
  EXPECT_TRUE(refused(20400, 20429, 30));               // ends tomorrow
  EXPECT_TRUE(refused(20000, 20400, 30));               // longer than a year
  EXPECT_TRUE(refused(20400, std::nullopt, 30));        // half a range
  EXPECT_TRUE(refused(std::nullopt, std::nullopt, 0));  // no days
  EXPECT_TRUE(refused(std::nullopt, std::nullopt, 367));
  EXPECT_FALSE(refused(std::nullopt, std::nullopt, 366));
}

// "Today" is the city's: at 03:00 UTC it is still yesterday evening in New York, so the last
// days end on the city's date, not on UTC's.
TEST(DashboardService, TodayIsTheCitysDay) {
  auto city = std::make_shared<City>();
  CalendarSpec spec;
  spec.timezone = "America/New_York";
  auto calendar = CityCalendar::Create(spec);
  ASSERT_TRUE(calendar.ok());
  city->calendar = *calendar;
  RecordingStore store;
  FakeClock clock{Timestamp(std::chrono::seconds(20428LL * 86400 + 3 * 3600))};
  DashboardService service(store, clock, CitySource(city));
  DashboardRequest in;
  in.days = 7;
  auto got = service.Build(kAdmin, in);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->query.current.last_day, 20427);
  EXPECT_EQ(got->query.current.first_day, 20427 - 6);
  in.from_day = 20428;  // the UTC date, but tomorrow in the city
  in.to_day = 20428;
  EXPECT_EQ(service.Build(kAdmin, in).error().code, ErrorCode::kInvalidArgument);
  // Without a city: UTC days, as before.
  DashboardService utc(store, clock);
  in.from_day.reset();
  in.to_day.reset();
  EXPECT_EQ(utc.Build(kAdmin, in)->query.current.last_day, 20428);
}

}  // namespace
}  // namespace civic311
