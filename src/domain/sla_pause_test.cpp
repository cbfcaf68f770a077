#include "domain/sla_pause.hpp"

#include <gtest/gtest.h>

namespace civic311 {
namespace {

using std::chrono::hours;
using S = RequestState;

const Timestamp t0 = Timestamp{} + std::chrono::days(20000);

TEST(PausedTime, SumsEveryPauseAndCountsARunningOneUntilNow) {
  const LifecycleConfig config;  // waiting_third_party and waiting_resident stop the clock
  const std::vector<StateAt> history = {
      {t0, S::kSubmitted},
      {t0 + hours(1), S::kWaitingThirdParty},  // paused 3 h
      {t0 + hours(2), S::kWaitingResident},    // still the same pause
      {t0 + hours(4), S::kInProgress},
      {t0 + hours(10), S::kWaitingResident},  // paused again, still running
  };
  EXPECT_EQ(PausedTime(config, history, t0 + hours(12)), hours(3) + hours(2));
}

TEST(PausedTime, NothingWhenNoStateStopsTheClock) {
  const LifecycleConfig config;
  EXPECT_EQ(
      PausedTime(config, {{t0, S::kSubmitted}, {t0 + hours(5), S::kInProgress}}, t0 + hours(9)),
      std::chrono::seconds{0});
  EXPECT_EQ(PausedTime(config, {}, t0), std::chrono::seconds{0});
}

TEST(PausedTime, FollowsTheCitysOwnClockStoppingStates) {
  LifecycleConfig config;
  config.clock_stopping = {S::kInProgress};
  EXPECT_EQ(PausedTime(config, {{t0, S::kInProgress}, {t0 + hours(2), S::kFixed}}, t0 + hours(9)),
            hours(2));
}

TEST(PausedTime, AClosedPauseEndsAtTheClose) {
  const LifecycleConfig config;
  EXPECT_EQ(
      PausedTime(config, {{t0, S::kWaitingResident}, {t0 + hours(6), S::kFixed}}, t0 + hours(100)),
      hours(6));
}

TEST(PausedTime, OutOfOrderEntriesNeverCountNegativeTime) {
  const LifecycleConfig config;
  EXPECT_EQ(PausedTime(config, {{t0 + hours(5), S::kWaitingResident}, {t0, S::kInProgress}},
                       t0 + hours(9)),
            std::chrono::seconds{0});
  EXPECT_EQ(PausedTime(config, {{t0 + hours(5), S::kWaitingResident}}, t0),
            std::chrono::seconds{0});
}

}  // namespace
}  // namespace civic311
