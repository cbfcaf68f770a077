#include "domain/sla.hpp"

#include <date/tz.h>
#include <gtest/gtest.h>

#include "base/time_format.hpp"

namespace civic311 {
namespace {

using date::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr const char* kNewYork = "America/New_York";

// A wall-clock time in New York, as the UTC instant the calendar works with.
Timestamp Ny(int y, unsigned m, unsigned d, int hh, int mm = 0, int ss = 0) {
  const auto local = date::local_days(date::year(y) / date::month(m) / date::day(d)) + hours(hh) +
                     minutes(mm) + std::chrono::seconds(ss);
  return date::locate_zone(kNewYork)->to_sys(local, date::choose::earliest);
}

std::chrono::sys_days Date(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days(date::sys_days(date::year(y) / date::month(m) / date::day(d)));
}

SlaTarget Sla(std::string_view text) {
  auto r = ParseSlaTarget(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : SlaTarget{};
}

// New York, Mon–Fri 08:00–17:00, MLK Day 2026 (Mon 19 Jan) and Memorial Day (Mon 25 May).
std::shared_ptr<const CityCalendar> NewYorkCalendar(CalendarSpec spec = {}) {
  spec.timezone = kNewYork;
  spec.holidays.insert(Date(2026, 1, 19));
  spec.holidays.insert(Date(2026, 5, 25));
  auto r = CityCalendar::Create(std::move(spec));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : nullptr;
}

std::string Due(const CityCalendar& cal, Timestamp start, std::string_view sla) {
  auto due = cal.Due(start, Sla(sla));
  return due ? FormatUtc(*due) : "none";
}

// --- ParseSlaTarget / ToString -----------------------------------------------------------------

TEST(ParseSlaTarget, AcceptsDocumentedForms) {
  struct Case {
    const char* text;
    int amount;
    SlaUnit unit;
  } cases[] = {
      {"3 business days", 3, SlaUnit::kBusinessDays},
      {"1 business day", 1, SlaUnit::kBusinessDays},
      {"24 hours", 24, SlaUnit::kHours},
      {"1 hour", 1, SlaUnit::kHours},
      {"8 business hours", 8, SlaUnit::kBusinessHours},
      {"2 days", 2, SlaUnit::kDays},
      {"30 minutes", 30, SlaUnit::kMinutes},
      {"  5  Business   DAYS ", 5, SlaUnit::kBusinessDays},
      {"1 days", 1, SlaUnit::kDays},
  };
  for (const auto& c : cases) {
    auto r = ParseSlaTarget(c.text);
    ASSERT_TRUE(r.ok()) << c.text;
    EXPECT_EQ(r->amount, c.amount) << c.text;
    EXPECT_EQ(r->unit, c.unit) << c.text;
    EXPECT_FALSE(r->empty());
  }
}

TEST(ParseSlaTarget, EmptyAndNoneMeanNoTarget) {
  for (const char* text : {"", "   ", "none", "NONE", " None "}) {
    auto r = ParseSlaTarget(text);
    ASSERT_TRUE(r.ok()) << text;
    EXPECT_TRUE(r->empty()) << text;
    EXPECT_EQ(r->ToString(), "");
  }
}

TEST(ParseSlaTarget, RejectsAnythingElseWithAHint) {
  for (const char* text :
       {"3 bizness days", "three days", "0 days", "-1 days", "3", "days", "3 business", "1.5 hours",
        "3 business weeks", "3 days please", "99999999999 days", "10001 hours", "3days"}) {
    auto r = ParseSlaTarget(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(text), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("business days"), std::string::npos) << r.error().message;
  }
}

TEST(SlaTarget, ToStringRoundTrips) {
  for (const char* text :
       {"3 business days", "1 business day", "24 hours", "1 hour", "8 business hours",
        "1 business hour", "2 days", "1 day", "30 minutes", "1 minute"}) {
    EXPECT_EQ(Sla(text).ToString(), text);
  }
  EXPECT_EQ((SlaTarget{5, SlaUnit::kNone}).ToString(), "");
  EXPECT_EQ((SlaTarget{0, SlaUnit::kDays}).ToString(), "");
}

// --- CityCalendar::Create ----------------------------------------------------------------------

TEST(CityCalendar, RejectsUnknownTimeZone) {
  CalendarSpec spec;
  spec.timezone = "America/Springfield";
  auto r = CityCalendar::Create(spec);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("America/Springfield"), std::string::npos);
}

TEST(CityCalendar, RejectsInconsistentHoursAndEmptyWeek) {
  CalendarSpec closed_before_open;
  closed_before_open.open_minute = 17 * 60;
  closed_before_open.close_minute = 8 * 60;
  EXPECT_FALSE(CityCalendar::Create(closed_before_open).ok());

  CalendarSpec out_of_range;
  out_of_range.close_minute = 25 * 60;
  EXPECT_FALSE(CityCalendar::Create(out_of_range).ok());

  CalendarSpec no_workdays;
  no_workdays.workdays_mask = 0;
  EXPECT_FALSE(CityCalendar::Create(no_workdays).ok());
}

TEST(CityCalendar, AcceptsUtcDefaultsAndRoundTheClockHours) {
  CalendarSpec spec;
  spec.open_minute = 0;
  spec.close_minute = 24 * 60;
  spec.workdays_mask = 0b1111111;
  auto r = CityCalendar::Create(spec);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE((*r)->IsBusinessTime(Ny(2026, 1, 4, 3)));  // a Sunday night
  EXPECT_EQ(Due(**r, Ny(2026, 1, 2, 23), "1 business hour"), FormatUtc(Ny(2026, 1, 3, 0)));
}

// --- IsBusinessTime ----------------------------------------------------------------------------

TEST(CityCalendar, IsBusinessTimeUsesTheCitysZone) {
  auto cal = NewYorkCalendar();
  EXPECT_TRUE(cal->IsBusinessTime(Ny(2026, 1, 2, 8)));           // Friday opening
  EXPECT_FALSE(cal->IsBusinessTime(Ny(2026, 1, 2, 7, 59, 59)));  // just before
  EXPECT_TRUE(cal->IsBusinessTime(Ny(2026, 1, 2, 16, 59, 59)));  // just before closing
  EXPECT_FALSE(cal->IsBusinessTime(Ny(2026, 1, 2, 17)));         // closed at 17:00
  EXPECT_FALSE(cal->IsBusinessTime(Ny(2026, 1, 3, 12)));         // Saturday
  EXPECT_FALSE(cal->IsBusinessTime(Ny(2026, 1, 19, 12)));        // MLK Day
  // 13:30Z is 08:30 in New York in winter: open, though 13:30 UTC "looks" like lunchtime and
  // 21:30Z (16:30 local) is still open.
  EXPECT_TRUE(cal->IsBusinessTime(*ParseW3cDatetime("2026-01-05T13:30:00Z")));
  EXPECT_TRUE(cal->IsBusinessTime(*ParseW3cDatetime("2026-01-05T21:30:00Z")));
  EXPECT_FALSE(cal->IsBusinessTime(*ParseW3cDatetime("2026-01-05T22:30:00Z")));
}

// --- Due: business days ------------------------------------------------------------------------

TEST(CityCalendarDue, EmptyTargetHasNoDueDate) {
  auto cal = NewYorkCalendar();
  EXPECT_FALSE(cal->Due(Ny(2026, 1, 5, 9), SlaTarget{}).has_value());
  EXPECT_FALSE(cal->Due(Ny(2026, 1, 5, 9), SlaTarget{0, SlaUnit::kBusinessDays}).has_value());
}

TEST(CityCalendarDue, FridayAfternoonPlusOneBusinessDayIsMonday) {
  auto cal = NewYorkCalendar();
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 2, 15, 20), "1 business day"), FormatUtc(Ny(2026, 1, 5, 15, 20)));
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 2, 15, 20), "3 business days"),
            FormatUtc(Ny(2026, 1, 7, 15, 20)));
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 2, 15, 20), "5 business days"),
            FormatUtc(Ny(2026, 1, 9, 15, 20)));
}

TEST(CityCalendarDue, WeekendSubmissionCountsFromMondayOpening) {
  auto cal = NewYorkCalendar();
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 3, 11), "1 business day"), FormatUtc(Ny(2026, 1, 6, 8)));
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 4, 23, 59), "2 business days"), FormatUtc(Ny(2026, 1, 7, 8)));
}

TEST(CityCalendarDue, SkipsHolidays) {
  auto cal = NewYorkCalendar();
  // Friday 16 Jan + 1 business day: Monday 19 Jan is MLK Day, so Tuesday.
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 16, 10), "1 business day"), FormatUtc(Ny(2026, 1, 20, 10)));
  // Submitted on the holiday itself: counts from Tuesday's opening.
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 19, 10), "1 business day"), FormatUtc(Ny(2026, 1, 21, 8)));
}

TEST(CityCalendarDue, SkipsConsecutiveHolidays) {
  CalendarSpec spec;
  spec.holidays = {Date(2026, 11, 26), Date(2026, 11, 27)};  // Thanksgiving + the day after
  auto cal = NewYorkCalendar(spec);
  EXPECT_EQ(Due(*cal, Ny(2026, 11, 25, 12), "1 business day"), FormatUtc(Ny(2026, 11, 30, 12)));
}

TEST(CityCalendarDue, AfterHoursCountsFromNextOpening) {
  auto cal = NewYorkCalendar();
  // Wednesday evening: counting starts Thursday 08:00.
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 7, 18, 30), "2 business days"), FormatUtc(Ny(2026, 1, 12, 8)));
  // Early morning: counting starts the same day at 08:00.
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 6, 6), "1 business day"), FormatUtc(Ny(2026, 1, 7, 8)));
  // Exactly at closing time is after hours.
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 2, 17), "1 business day"), FormatUtc(Ny(2026, 1, 6, 8)));
}

TEST(CityCalendarDue, BusinessDaysAcrossSpringForwardKeepLocalTime) {
  auto cal = NewYorkCalendar();
  // Friday 6 March 2026 10:00 EST (15:00Z); clocks go forward on Sunday 8 March.
  EXPECT_EQ(FormatUtc(Ny(2026, 3, 6, 10)), "2026-03-06T15:00:00Z");
  EXPECT_EQ(Due(*cal, Ny(2026, 3, 6, 10), "1 business day"), "2026-03-09T14:00:00Z");  // 10:00 EDT
}

TEST(CityCalendarDue, BusinessDaysAcrossFallBackKeepLocalTime) {
  auto cal = NewYorkCalendar();
  // Friday 30 October 2026 16:00 EDT (20:00Z); clocks go back on Sunday 1 November.
  EXPECT_EQ(Due(*cal, Ny(2026, 10, 30, 16), "1 business day"), "2026-11-02T21:00:00Z");
}

// --- Due: business hours -----------------------------------------------------------------------

TEST(CityCalendarDue, BusinessHoursSpanDays) {
  auto cal = NewYorkCalendar();
  // Monday 15:00: 2 h today, 6 h on Tuesday from 08:00.
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 5, 15), "8 business hours"), FormatUtc(Ny(2026, 1, 6, 14)));
  // A whole business day fits exactly: due at closing, not next morning.
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 5, 8), "9 business hours"), FormatUtc(Ny(2026, 1, 5, 17)));
  // 20 open hours from Monday 08:00: 9 + 9 + 2.
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 5, 8), "20 business hours"), FormatUtc(Ny(2026, 1, 7, 10)));
}

TEST(CityCalendarDue, BusinessHoursSkipWeekendsHolidaysAndNights) {
  auto cal = NewYorkCalendar();
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 2, 16), "4 business hours"), FormatUtc(Ny(2026, 1, 5, 11)));
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 16, 16), "4 business hours"), FormatUtc(Ny(2026, 1, 20, 11)));
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 6, 22), "1 business hour"), FormatUtc(Ny(2026, 1, 7, 9)));
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 3, 12), "30 business hours"), FormatUtc(Ny(2026, 1, 8, 11)));
}

TEST(CityCalendarDue, BusinessHoursAcrossSpringForward) {
  auto cal = NewYorkCalendar();
  // Friday 16:00 EST: one hour on Friday, one on Monday from 08:00 EDT (12:00Z).
  EXPECT_EQ(Due(*cal, Ny(2026, 3, 6, 16), "2 business hours"), "2026-03-09T13:00:00Z");
}

TEST(CityCalendarDue, OpeningInsideTheDstGapMovesToTheEndOfTheGap) {
  CalendarSpec spec;
  spec.open_minute = 2 * 60 + 30;  // 02:30 does not exist on 8 March 2026 in New York
  spec.workdays_mask = 0b1111111;
  auto cal = NewYorkCalendar(spec);
  // Saturday 23:00 EST: next opening is "02:30" Sunday, which is 03:00 EDT = 07:00Z.
  EXPECT_EQ(Due(*cal, Ny(2026, 3, 7, 23), "1 business hour"), "2026-03-08T08:00:00Z");
}

TEST(CityCalendarDue, CustomWorkweekAndHours) {
  CalendarSpec spec;
  spec.open_minute = 7 * 60;
  spec.close_minute = 15 * 60 + 30;
  spec.workdays_mask = 0b1111100;  // Tuesday–Saturday
  auto cal = NewYorkCalendar(spec);
  EXPECT_TRUE(cal->IsBusinessTime(Ny(2026, 1, 3, 7)));   // Saturday
  EXPECT_FALSE(cal->IsBusinessTime(Ny(2026, 1, 5, 9)));  // Monday
  EXPECT_FALSE(cal->IsBusinessTime(Ny(2026, 1, 6, 15, 30)));
  // Saturday 10:00 + 1 business day: Sunday and Monday are off.
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 3, 10), "1 business day"), FormatUtc(Ny(2026, 1, 6, 10)));
  // Monday: counts from Tuesday 07:00.
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 5, 10), "1 business hour"), FormatUtc(Ny(2026, 1, 6, 8)));
}

// --- Due: calendar units -----------------------------------------------------------------------

TEST(CityCalendarDue, PlainUnitsAreElapsedTime) {
  auto cal = NewYorkCalendar();
  const Timestamp saturday = Ny(2026, 1, 3, 23, 50);
  EXPECT_EQ(cal->Due(saturday, Sla("30 minutes")), saturday + minutes(30));
  EXPECT_EQ(cal->Due(saturday, Sla("24 hours")), saturday + hours(24));
  EXPECT_EQ(cal->Due(saturday, Sla("2 days")), saturday + hours(48));
  // Across spring forward, 24 hours is 24 elapsed hours: 12:00 EST → 13:00 EDT.
  EXPECT_EQ(Due(*cal, Ny(2026, 3, 7, 12), "24 hours"), FormatUtc(Ny(2026, 3, 8, 13)));
  // Holidays do not matter for calendar units.
  EXPECT_EQ(Due(*cal, Ny(2026, 1, 19, 9), "1 day"), FormatUtc(Ny(2026, 1, 20, 9)));
}

// --- BusinessDuration / AddBusinessTime --------------------------------------------------------

TEST(CityCalendarBusinessDuration, CountsOnlyOpenHours) {
  auto cal = NewYorkCalendar();
  // Monday 10:00 → Monday 12:30.
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 1, 5, 10), Ny(2026, 1, 5, 12, 30)), minutes(150));
  // Monday 16:00 → Tuesday 09:00: one hour each day, not the night.
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 1, 5, 16), Ny(2026, 1, 6, 9)), hours(2));
  // A whole working day.
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 1, 5, 0), Ny(2026, 1, 6, 0)), hours(9));
  // Empty and reversed intervals, and intervals entirely out of hours.
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 1, 5, 10), Ny(2026, 1, 5, 10)), hours(0));
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 1, 5, 12), Ny(2026, 1, 5, 10)), hours(0));
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 1, 5, 18), Ny(2026, 1, 6, 7)), hours(0));
}

TEST(CityCalendarBusinessDuration, SkipsWeekendsAndHolidays) {
  auto cal = NewYorkCalendar();
  // Friday 2 Jan 16:00 → Monday 5 Jan 09:00: 1 h + 1 h.
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 1, 2, 16), Ny(2026, 1, 5, 9)), hours(2));
  // Friday 16 Jan 16:00 → Tuesday 20 Jan 09:00: Monday 19 is MLK Day.
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 1, 16, 16), Ny(2026, 1, 20, 9)), hours(2));
  // The whole weekend plus holiday: nothing.
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 1, 16, 17), Ny(2026, 1, 20, 8)), hours(0));
  // Two full weeks (Mon 5 Jan 00:00 → Mon 19 Jan 00:00): 10 working days.
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 1, 5, 0), Ny(2026, 1, 19, 0)), hours(90));
}

TEST(CityCalendarBusinessDuration, DstDaysCountTrueElapsedOpenTime) {
  CalendarSpec spec;
  spec.open_minute = 0;
  spec.close_minute = 24 * 60;
  spec.workdays_mask = 0b1111111;  // round the clock, every day
  auto cal = NewYorkCalendar(spec);
  // Saturday 7 March → Monday 9 March (local midnights): Sunday has 23 hours.
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 3, 7, 0), Ny(2026, 3, 9, 0)), hours(47));
  // Fall back: Sunday 1 November 2026 has 25 hours.
  EXPECT_EQ(cal->BusinessDuration(Ny(2026, 11, 1, 0), Ny(2026, 11, 2, 0)), hours(25));
  // Office hours across spring forward: Friday 16:00 EST → Monday 09:00 EDT is 2 open hours.
  auto office = NewYorkCalendar();
  EXPECT_EQ(office->BusinessDuration(Ny(2026, 3, 6, 16), Ny(2026, 3, 9, 9)), hours(2));
}

TEST(CityCalendarAddBusinessTime, IsTheInverseOfBusinessDuration) {
  auto cal = NewYorkCalendar();
  // Zero keeps the instant even out of hours.
  EXPECT_EQ(cal->AddBusinessTime(Ny(2026, 1, 3, 12), hours(0)), Ny(2026, 1, 3, 12));
  // Thursday 15 Jan 16:00 + 3 h: 1 h Thursday, Friday 08:00 + 2 h.
  EXPECT_EQ(cal->AddBusinessTime(Ny(2026, 1, 15, 16), hours(3)), Ny(2026, 1, 16, 10));
  // Friday 16 Jan 16:00 + 2 h: over the weekend and MLK Day.
  EXPECT_EQ(cal->AddBusinessTime(Ny(2026, 1, 16, 16), hours(2)), Ny(2026, 1, 20, 9));
  // Across spring forward.
  EXPECT_EQ(FormatUtc(cal->AddBusinessTime(Ny(2026, 3, 6, 16), hours(2))), "2026-03-09T13:00:00Z");
  for (Timestamp t : {Ny(2026, 1, 5, 9), Ny(2026, 1, 16, 13), Ny(2026, 3, 6, 15)}) {
    for (auto d : {minutes(1), minutes(90), minutes(9 * 60), minutes(31 * 60)}) {
      EXPECT_EQ(cal->BusinessDuration(t, cal->AddBusinessTime(t, d)), d) << FormatUtc(t);
    }
  }
}

}  // namespace
}  // namespace civic311
