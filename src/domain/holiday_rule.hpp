// HolidayRule: a holiday that comes back every year, so that a city does not edit its calendar
// each January (docs/config.md, "[calendar]"): a fixed date ("12-25", "07-04") or the nth
// weekday of a month ("fourth thursday of november", "last monday of may",
// "first monday of september"). Used by CityCalendar (domain/sla.hpp) beside the dated holidays.
// Thread-safety: plain values and pure functions.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace civic311 {

struct HolidayRule {
  unsigned month = 1;    // 1–12
  unsigned day = 0;      // a fixed date when > 0 (1–31)
  unsigned weekday = 0;  // otherwise: 0 = Sunday … 6 = Saturday
  int nth = 0;           // 1–5, or -1 for the last one of the month
  std::string text;      // as written, for messages and export

  bool Matches(std::chrono::year_month_day date) const;
};

// "MM-DD" (a real date in some year: "02-29" is allowed, it matches in leap years) or
// "<first|second|third|fourth|fifth|last> <weekday> of <month>", any case, weekday and month
// names in English (full or three letters). kInvalidArgument quoting the text and the forms.
Result<HolidayRule> ParseHolidayRule(std::string_view text);

}  // namespace civic311
