// The port of the managers' dashboard (docs/console.md, "Dashboard"): the figures of one
// department (or the whole city) over a period and the period before it, answered by the store
// in SQL (SQLite: adapters/storage/sqlite/dashboard_store.hpp). Nothing here loads requests: the
// store returns counts, sums and percentiles only.
//
// Definitions (the dashboard's words, docs/console.md):
//  - A period is a range of whole days of the city [first_day, last_day] (days since 1970-01-01
//    on the city's clocks, in the zone last given to UseZone; UTC until then): from the local
//    midnight that starts first_day to the one that ends last_day (docs/console.md, "The city's
//    days"). Every figure of a period, the daily counts and the moments (percentiles, surveys,
//    work orders) alike, uses these same instants.
//  - received: requests whose requested_at falls in the period, counted in the department they
//    are in now (a transfer moves the count).
//  - first action: the earliest timeline event that is not the creation, an escalation or the
//    reporter's own doing (their reply, their withdrawal); "time to first action" is measured for
//    the requests whose first action falls in the period.
//  - closed: requests whose (last) close falls in the period; "time to close" = closed_at -
//    requested_at. on time = closed at or before expected_at (the service's SLA target on the
//    city calendar, pauses included); targeted = had an expected_at. reopened = was reopened at
//    least once before that close.
//  - Percentiles are nearest-rank: the p-th percentile of n values is the ceil(p*n/100)-th
//    smallest (so the median of 4 values is the 2nd).
//  - Backlog and overdue are "now", not per period.
//
// Thread-safety: implementations must be safe from many threads; calls block (disk).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/sla.hpp"

namespace civic311 {

struct DayRange {
  std::int64_t first_day = 0;  // the city's days since the epoch, inclusive
  std::int64_t last_day = 0;   // inclusive
  std::int64_t Days() const { return last_day - first_day + 1; }
};

struct DashboardQuery {
  std::string department_code;  // empty: every department (city-wide)
  DayRange current;
  DayRange previous;
  Timestamp now{};  // for backlog ages and "overdue now"
};

// Counts of one period (or of one service/channel in it).
struct PeriodCounts {
  std::int64_t received = 0;
  std::int64_t closed = 0;
  std::int64_t closed_targeted = 0;  // closed with an SLA target
  std::int64_t closed_on_time = 0;   // of those, closed by expected_at
  std::int64_t closed_reopened = 0;  // closed after having been reopened
};

// One row of a breakdown (by service, by channel): the key and both periods.
struct DashboardSlice {
  std::string key;  // service_code or channel name
  PeriodCounts current;
  PeriodCounts previous;
};

struct DurationStats {
  std::int64_t count = 0;             // requests measured
  std::optional<std::int64_t> p50_s;  // nullopt: count == 0
  std::optional<std::int64_t> p90_s;
};

struct PeriodFigures {
  PeriodCounts counts;
  std::vector<std::int64_t> received_by_day;  // [i] = day first_day + i
  DurationStats first_action;
  DurationStats close;
  std::int64_t info_contacts = 0;  // questions answered at the desk
  std::int64_t survey_fixed = 0;   // "was it fixed?" answered yes (newest answer per request)
  std::int64_t survey_not_fixed = 0;
  std::int64_t work_orders = 0;  // created in the period
  double work_hours = 0;
  std::int64_t work_cost_cents = 0;
};

// One 0.01-degree map cell with requests received in the current period.
struct CellCount {
  std::int64_t lat_cell = 0;  // floor((lat + 90) * 100)
  std::int64_t lon_cell = 0;  // floor((lon + 180) * 100)
  std::int64_t received = 0;
};

struct Backlog {
  std::int64_t open = 0;
  // Open requests by age (now - requested_at): < 2 days, 2-7, 7-30, > 30 days.
  std::int64_t under_2_days = 0;
  std::int64_t from_2_to_7_days = 0;
  std::int64_t from_7_to_30_days = 0;
  std::int64_t over_30_days = 0;
  std::optional<Timestamp> oldest_requested_at;
  std::int64_t overdue = 0;  // open, SLA clock running, expected_at < now
};

struct DashboardFigures {
  PeriodFigures current;
  PeriodFigures previous;
  std::vector<DashboardSlice> by_service;       // every service with any count, by key
  std::vector<DashboardSlice> by_channel;       // received and closed per channel
  std::vector<DashboardSlice> info_by_channel;  // counts.received = questions answered
  std::vector<CellCount> cells;                 // current period
  Backlog backlog;
};

class DashboardStore {
 public:
  virtual ~DashboardStore() = default;
  // The figures of q. Errors: kInvalidArgument for an empty or reversed range; kUnavailable /
  // kInternal from the database.
  virtual Result<DashboardFigures> Figures(const DashboardQuery& q) = 0;
  // Counts days in time zone `name`, whose UTC offsets are `offsets` (CityCalendar::UtcOffsets:
  // ascending; the first is taken to hold for every earlier instant). When the stored zone
  // differs (its name or any offset), replaces it and recomputes every day and month count in
  // one transaction (seconds at 1,000,000 requests; writers wait meanwhile) and returns true;
  // otherwise changes nothing and returns false. Called at start-up and when the city's zone
  // changes. Errors: kInvalidArgument for no offsets or unordered ones; kUnavailable /
  // kInternal from the database.
  virtual Result<bool> UseZone(const std::string& name,
                               const std::vector<UtcOffsetSpan>& offsets) = 0;
};

}  // namespace civic311
