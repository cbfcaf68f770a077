// Service-level targets ("3 business days", "24 hours") and the city calendar they run on.
// Thread-safety: CityCalendar is immutable after Load and safe to share.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/holiday_rule.hpp"

namespace civic311 {

enum class SlaUnit { kNone, kMinutes, kHours, kDays, kBusinessHours, kBusinessDays };

struct SlaTarget {
  int amount = 0;
  SlaUnit unit = SlaUnit::kNone;  // kNone: no target, no expected_datetime
  bool empty() const { return unit == SlaUnit::kNone || amount <= 0; }
  std::string ToString() const;  // "3 business days", "24 hours", "" for none
};

// Parses "3 business days", "1 business day", "24 hours", "8 business hours", "2 days",
// "30 minutes", "" / "none" (no target). Case-insensitive; singular or plural; amounts 1–10000.
// Anything else is kInvalidArgument with a message that quotes the text and shows the format.
Result<SlaTarget> ParseSlaTarget(std::string_view text);

// The city's working calendar in its own time zone (IANA name, e.g. "America/New_York").
struct CalendarSpec {
  std::string timezone = "UTC";
  int open_minute = 8 * 60;                     // business day starts 08:00 local
  int close_minute = 17 * 60;                   // and ends 17:00 local
  unsigned workdays_mask = 0b0111110;           // bit i = weekday i (0 = Sunday): Mon–Fri
  std::set<std::chrono::sys_days> holidays;     // local calendar dates
  std::vector<HolidayRule> recurring_holidays;  // every year: "fourth thursday of november"
  // At most this many yearly rules: with them, a year always keeps working days, so the
  // calendar's search for the next working day ends.
  static constexpr std::size_t kMaxRecurringHolidays = 100;

  bool IsHoliday(std::chrono::sys_days day) const;
};

// One span of a time zone's offset: from `since` (unix seconds) until the next span's `since`,
// the local time is UTC + utc_offset_s.
struct UtcOffsetSpan {
  std::int64_t since = 0;
  std::int64_t utc_offset_s = 0;
  bool operator==(const UtcOffsetSpan&) const = default;
};

class CityCalendar {
 public:
  // Fails with kInvalidArgument for an unknown time zone (looked up in the OS tz database,
  // /usr/share/zoneinfo), inconsistent hours (0 <= open < close <= 24:00) or no workday.
  static Result<std::shared_ptr<const CityCalendar>> Create(CalendarSpec spec);

  const CalendarSpec& spec() const { return spec_; }

  // When a request received at `start` is due under `target`.
  // Calendar units (minutes, hours, days) are plain elapsed time; business units count only
  // working time: business days roll to the same local time of day N working days later (a
  // request received out of hours counts from the next opening), business hours count open time.
  // Returns nullopt when the target is empty.
  std::optional<Timestamp> Due(Timestamp start, const SlaTarget& target) const;

  // The first instant strictly after `after` at which the city's clocks show `minute_of_day`
  // (0–1439). A time that falls in a DST gap maps to the end of the gap; a repeated one to its
  // first occurrence.
  Timestamp NextLocalTime(Timestamp after, int minute_of_day) const;

  // Whether `t` falls in working hours on a working day (in the city's zone).
  bool IsBusinessTime(Timestamp t) const;

  // The working time inside [from, to): open hours on working days, measured on the UTC
  // timeline (a DST change inside opening hours counts truly). Zero when to <= from.
  std::chrono::seconds BusinessDuration(Timestamp from, Timestamp to) const;

  // The instant `amount` of working time after `t`; `t` itself when amount <= 0. Out of hours,
  // counting starts at the next opening. Inverse of BusinessDuration for t in business time:
  // BusinessDuration(t, AddBusinessTime(t, d)) == d.
  Timestamp AddBusinessTime(Timestamp t, std::chrono::seconds amount) const;

  // The city's calendar day of `t`: days since 1970-01-01 on the city's clocks.
  std::int64_t LocalDay(Timestamp t) const;

  // The zone's UTC offsets, ascending, one span per change of offset from 1970 to 2100 (~260
  // for America/New_York, 1 for UTC). The first span starts at the lowest int64 (every earlier
  // instant); the last one runs on forever. What the dashboard's day keys are computed from
  // (docs/console.md, "The city's days").
  std::vector<UtcOffsetSpan> UtcOffsets() const;

 private:
  explicit CityCalendar(CalendarSpec spec, const void* zone)
      : spec_(std::move(spec)), zone_(zone) {}
  CalendarSpec spec_;
  const void* zone_;  // const date::time_zone*, kept opaque so this header needs no tz library
};

}  // namespace civic311
