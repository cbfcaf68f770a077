#include "domain/lifecycle.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace civic311 {
namespace {

using namespace std::chrono_literals;
using S = RequestState;

Timestamp At(long long seconds) { return Timestamp(std::chrono::seconds(seconds)); }

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, '\t')) out.push_back(cell);
  return out;
}

// tests/data/transitions.tsv: "from<TAB>to<TAB>yes|no", '#' comments, one header line.
TEST(Lifecycle, TransitionTableMatchesDataFile) {
  const std::string path = std::string(CIVIC311_SOURCE_DIR) + "/tests/data/transitions.tsv";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot open " << path;
  std::map<std::pair<S, S>, bool> seen;
  std::string line;
  int line_no = 0;
  bool header = true;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      EXPECT_EQ(line, "from\tto\tallowed");
      header = false;
      continue;
    }
    auto cells = SplitTabs(line);
    ASSERT_EQ(cells.size(), 3u) << path << ":" << line_no << ": " << line;
    auto from = ParseState(cells[0]);
    auto to = ParseState(cells[1]);
    ASSERT_TRUE(from && to) << path << ":" << line_no << ": unknown state in " << line;
    ASSERT_TRUE(cells[2] == "yes" || cells[2] == "no") << path << ":" << line_no;
    bool want = cells[2] == "yes";
    EXPECT_TRUE(seen.emplace(std::make_pair(*from, *to), want).second)
        << path << ":" << line_no << ": duplicate row " << line;
    EXPECT_EQ(IsAllowedTransition(*from, *to), want) << path << ":" << line_no << ": " << line;
    EXPECT_EQ(CheckTransition(*from, *to).ok(), want) << line;
  }
  // The table is complete: every ordered pair of the 13 states, self-pairs included.
  EXPECT_EQ(seen.size(), std::size(kAllStates) * std::size(kAllStates));
  for (S a : kAllStates)
    for (S b : kAllStates)
      EXPECT_TRUE(seen.count({a, b})) << "missing row " << StateName(a) << " -> " << StateName(b);
}

TEST(Lifecycle, StructuralInvariants) {
  for (S from : kAllStates) {
    auto next = NextStates(from);
    EXPECT_FALSE(next.empty()) << StateName(from) << " is a dead end";
    for (S to : next) EXPECT_TRUE(IsAllowedTransition(from, to));
    if (IsClosed(from)) {
      EXPECT_EQ(next, std::vector<S>{S::kReopened}) << StateName(from);
    } else {
      for (S closed : kAllStates) {
        if (IsClosed(closed)) {
          EXPECT_TRUE(IsAllowedTransition(from, closed));
        }
      }
    }
    EXPECT_FALSE(IsAllowedTransition(from, S::kSubmitted));
  }
}

TEST(Lifecycle, ForbiddenTransitionsExplainThemselves) {
  auto s = CheckTransition(S::kFixed, S::kInProgress);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  EXPECT_EQ(s.error().message, "a fixed request cannot go to in_progress; reopen it first");

  EXPECT_EQ(CheckTransition(S::kInProgress, S::kInProgress).error().message,
            "the request is already in_progress");
  EXPECT_EQ(CheckTransition(S::kInProgress, S::kReopened).error().message,
            "an in_progress request is still open: only a closed request can be reopened");
  EXPECT_EQ(CheckTransition(S::kAcknowledged, S::kSubmitted).error().message,
            "a request cannot go back to submitted");
  EXPECT_EQ(CheckTransition(S::kInProgress, S::kAcknowledged).error().message,
            "an in_progress request cannot go back to acknowledged");
}

TEST(Lifecycle, ActionNamesRoundTrip) {
  for (Action a : kAllActions) {
    auto name = ActionName(a);
    EXPECT_FALSE(name.empty());
    EXPECT_EQ(ParseAction(name), a) << name;
  }
  EXPECT_EQ(ParseAction("explode"), std::nullopt);
  EXPECT_EQ(ActionName(Action::kCloseNoFurtherAction), "close_no_further_action");
}

TEST(Lifecycle, ApplyActionMovesOrKeepsState) {
  EXPECT_EQ(*ApplyAction(S::kSubmitted, Action::kAcknowledge), S::kAcknowledged);
  EXPECT_EQ(*ApplyAction(S::kAcknowledged, Action::kStartWork), S::kInProgress);
  EXPECT_EQ(*ApplyAction(S::kInProgress, Action::kWaitResident), S::kWaitingResident);
  EXPECT_EQ(*ApplyAction(S::kWaitingResident, Action::kResolveFixed), S::kFixed);
  EXPECT_EQ(*ApplyAction(S::kFixed, Action::kReopen), S::kReopened);
  EXPECT_EQ(*ApplyAction(S::kReopened, Action::kCloseDuplicate), S::kDuplicate);

  // Notes keep the state, even on closed requests.
  EXPECT_EQ(*ApplyAction(S::kFixed, Action::kNote), S::kFixed);
  EXPECT_EQ(*ApplyAction(S::kCancelled, Action::kInternalNote), S::kCancelled);
  EXPECT_EQ(*ApplyAction(S::kInProgress, Action::kAssign), S::kInProgress);
  EXPECT_EQ(*ApplyAction(S::kSubmitted, Action::kTransfer), S::kSubmitted);

  auto r = ApplyAction(S::kFixed, Action::kAssign);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().message, "a fixed request cannot be assigned; reopen it first");
  EXPECT_FALSE(ApplyAction(S::kReferred, Action::kAddInfo).ok());
  EXPECT_FALSE(ApplyAction(S::kFixed, Action::kStartWork).ok());
  EXPECT_FALSE(ApplyAction(S::kInProgress, Action::kReopen).ok());
}

TEST(Lifecycle, EveryStateChangingActionAgreesWithTheTable) {
  for (Action a : kAllActions) {
    auto target = TargetState(a);
    for (S from : kAllStates) {
      auto r = ApplyAction(from, a);
      if (target) {
        EXPECT_EQ(r.ok(), IsAllowedTransition(from, *target)) << ActionName(a);
      } else if (r.ok()) {
        EXPECT_EQ(*r, from);
      }
    }
  }
}

// An external system of record corrects what a person could not: fixed -> not_responsible
// (FixMyStreet's NOT_COUNCILS_RESPONSIBILITY after FIXED), backwards among open states, closed
// to open. What the lifecycle allows is not a correction.
TEST(Lifecycle, ExternalActionsCorrectWhatAPersonCouldNot) {
  auto allowed = ApplyExternalAction(S::kSubmitted, Action::kStartWork);
  ASSERT_TRUE(allowed.ok());
  EXPECT_EQ(allowed->to, S::kInProgress);
  EXPECT_FALSE(allowed->correction);
  auto reopen = ApplyExternalAction(S::kFixed, Action::kReopen);
  ASSERT_TRUE(reopen.ok());
  EXPECT_FALSE(reopen->correction);

  auto closed_to_closed = ApplyExternalAction(S::kFixed, Action::kCloseNotResponsible);
  ASSERT_TRUE(closed_to_closed.ok());
  EXPECT_EQ(closed_to_closed->to, S::kNotResponsible);
  EXPECT_TRUE(closed_to_closed->correction);
  auto backwards = ApplyExternalAction(S::kInProgress, Action::kAcknowledge);
  ASSERT_TRUE(backwards.ok());
  EXPECT_EQ(backwards->to, S::kAcknowledged);
  EXPECT_TRUE(backwards->correction);
  auto closed_to_open = ApplyExternalAction(S::kFixed, Action::kStartWork);
  ASSERT_TRUE(closed_to_open.ok());
  EXPECT_EQ(closed_to_open->to, S::kInProgress);
  EXPECT_TRUE(closed_to_open->correction);

  // Moves that mean nothing stay conflicts.
  EXPECT_EQ(ApplyExternalAction(S::kFixed, Action::kResolveFixed).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(ApplyExternalAction(S::kInProgress, Action::kReopen).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(ApplyExternalAction(S::kFixed, Action::kAssign).error().code, ErrorCode::kConflict);
  // Every (state, state-changing action) is either allowed, a correction, or a no-op conflict.
  for (Action a : kAllActions) {
    auto target = TargetState(a);
    if (!target) continue;
    for (S from : kAllStates) {
      auto m = ApplyExternalAction(from, a);
      if (!m.ok()) continue;
      EXPECT_EQ(m->to, *target);
      EXPECT_EQ(m->correction, !IsAllowedTransition(from, *target)) << ActionName(a);
    }
  }
}

TEST(Lifecycle, DefaultConfigIsValidAndStopsClockWhileWaiting) {
  LifecycleConfig config;
  EXPECT_TRUE(config.Validate().ok());
  EXPECT_TRUE(config.StopsClock(S::kWaitingResident));
  EXPECT_TRUE(config.StopsClock(S::kWaitingThirdParty));
  EXPECT_FALSE(config.StopsClock(S::kInProgress));
  EXPECT_FALSE(config.StopsClock(S::kFixed));

  LifecycleConfig bad;
  bad.clock_stopping.insert(S::kFixed);
  EXPECT_EQ(bad.Validate().error().code, ErrorCode::kInvalidArgument);
  LifecycleConfig bad2;
  bad2.reporter_reopenable.insert(S::kInProgress);
  EXPECT_FALSE(bad2.Validate().ok());
  LifecycleConfig bad3;
  bad3.reopen_window = -1s;
  EXPECT_FALSE(bad3.Validate().ok());
}

TEST(Lifecycle, ReporterMayReopenWithinTheWindow) {
  LifecycleConfig config;
  config.reopen_window = std::chrono::days(28);
  Timestamp closed = At(1'000'000);
  EXPECT_TRUE(CheckReopenWindow(S::kFixed, closed, closed, config).ok());
  EXPECT_TRUE(CheckReopenWindow(S::kFixed, closed, closed + std::chrono::days(28), config).ok());
  EXPECT_TRUE(CheckReopenWindow(S::kNoFurtherAction, closed, closed + 1s, config).ok());

  auto late = CheckReopenWindow(S::kFixed, closed, closed + std::chrono::days(28) + 1s, config);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_NE(late.error().message.find("too long ago"), std::string::npos);

  EXPECT_FALSE(CheckReopenWindow(S::kDuplicate, closed, closed + 1s, config).ok());
  EXPECT_FALSE(CheckReopenWindow(S::kCancelled, closed, closed + 1s, config).ok());
  EXPECT_FALSE(CheckReopenWindow(S::kInProgress, closed, closed + 1s, config).ok());

  config.reopen_window = 0s;  // reporters may not reopen at all (well, not a second later)
  EXPECT_FALSE(CheckReopenWindow(S::kFixed, closed, closed + 1s, config).ok());
}

TEST(Lifecycle, ReopenNeedsAReason) {
  EXPECT_TRUE(ValidateReopenReason("still a hole there").ok());
  auto blank = ValidateReopenReason("  \n ");
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(blank.error().fields.size(), 1u);
  EXPECT_EQ(blank.error().fields[0].field, "reason");
  EXPECT_FALSE(ValidateReopenReason("").ok());
  EXPECT_FALSE(ValidateReopenReason(std::string(kMaxReopenReasonLength + 1, 'x')).ok());
  EXPECT_TRUE(ValidateReopenReason(std::string(kMaxReopenReasonLength, 'x')).ok());
}

TEST(Lifecycle, ClockStoppedIntervalsFollowTheHistory) {
  LifecycleConfig config;
  std::vector<StateChange> history = {
      {At(0), S::kSubmitted},         {At(100), S::kAcknowledged},
      {At(200), S::kWaitingResident}, {At(300), S::kWaitingThirdParty},  // merges
      {At(400), S::kInProgress},      {At(500), S::kWaitingThirdParty},
  };
  auto got = ClockStoppedIntervals(history, At(650), config);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].start, At(200));
  EXPECT_EQ(got[0].end, At(400));
  EXPECT_EQ(got[1].start, At(500));
  EXPECT_EQ(got[1].end, At(650));  // still waiting: stopped up to now

  EXPECT_TRUE(ClockStoppedIntervals({}, At(10), config).empty());
  config.clock_stopping.clear();
  EXPECT_TRUE(ClockStoppedIntervals(history, At(650), config).empty());
}

}  // namespace
}  // namespace civic311
