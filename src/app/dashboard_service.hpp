// DashboardService: the managers' dashboard use case (docs/console.md, "Dashboard"). Decides who
// may see which department's figures (the policy's view_reports: admins everywhere and
// city-wide; managers and staff their own departments), turns a chosen period into whole days of
// the city (its calendar's time zone: "today" is the city's today) with the period of the same
// length just before it, and asks the DashboardStore for the figures.
//
// Ownership: borrows the store and the clock, which must outlive it.
// Thread-safety: safe from many threads (no state of its own); calls block on the store.
#pragma once

#include <optional>
#include <string>

#include "app/dashboard_ports.hpp"
#include "base/clock.hpp"
#include "domain/live_city.hpp"
#include "domain/policy.hpp"

namespace civic311 {

struct DashboardRequest {
  std::string department_code;  // empty: city-wide
  // Either the last `days` days ending today, or [from_day, to_day] (inclusive): the city's days.
  int days = 30;
  std::optional<std::int64_t> from_day;
  std::optional<std::int64_t> to_day;
};

struct DashboardReport {
  DashboardQuery query;  // the department and both periods as measured
  DashboardFigures figures;
};

class DashboardService {
 public:
  static constexpr int kMaxDays = 366;

  // `city`: whose calendar's zone "today" is taken in (the live city in serve); without one, UTC.
  DashboardService(DashboardStore& store, const Clock& clock,
                   std::optional<CitySource> city = std::nullopt)
      : store_(store), clock_(clock), city_(std::move(city)) {}

  // kPermissionDenied (kUnauthenticated for the anonymous actor) when the policy refuses
  // view_reports on the department (city-wide: admins only); kInvalidArgument for a period that
  // is reversed, longer than kMaxDays or in the future.
  Result<DashboardReport> Build(const Actor& actor, const DashboardRequest& in) const;

  // Whether `actor` may see the figures of `department_code` ("" = city-wide).
  static bool MaySee(const Actor& actor, const std::string& department_code);

 private:
  DashboardStore& store_;
  const Clock& clock_;
  std::optional<CitySource> city_;
};

}  // namespace civic311
