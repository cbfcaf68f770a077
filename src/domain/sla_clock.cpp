#include "domain/sla_clock.hpp"

namespace civic311 {
namespace {

bool IsCalendarUnit(SlaUnit u) {
  return u == SlaUnit::kMinutes || u == SlaUnit::kHours || u == SlaUnit::kDays;
}

// Elapsed time for minutes/hours/days targets (and when there is no calendar to count working
// time on); working time otherwise.
bool CountsElapsedTime(const City& city, const Service* service) {
  if (!city.calendar) return true;
  return service != nullptr && IsCalendarUnit(service->sla.unit);
}

}  // namespace

std::optional<Timestamp> ExtendForPause(const City& city, std::string_view service_code,
                                        std::optional<Timestamp> expected_at, Timestamp paused_at,
                                        Timestamp now) {
  if (!expected_at || now <= paused_at) return expected_at;
  const Service* service = city.FindService(service_code);
  if (CountsElapsedTime(city, service)) return *expected_at + (now - paused_at);
  return city.calendar->AddBusinessTime(*expected_at,
                                        city.calendar->BusinessDuration(paused_at, now));
}

SlaClock NextSlaClock(const City& city, std::string_view service_code, const SlaClock& before,
                      RequestState to, bool restart, Timestamp now) {
  SlaClock next = before;
  if (!IsOpen(to)) {
    next.paused_at.reset();  // closed: no longer measured; expected_at stays as history
    return next;
  }
  if (restart) {
    next.cycle = before.cycle + 1;
    next.paused_at.reset();
    if (city.calendar) {
      if (const Service* s = city.FindService(service_code)) {
        next.expected_at = city.calendar->Due(now, s->sla);
      }
    }
    if (city.lifecycle.StopsClock(to)) next.paused_at = now;  // e.g. transferred while waiting
    return next;
  }
  const bool stops = city.lifecycle.StopsClock(to);
  if (stops && !before.paused_at) {
    next.paused_at = now;
  } else if (!stops && before.paused_at) {
    next.expected_at =
        ExtendForPause(city, service_code, before.expected_at, *before.paused_at, now);
    next.paused_at.reset();
  }
  return next;
}

std::string_view SlaStatusName(SlaStatus s) {
  switch (s) {
    case SlaStatus::kNoTarget:
      return "no_target";
    case SlaStatus::kClosed:
      return "closed";
    case SlaStatus::kPaused:
      return "paused";
    case SlaStatus::kOnTrack:
      return "on_track";
    case SlaStatus::kDueSoon:
      return "due_soon";
    case SlaStatus::kOverdue:
      return "overdue";
  }
  return "on_track";
}

std::optional<Timestamp> DueSoonHorizon(const City& city, Timestamp now) {
  if (city.due_soon.empty()) return std::nullopt;
  if (city.calendar) return city.calendar->Due(now, city.due_soon);
  // No calendar (hand-built cities): business units count as elapsed time.
  const int n = city.due_soon.amount;
  switch (city.due_soon.unit) {
    case SlaUnit::kMinutes:
      return now + std::chrono::minutes(n);
    case SlaUnit::kHours:
    case SlaUnit::kBusinessHours:
      return now + std::chrono::hours(n);
    case SlaUnit::kDays:
    case SlaUnit::kBusinessDays:
      return now + std::chrono::days(n);
    case SlaUnit::kNone:
      break;
  }
  return std::nullopt;
}

SlaStatus EvaluateSla(const City& city, RequestState state, const SlaClock& clock, Timestamp now) {
  if (!IsOpen(state)) return SlaStatus::kClosed;
  if (!clock.expected_at) return SlaStatus::kNoTarget;
  if (clock.paused_at) return SlaStatus::kPaused;
  if (*clock.expected_at < now) return SlaStatus::kOverdue;
  auto horizon = DueSoonHorizon(city, now);
  if (horizon && *clock.expected_at <= *horizon) return SlaStatus::kDueSoon;
  return SlaStatus::kOnTrack;
}

}  // namespace civic311
