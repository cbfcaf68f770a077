#include "domain/sla_clock.hpp"

#include <date/tz.h>
#include <gtest/gtest.h>

#include "base/time_format.hpp"

namespace civic311 {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Timestamp Ny(int y, unsigned m, unsigned d, int hh, int mm = 0) {
  const auto local =
      date::local_days(date::year(y) / date::month(m) / date::day(d)) + hours(hh) + minutes(mm);
  return date::locate_zone("America/New_York")->to_sys(local, date::choose::earliest);
}

// New York office hours (Mon–Fri 08:00–17:00, MLK Day off); POTHOLE: 3 business days;
// STREETLIGHT: 48 hours; due soon: 4 business hours.
City MakeCity() {
  City city;
  CalendarSpec spec;
  spec.timezone = "America/New_York";
  spec.holidays.insert(std::chrono::sys_days(date::sys_days(date::year(2026) / 1 / 19)));
  city.calendar = CityCalendar::Create(spec).value();
  Service pothole;
  pothole.code = "POTHOLE";
  pothole.sla = {3, SlaUnit::kBusinessDays};
  Service light;
  light.code = "STREETLIGHT";
  light.sla = {48, SlaUnit::kHours};
  city.services = {pothole, light};
  city.due_soon = {4, SlaUnit::kBusinessHours};
  return city;
}

TEST(SlaClock, EnteringAClockStoppingStatePauses) {
  City city = MakeCity();
  SlaClock c{Ny(2026, 1, 8, 10), std::nullopt, 0};
  SlaClock next =
      NextSlaClock(city, "POTHOLE", c, RequestState::kWaitingResident, false, Ny(2026, 1, 5, 11));
  EXPECT_EQ(next.paused_at, Ny(2026, 1, 5, 11));
  EXPECT_EQ(next.expected_at, c.expected_at);  // unchanged until the clock runs again
  // Moving on to another clock-stopping state keeps the first pause start.
  SlaClock still = NextSlaClock(city, "POTHOLE", next, RequestState::kWaitingThirdParty, false,
                                Ny(2026, 1, 6, 9));
  EXPECT_EQ(still.paused_at, Ny(2026, 1, 5, 11));
}

TEST(SlaClock, ResumingPushesTheDueTimeBackByTheBusinessTimePaused) {
  City city = MakeCity();
  // Paused Friday 16 Jan 16:00, resumed Tuesday 20 Jan 10:00: 1 h + (weekend, MLK Day) + 2 h.
  SlaClock paused{Ny(2026, 1, 21, 10), Ny(2026, 1, 16, 16), 0};
  SlaClock next =
      NextSlaClock(city, "POTHOLE", paused, RequestState::kInProgress, false, Ny(2026, 1, 20, 10));
  EXPECT_FALSE(next.paused_at);
  // Due Wednesday 10:00 + 3 business hours = Wednesday 13:00.
  EXPECT_EQ(next.expected_at, Ny(2026, 1, 21, 13));
  EXPECT_EQ(next.cycle, 0);
}

TEST(SlaClock, ElapsedTimeTargetsAreExtendedByElapsedTime) {
  City city = MakeCity();
  SlaClock paused{Ny(2026, 1, 5, 10), Ny(2026, 1, 3, 12), 0};  // paused over a weekend
  SlaClock next = NextSlaClock(city, "STREETLIGHT", paused, RequestState::kInProgress, false,
                               Ny(2026, 1, 4, 12));
  EXPECT_EQ(next.expected_at, Ny(2026, 1, 6, 10));  // + 24 elapsed hours
}

TEST(SlaClock, ClosingClearsThePauseAndKeepsTheDueTime) {
  City city = MakeCity();
  SlaClock paused{Ny(2026, 1, 8, 10), Ny(2026, 1, 5, 11), 0};
  SlaClock next =
      NextSlaClock(city, "POTHOLE", paused, RequestState::kFixed, false, Ny(2026, 1, 6, 11));
  EXPECT_FALSE(next.paused_at);
  EXPECT_EQ(next.expected_at, Ny(2026, 1, 8, 10));
}

TEST(SlaClock, RestartStartsANewCycleFromNow) {
  City city = MakeCity();
  SlaClock old{Ny(2026, 1, 8, 10), std::nullopt, 0};
  SlaClock next =
      NextSlaClock(city, "POTHOLE", old, RequestState::kReopened, true, Ny(2026, 2, 2, 9));
  EXPECT_EQ(next.cycle, 1);
  EXPECT_EQ(next.expected_at, Ny(2026, 2, 5, 9));
  EXPECT_FALSE(next.paused_at);
  // Restarted while waiting (a transfer in waiting_resident): the new cycle starts paused.
  SlaClock waiting =
      NextSlaClock(city, "POTHOLE", next, RequestState::kWaitingResident, true, Ny(2026, 2, 3, 9));
  EXPECT_EQ(waiting.cycle, 2);
  EXPECT_EQ(waiting.paused_at, Ny(2026, 2, 3, 9));
}

TEST(SlaClock, ConfiguredClockStoppingStatesAreHonoured) {
  City city = MakeCity();
  city.lifecycle.clock_stopping = {RequestState::kActionScheduled};
  SlaClock c{Ny(2026, 1, 8, 10), std::nullopt, 0};
  EXPECT_FALSE(
      NextSlaClock(city, "POTHOLE", c, RequestState::kWaitingResident, false, Ny(2026, 1, 5, 11))
          .paused_at);
  EXPECT_TRUE(
      NextSlaClock(city, "POTHOLE", c, RequestState::kActionScheduled, false, Ny(2026, 1, 5, 11))
          .paused_at);
}

TEST(SlaStatus, PausedIsNeitherOverdueNorDueSoon) {
  City city = MakeCity();
  const Timestamp now = Ny(2026, 1, 6, 10);
  auto status = [&](std::optional<Timestamp> due, std::optional<Timestamp> paused,
                    RequestState s = RequestState::kInProgress) {
    return SlaStatusName(EvaluateSla(city, s, SlaClock{due, paused, 0}, now));
  };
  EXPECT_EQ(status(Ny(2026, 1, 5, 10), std::nullopt), "overdue");
  EXPECT_EQ(status(Ny(2026, 1, 5, 10), Ny(2026, 1, 5, 9)), "paused");
  EXPECT_EQ(status(Ny(2026, 1, 6, 13), std::nullopt), "due_soon");  // within 4 business hours
  EXPECT_EQ(status(Ny(2026, 1, 6, 14), std::nullopt), "due_soon");  // exactly at the horizon
  EXPECT_EQ(status(Ny(2026, 1, 6, 15), std::nullopt), "on_track");
  EXPECT_EQ(status(Ny(2026, 1, 5, 10), std::nullopt, RequestState::kFixed), "closed");
  EXPECT_EQ(status(std::nullopt, std::nullopt), "no_target");
}

TEST(SlaStatus, DueSoonHorizonRunsOnTheCalendar) {
  City city = MakeCity();
  // Friday 16:00 + 4 business hours = Monday 11:00.
  EXPECT_EQ(DueSoonHorizon(city, Ny(2026, 1, 2, 16)), Ny(2026, 1, 5, 11));
  city.due_soon = {};
  EXPECT_FALSE(DueSoonHorizon(city, Ny(2026, 1, 2, 16)));
}

}  // namespace
}  // namespace civic311
