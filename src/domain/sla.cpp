#include "domain/sla.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <exception>
#include <limits>
#include <utility>
#include <vector>

// Debian's libdate-tz is built with USE_OS_TZDB=1 (it reads /usr/share/zoneinfo); the layout of
// date::time_zone depends on that flag, so compiling against it in the other mode would be an ODR
// violation that crashes at run time. The imported target date::date-tz sets the flag; make sure.
#if !defined(USE_OS_TZDB) || !USE_OS_TZDB
#error "civic311 expects date-tz in OS tzdb mode (USE_OS_TZDB=1); link date::date-tz"
#endif

namespace civic311 {
namespace {

using date::days;
using std::chrono::minutes;
using std::chrono::seconds;
using LocalSeconds = date::local_seconds;
using LocalDays = date::local_days;

constexpr int kMaxSlaAmount = 10000;

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) words.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

std::optional<SlaUnit> ParseUnit(const std::vector<std::string>& w) {
  auto is = [](const std::string& s, std::string_view one) {
    return s == one || s == std::string(one) + "s";
  };
  if (w.size() == 2) {
    if (is(w[1], "minute")) return SlaUnit::kMinutes;
    if (is(w[1], "hour")) return SlaUnit::kHours;
    if (is(w[1], "day")) return SlaUnit::kDays;
  } else if (w.size() == 3 && w[1] == "business") {
    if (is(w[2], "hour")) return SlaUnit::kBusinessHours;
    if (is(w[2], "day")) return SlaUnit::kBusinessDays;
  }
  return std::nullopt;
}

const date::time_zone* Zone(const void* z) { return static_cast<const date::time_zone*>(z); }

}  // namespace

std::string SlaTarget::ToString() const {
  if (empty()) return "";
  const char* unit_name = "";
  switch (unit) {
    case SlaUnit::kNone:
      return "";
    case SlaUnit::kMinutes:
      unit_name = "minute";
      break;
    case SlaUnit::kHours:
      unit_name = "hour";
      break;
    case SlaUnit::kDays:
      unit_name = "day";
      break;
    case SlaUnit::kBusinessHours:
      unit_name = "business hour";
      break;
    case SlaUnit::kBusinessDays:
      unit_name = "business day";
      break;
  }
  std::string out = std::to_string(amount) + " " + unit_name;
  if (amount != 1) out += "s";
  return out;
}

Result<SlaTarget> ParseSlaTarget(std::string_view text) {
  const std::vector<std::string> words = SplitWords(text);
  if (words.empty() || (words.size() == 1 && words[0] == "none")) return SlaTarget{};
  const std::string shown(text);
  const auto hint = [&shown](std::string why) {
    return Error::InvalidArgument("SLA \"" + shown + "\" " + std::move(why) +
                                  ": write \"<number> <unit>\" where unit is minutes, hours, days, "
                                  "business hours or business days (e.g. \"3 business days\"), "
                                  "or \"none\"");
  };
  int amount = 0;
  const std::string& num = words[0];
  auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), amount);
  if (ec == std::errc::result_out_of_range) {
    return hint("has an amount that is too large (at most " + std::to_string(kMaxSlaAmount) + ")");
  }
  if (ec != std::errc() || end != num.data() + num.size()) {
    return hint("is not understood");
  }
  auto unit = ParseUnit(words);
  if (!unit) return hint("has an unknown unit");
  if (amount < 1) return hint("must be at least 1 (use \"none\" for no target)");
  if (amount > kMaxSlaAmount) {
    return hint("has an amount that is too large (at most " + std::to_string(kMaxSlaAmount) + ")");
  }
  return SlaTarget{amount, *unit};
}

Result<std::shared_ptr<const CityCalendar>> CityCalendar::Create(CalendarSpec spec) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(spec.timezone);
  } catch (const std::exception& e) {
    Error err = Error::InvalidArgument("unknown time zone \"" + spec.timezone +
                                       "\": use an IANA name such as \"America/New_York\"");
    err.detail = e.what();
    return err;
  }
  if (spec.open_minute < 0 || spec.open_minute >= 24 * 60 || spec.close_minute <= 0 ||
      spec.close_minute > 24 * 60) {
    return Error::InvalidArgument("business hours must lie within 00:00-24:00");
  }
  if (spec.open_minute >= spec.close_minute) {
    return Error::InvalidArgument(
        "business hours must open before they close on the same day (e.g. 08:00-17:00)");
  }
  if ((spec.workdays_mask & 0x7Fu) == 0 || (spec.workdays_mask & ~0x7Fu) != 0) {
    return Error::InvalidArgument("the calendar needs at least one workday (mon..sun)");
  }
  return std::shared_ptr<const CityCalendar>(new CityCalendar(std::move(spec), zone));
}

bool CalendarSpec::IsHoliday(std::chrono::sys_days day) const {
  if (holidays.count(day) > 0) return true;
  const std::chrono::year_month_day date{day};
  for (const HolidayRule& rule : recurring_holidays)
    if (rule.Matches(date)) return true;
  return false;
}

namespace {

// The arithmetic below works on local dates and times in the city's zone.
struct Local {
  const CalendarSpec& spec;
  const date::time_zone* zone;

  bool IsWorkday(LocalDays d) const {
    const unsigned wd = date::weekday(d).c_encoding();  // 0 = Sunday
    if ((spec.workdays_mask & (1u << wd)) == 0) return false;
    return !spec.IsHoliday(std::chrono::sys_days(d.time_since_epoch()));
  }
  LocalSeconds At(LocalDays d, int minute_of_day) const { return d + minutes(minute_of_day); }
  // A local time that falls in a DST gap maps to the end of the gap; an ambiguous one (the
  // repeated hour in autumn) to its first occurrence.
  Timestamp ToSys(LocalSeconds t) const { return zone->to_sys(t, date::choose::earliest); }
  LocalSeconds ToLocal(Timestamp t) const { return zone->to_local(t); }

  // The first working day strictly after d. Terminates: the mask has a workday every week and
  // there are finitely many holidays.
  LocalDays NextWorkday(LocalDays d) const {
    do {
      d += days(1);
    } while (!IsWorkday(d));
    return d;
  }

  bool InHours(LocalSeconds t) const {
    const LocalDays d = date::floor<days>(t);
    const auto tod = t - d;
    return IsWorkday(d) && tod >= minutes(spec.open_minute) && tod < minutes(spec.close_minute);
  }

  // `t` itself when it is business time, otherwise the next opening after it.
  LocalSeconds ClampToOpen(LocalSeconds t) const {
    if (InHours(t)) return t;
    const LocalDays d = date::floor<days>(t);
    if (IsWorkday(d) && t - d < minutes(spec.open_minute)) return At(d, spec.open_minute);
    return At(NextWorkday(d), spec.open_minute);
  }
};

}  // namespace

Timestamp CityCalendar::NextLocalTime(Timestamp after, int minute_of_day) const {
  const Local local{spec_, Zone(zone_)};
  const LocalDays today = date::floor<days>(local.ToLocal(after));
  for (LocalDays d = today - days(1);; d += days(1)) {  // yesterday: a zone west of its offset
    const Timestamp at = local.ToSys(local.At(d, minute_of_day));
    if (at > after) return at;
  }
}

bool CityCalendar::IsBusinessTime(Timestamp t) const {
  const Local local{spec_, Zone(zone_)};
  return local.InHours(local.ToLocal(t));
}

std::optional<Timestamp> CityCalendar::Due(Timestamp start, const SlaTarget& target) const {
  if (target.empty()) return std::nullopt;
  const Local local{spec_, Zone(zone_)};
  switch (target.unit) {
    case SlaUnit::kNone:
      return std::nullopt;
    case SlaUnit::kMinutes:
      return start + minutes(target.amount);
    case SlaUnit::kHours:
      return start + std::chrono::hours(target.amount);
    case SlaUnit::kDays:
      return start + days(target.amount);
    case SlaUnit::kBusinessDays: {
      const LocalSeconds from = local.ClampToOpen(local.ToLocal(start));
      LocalDays d = date::floor<days>(from);
      const auto time_of_day = from - d;
      for (int i = 0; i < target.amount; ++i) d = local.NextWorkday(d);
      return local.ToSys(d + time_of_day);
    }
    case SlaUnit::kBusinessHours:
      return AddBusinessTime(start, std::chrono::hours(target.amount));
  }
  return std::nullopt;
}

Timestamp CityCalendar::AddBusinessTime(Timestamp t, seconds amount) const {
  if (amount <= seconds(0)) return t;
  const Local local{spec_, Zone(zone_)};
  // Walk working day by working day, spending the open time left on each. Durations are
  // measured on the UTC timeline, so a DST change inside opening hours counts truly.
  seconds remaining = amount;
  LocalSeconds from = local.ClampToOpen(local.ToLocal(t));
  for (;;) {
    const LocalDays d = date::floor<days>(from);
    const Timestamp now = local.ToSys(from);
    const Timestamp close = local.ToSys(local.At(d, spec_.close_minute));
    if (remaining <= close - now) return now + remaining;
    remaining -= close - now;
    from = local.At(local.NextWorkday(d), spec_.open_minute);
  }
}

seconds CityCalendar::BusinessDuration(Timestamp from, Timestamp to) const {
  if (to <= from) return seconds(0);
  const Local local{spec_, Zone(zone_)};
  seconds total(0);
  LocalSeconds cur = local.ClampToOpen(local.ToLocal(from));
  for (;;) {
    const Timestamp start = local.ToSys(cur);
    if (start >= to) return total;
    const LocalDays d = date::floor<days>(cur);
    const Timestamp close = local.ToSys(local.At(d, spec_.close_minute));
    total += std::min(close, to) - start;
    if (to <= close) return total;
    cur = local.At(local.NextWorkday(d), spec_.open_minute);
  }
}

std::int64_t CityCalendar::LocalDay(Timestamp t) const {
  return date::floor<days>(Zone(zone_)->to_local(t)).time_since_epoch().count();
}

std::vector<UtcOffsetSpan> CityCalendar::UtcOffsets() const {
  using date::sys_seconds;
  const sys_seconds until = date::sys_days(date::year(2100) / 1 / 1);
  std::vector<UtcOffsetSpan> out;
  for (sys_seconds t = date::sys_days(date::year(1970) / 1 / 1); t < until;) {
    const date::sys_info info = Zone(zone_)->get_info(t);
    const std::int64_t offset = info.offset.count();
    // A change of name or of daylight saving alone (same offset) is no new span.
    if (out.empty() || out.back().utc_offset_s != offset) {
      out.push_back(UtcOffsetSpan{out.empty() ? std::numeric_limits<std::int64_t>::min()
                                              : info.begin.time_since_epoch().count(),
                                  offset});
    }
    if (info.end <= t) break;  // defensive: the tz library always moves forward
    t = info.end;
  }
  return out;
}

}  // namespace civic311
