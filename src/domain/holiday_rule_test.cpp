#include "domain/holiday_rule.hpp"

#include <gtest/gtest.h>

#include "domain/sla.hpp"

namespace civic311 {
namespace {

using namespace std::chrono;

TEST(HolidayRule, FourthThursdayOfNovemberIsThanksgivingEveryYear) {
  auto rule = ParseHolidayRule("Fourth Thursday of November");
  ASSERT_TRUE(rule.ok()) << rule.error().message;
  EXPECT_TRUE(rule->Matches(year(2026) / November / day(26)));
  EXPECT_TRUE(rule->Matches(year(2027) / November / day(25)));
  EXPECT_TRUE(rule->Matches(year(2030) / November / day(28)));
  EXPECT_FALSE(rule->Matches(year(2026) / November / day(19)));  // the third
  EXPECT_FALSE(rule->Matches(year(2026) / November / day(27)));  // the Friday after
}

TEST(HolidayRule, LastMondayOfMayIsMemorialDay) {
  auto rule = ParseHolidayRule("last monday of may");
  ASSERT_TRUE(rule.ok());
  EXPECT_TRUE(rule->Matches(year(2026) / May / day(25)));
  EXPECT_TRUE(rule->Matches(year(2027) / May / day(31)));
  EXPECT_FALSE(rule->Matches(year(2027) / May / day(24)));
}

TEST(HolidayRule, FixedDatesMatchEveryYear) {
  auto rule = ParseHolidayRule("12-25");
  ASSERT_TRUE(rule.ok());
  EXPECT_TRUE(rule->Matches(year(2026) / December / day(25)));
  EXPECT_TRUE(rule->Matches(year(2031) / December / day(25)));
  EXPECT_FALSE(rule->Matches(year(2031) / December / day(24)));
  auto leap = ParseHolidayRule("02-29");
  ASSERT_TRUE(leap.ok());
  EXPECT_TRUE(leap->Matches(year(2028) / February / day(29)));
}

TEST(HolidayRule, MistakesAreRefusedWithTheForms) {
  for (const char* bad : {"13-01", "02-30", "fourth thursday in november", "sixth monday of may",
                          "fourth thursday of novembre", "", "christmas"}) {
    auto rule = ParseHolidayRule(bad);
    ASSERT_FALSE(rule.ok()) << bad;
    EXPECT_NE(rule.error().message.find("fourth thursday of november"), std::string::npos);
  }
}

}  // namespace
}  // namespace civic311

namespace civic311 {
namespace {

// The SLA calendar skips a yearly holiday: "1 business day" from the Wednesday before
// Thanksgiving is the Friday, in every year, without a dated holiday.
TEST(HolidayRule, TheSlaCalendarSkipsYearlyHolidays) {
  using namespace std::chrono;
  CalendarSpec spec;
  spec.timezone = "America/New_York";
  spec.recurring_holidays.push_back(*ParseHolidayRule("fourth thursday of november"));
  auto calendar = CityCalendar::Create(spec);
  ASSERT_TRUE(calendar.ok()) << calendar.error().message;
  auto one_day = ParseSlaTarget("1 business day");
  ASSERT_TRUE(one_day.ok());
  // Wednesday 10:00 in New York (15:00 UTC) → Friday 10:00.
  const Timestamp wed_2026 = sys_days(year(2026) / November / day(25)) + hours(15);
  EXPECT_EQ((*calendar)->Due(wed_2026, *one_day), wed_2026 + days(2));
  const Timestamp wed_2029 = sys_days(year(2029) / November / day(21)) + hours(15);
  EXPECT_EQ((*calendar)->Due(wed_2029, *one_day), wed_2029 + days(2));
  // An ordinary Wednesday: Thursday.
  const Timestamp wed_dec = sys_days(year(2026) / December / day(2)) + hours(15);
  EXPECT_EQ((*calendar)->Due(wed_dec, *one_day), wed_dec + days(1));
}

}  // namespace
}  // namespace civic311
