// The dashboard's days in the city's time zone (migration 0027_dashboard_city_days.sql;
// docs/console.md, "The city's days"): the zone's UTC offsets as stored in dash_zone, which the
// triggers read to compute every day key, and the rebuild of the day and month counts when the
// zone changes. Used by SqliteDashboardStore only.
//
// Thread-safety: DashZone is a value (immutable after Read); the functions run on the
// connection they are given, inside the caller's transaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "base/result.hpp"
#include "domain/sla.hpp"

namespace civic311::sqlite {

class DashZone {
 public:
  // The stored zone (dash_zone, dash_zone_name). An empty dash_zone reads as UTC, as in the
  // triggers.
  static Result<DashZone> Read(Db& db);

  const std::string& name() const { return name_; }
  const std::vector<UtcOffsetSpan>& spans() const { return spans_; }

  // The day key of instant `t` (unix seconds), exactly as the triggers compute it:
  // (t + offset at t) / 86400.
  std::int64_t DayOf(std::int64_t t) const;
  // The first instant whose day key is `day` or later: the local midnight that starts `day`
  // (after a DST gap at midnight, the gap's end). A period of days [a, b] is the instants
  // [Midnight(a), Midnight(b + 1)), so ranges of moments and ranges of day keys agree.
  std::int64_t Midnight(std::int64_t day) const;

 private:
  std::string name_;
  std::vector<UtcOffsetSpan> spans_;  // ascending, the first at the lowest int64
};

// Replaces the stored zone with `name` / `spans` (spans[0] is stored from the lowest int64 on)
// and rebuilds dash_daily, dash_cells, dash_info and their months (0022) from dash_facts and
// audit_log. Run inside one write transaction: readers see the old counts or the new ones.
Status RebuildDashDays(Db& db, const std::string& name, const std::vector<UtcOffsetSpan>& spans);

}  // namespace civic311::sqlite
