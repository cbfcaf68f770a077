// DashZone and RebuildDashDays (dashboard_zone.hpp).
#include "adapters/storage/sqlite/dashboard_zone.hpp"

#include <algorithm>
#include <limits>

namespace civic311::sqlite {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kLowest = std::numeric_limits<std::int64_t>::min();

// The day key of a column, as the triggers of 0027 write it.
std::string DayKey(const std::string& column) {
  return "((" + column +
         " + coalesce((SELECT utc_offset FROM dash_zone WHERE since = (SELECT max(since) FROM "
         "dash_zone WHERE since <= " +
         column + ")), 0)) / 86400)";
}

}  // namespace

Result<DashZone> DashZone::Read(Db& db) {
  DashZone z;
  auto name = db.QueryText("SELECT coalesce((SELECT name FROM dash_zone_name), 'UTC')");
  if (!name.ok()) return std::move(name).error();
  z.name_ = std::move(*name);
  auto st = db.Prepare("SELECT since, utc_offset FROM dash_zone ORDER BY since");
  if (!st.ok()) return std::move(st).error();
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    z.spans_.push_back(UtcOffsetSpan{st->Int64(0), st->Int64(1)});
  }
  // As the triggers' coalesce: no row, or none early enough, counts UTC.
  if (z.spans_.empty() || z.spans_.front().since != kLowest)
    z.spans_.insert(z.spans_.begin(), UtcOffsetSpan{kLowest, 0});
  return z;
}

std::int64_t DashZone::DayOf(std::int64_t t) const {
  auto after = std::upper_bound(spans_.begin(), spans_.end(), t,
                                [](std::int64_t v, const UtcOffsetSpan& s) { return v < s.since; });
  const std::int64_t offset = after == spans_.begin() ? 0 : std::prev(after)->utc_offset_s;
  return (t + offset) / kDay;  // truncating, as SQLite's integer division
}

std::int64_t DashZone::Midnight(std::int64_t day) const {
  // In span i the day key is (t + offset_i) / 86400, so its first instant with a key >= day is
  // max(since_i, day * 86400 - offset_i), if that is still inside the span. The spans ascend, so
  // the first span that has one has the earliest.
  for (size_t i = 0; i < spans_.size(); ++i) {
    const std::int64_t t = std::max(spans_[i].since, day * kDay - spans_[i].utc_offset_s);
    if (i + 1 == spans_.size() || t < spans_[i + 1].since) return t;
  }
  return day * kDay;  // unreachable: spans_ is never empty
}

Status RebuildDashDays(Db& db, const std::string& name, const std::vector<UtcOffsetSpan>& spans) {
  C311_TRY(db.Exec("DELETE FROM dash_zone"));
  for (size_t i = 0; i < spans.size(); ++i) {
    // Prepared each time: a statement runs once (the connection's cache makes it cheap).
    auto ins = db.Prepare("INSERT INTO dash_zone (since, utc_offset) VALUES (?1, ?2)");
    if (!ins.ok()) return std::move(ins).error();
    C311_TRY(ins->Bind(1, i == 0 ? kLowest : spans[i].since).Bind(2, spans[i].utc_offset_s).Run());
  }
  {
    auto st = db.Prepare("INSERT OR REPLACE INTO dash_zone_name (only, name) VALUES (1, ?1)");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, name).Run());
  }
  // The months first: the daily tables' delete triggers then find no month row to decrement,
  // and their insert triggers (0022) build the months from the new daily rows.
  C311_TRY(
      db.Exec("DELETE FROM dash_monthly; DELETE FROM dash_cells_monthly; DELETE FROM dash_daily; "
              "DELETE FROM dash_cells; DELETE FROM dash_info;"));
  // A fact counts as received on its request day and as closed on its close day (0015's
  // dash_facts_insert, in one GROUP BY).
  C311_TRY(db.Exec(
      "INSERT INTO dash_daily (department_code, day, service_code, channel, received, closed, "
      "closed_targeted, closed_on_time, closed_reopened) "
      "SELECT department_code, day, service_code, channel, sum(received), sum(closed), "
      "sum(targeted), sum(on_time), sum(reopened) FROM ("
      "  SELECT department_code, " +
      DayKey("requested_at") +
      " AS day, service_code, channel, 1 AS received, 0 AS closed, 0 AS targeted, "
      "  0 AS on_time, 0 AS reopened FROM dash_facts"
      "  UNION ALL"
      "  SELECT department_code, " +
      DayKey("closed_at") +
      ", service_code, channel, 0, 1, expected_at IS NOT NULL, "
      "  coalesce(closed_at <= expected_at, 0), reopens > 0 FROM dash_facts "
      "  WHERE closed_at IS NOT NULL) "
      "GROUP BY department_code, day, service_code, channel"));
  C311_TRY(
      db.Exec("INSERT INTO dash_cells (department_code, day, cell, n) SELECT department_code, " +
              DayKey("requested_at") +
              " AS day, cell, count(*) FROM dash_facts WHERE cell IS NOT NULL "
              "GROUP BY department_code, day, cell"));
  C311_TRY(db.Exec(
      "INSERT INTO dash_info (department_code, day, channel, n) SELECT department_code, " +
      DayKey("at") +
      " AS day, CASE WHEN json_valid(detail) THEN coalesce(json_extract(detail, '$.channel'), '') "
      "ELSE '' END AS ch, count(*) FROM audit_log WHERE action = 'info_contact' "
      "GROUP BY department_code, day, ch"));
  return OkStatus();
}

}  // namespace civic311::sqlite
