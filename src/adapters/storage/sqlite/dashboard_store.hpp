// SqliteDashboardStore: the DashboardStore (app/dashboard_ports.hpp) of the database a SqliteStore
// has open (schema: migrations/0015_dashboard.sql: dash_facts, dash_daily, dash_cells, dash_info,
// all kept in step by triggers in the transaction of each change; the day keys are the city's
// days, from the zone in dash_zone, migration 0027 and dashboard_zone.hpp).
//
// Every figure is one SQL aggregate over pre-aggregated rows or an index range; nothing loads
// requests. Percentiles: the facts carry each duration's bucket (decimal digits + first two
// digits, a column kept by triggers, indexed with the moment it is measured at), so a
// percentile counts the period's rows per bucket by index seeks, then sorts only the one bucket
// that holds the rank.
//
// Ownership: borrows the SqliteStore, which must outlive it.
// Thread-safety: every method is safe from many threads at once; all calls block (disk). Reads
// go through the store's reader pool and never wait on the writer (WAL); one call reads in one
// transaction, so its figures are consistent with each other.
#pragma once

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/dashboard_ports.hpp"

namespace civic311 {

class SqliteDashboardStore final : public DashboardStore {
 public:
  explicit SqliteDashboardStore(SqliteStore& store) : store_(store) {}

  Result<DashboardFigures> Figures(const DashboardQuery& q) override;
  // Compares on a reader first (a start with the same zone never takes the writer), then
  // re-checks and rebuilds in one solo write transaction on the store's writer.
  Result<bool> UseZone(const std::string& name, const std::vector<UtcOffsetSpan>& offsets) override;

 private:
  SqliteStore& store_;
};

}  // namespace civic311
