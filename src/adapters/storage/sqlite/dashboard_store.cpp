// SqliteDashboardStore (dashboard_store.hpp): the dashboard's figures as SQL aggregates.
#include "adapters/storage/sqlite/dashboard_store.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "adapters/storage/sqlite/dashboard_zone.hpp"
#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "adapters/storage/sqlite/writer.hpp"
#include "domain/request_state.hpp"

namespace civic311 {
namespace {

using sqlite::Db;
using sqlite::Statement;

// "{D}" in a statement becomes the department condition (?1 is always the department code):
// `department_code = ?1 AND` for one department, `?1 = '' AND` (constant true) city-wide, so
// both forms bind the same parameters and each uses the index made for it.
std::string Scoped(std::string_view sql, bool city_wide, std::string_view column = "") {
  std::string cond = city_wide
                         ? std::string("?1 = '' AND ")
                         : std::string(column.empty() ? "department_code" : column) + " = ?1 AND ";
  std::string out;
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql.compare(i, 3, "{D}") == 0) {
      out += cond;
      i += 2;
    } else {
      out += sql[i];
    }
  }
  return out;
}

struct Reader {
  Db& db;
  const DashboardQuery& q;
  bool city_wide;
  const sqlite::DashZone& zone;  // read in the same transaction as the figures

  // A period's instants: from the local midnight starting its first day to the one after its
  // last day (exclusive), the same instants the day keys are cut at.
  std::int64_t Start(const DayRange& range) const { return zone.Midnight(range.first_day); }
  std::int64_t End(const DayRange& range) const { return zone.Midnight(range.last_day + 1); }

  Result<Statement> Prepare(std::string_view sql, std::string_view column = "") {
    auto st = db.Prepare(Scoped(sql, city_wide, column));
    if (st.ok()) st->Bind(1, q.department_code);
    return st;
  }
};

// Periods. The daily tables have monthly rollups (migration 0022: dash_monthly,
// dash_cells_monthly, a month keyed by the day number of its first day), so a period is read as
// the whole months inside it plus the days at its edges: a year is ~11 months and ~30 days
// instead of 365 days (at 1,000,000 requests a year city-wide, ~48,000 cell rows instead of
// ~680,000). An empty range is lo > hi (it matches nothing).
struct Split {
  DayRange head{1, 0};    // days before the first whole month
  DayRange months{1, 0};  // first days of the first and the last whole month
  DayRange tail{1, 0};    // days after the last whole month
};

// Binds ?2..?7 to the split's head days, tail days and months (the statements' convention).
void BindSplit(Statement& st, const Split& split) {
  st.Bind(2, split.head.first_day)
      .Bind(3, split.head.last_day)
      .Bind(4, split.tail.first_day)
      .Bind(5, split.tail.last_day)
      .Bind(6, split.months.first_day)
      .Bind(7, split.months.last_day);
}

Split SplitByMonths(const DayRange& r) {
  using namespace std::chrono;
  auto first_of = [](std::int64_t day) {  // the first day of day's month
    const year_month_day ymd{sys_days{days{day}}};
    return sys_days{ymd.year() / ymd.month() / 1}.time_since_epoch().count();
  };
  auto next_month = [](std::int64_t first) {
    const year_month_day ymd{sys_days{days{first}}};
    return sys_days{(ymd.year() / ymd.month() + months{1}) / 1}.time_since_epoch().count();
  };
  Split out;
  const std::int64_t a = r.first_day, b = r.last_day;
  std::int64_t m = first_of(a) == a ? a : next_month(first_of(a));  // first whole month's start
  std::int64_t end = m;                                             // one past the last whole month
  while (next_month(end) - 1 <= b) end = next_month(end);
  if (end == m) {  // no whole month inside
    out.head = r;
    return out;
  }
  out.head = DayRange{a, m - 1};
  out.months = DayRange{m, first_of(end - 1)};
  out.tail = DayRange{end, b};
  return out;
}

// Adds the period sums of columns [col, col + 5) to c.
void AddCounts(const Statement& st, int col, PeriodCounts* c) {
  c->received += st.Int64(col);
  c->closed += st.Int64(col + 1);
  c->closed_targeted += st.Int64(col + 2);
  c->closed_on_time += st.Int64(col + 3);
  c->closed_reopened += st.Int64(col + 4);
}

Status ReadDaily(Reader& r, DashboardFigures* f) {
  const DashboardQuery& q = r.q;
  const std::int64_t lo = std::min(q.current.first_day, q.previous.first_day);
  const std::int64_t hi = std::max(q.current.last_day, q.previous.last_day);
  // Bars: received per day of both periods.
  f->current.received_by_day.assign(static_cast<size_t>(q.current.Days()), 0);
  f->previous.received_by_day.assign(static_cast<size_t>(q.previous.Days()), 0);
  {
    auto st = r.Prepare(
        "SELECT day, sum(received) FROM dash_daily WHERE {D} day BETWEEN ?2 AND ?3 GROUP BY day");
    if (!st.ok()) return std::move(st).error();
    st->Bind(2, lo).Bind(3, hi);
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) break;
      const std::int64_t day = st->Int64(0);
      for (auto [range, p] : {std::pair{q.current, &f->current}, {q.previous, &f->previous}}) {
        if (day >= range.first_day && day <= range.last_day)
          p->received_by_day[static_cast<size_t>(day - range.first_day)] = st->Int64(1);
      }
    }
  }
  // Per (service, channel), each period: its edge days and whole months give both breakdowns and
  // the totals; the folding below adds up a few hundred aggregate rows, never requests.
  std::map<std::string, DashboardSlice> services, channels;
  for (const bool current : {true, false}) {
    const Split split = SplitByMonths(current ? q.current : q.previous);
    constexpr const char* kCols =
        "service_code, channel, received, closed, closed_targeted, closed_on_time, "
        "closed_reopened";
    auto st = r.Prepare(
        std::string("SELECT service_code, channel, total(received), total(closed), "
                    "total(closed_targeted), total(closed_on_time), "
                    "total(closed_reopened) FROM (SELECT ") +
        kCols + " FROM dash_daily WHERE {D} day BETWEEN ?2 AND ?3 UNION ALL SELECT " + kCols +
        " FROM dash_daily WHERE {D} day BETWEEN ?4 AND ?5 UNION ALL SELECT " + kCols +
        " FROM dash_monthly WHERE {D} month BETWEEN ?6 AND ?7) "
        "GROUP BY service_code, channel");
    if (!st.ok()) return std::move(st).error();
    BindSplit(*st, split);
    PeriodFigures& period = current ? f->current : f->previous;
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) break;
      const std::string service = st->String(0), channel = st->String(1);
      for (auto [map, key] : {std::pair{&services, service}, {&channels, channel}}) {
        DashboardSlice& slice = (*map)[key];
        slice.key = key;
        AddCounts(*st, 2, current ? &slice.current : &slice.previous);
      }
      AddCounts(*st, 2, &period.counts);
    }
  }
  auto keep = [](std::map<std::string, DashboardSlice>& m, std::vector<DashboardSlice>* out) {
    for (auto& [k, s] : m) {
      if (s.current.received + s.current.closed + s.previous.received + s.previous.closed > 0)
        out->push_back(std::move(s));
    }
  };
  keep(services, &f->by_service);
  keep(channels, &f->by_channel);
  return OkStatus();
}

Status ReadCellsAndInfo(Reader& r, DashboardFigures* f) {
  const DashboardQuery& q = r.q;
  {
    const Split split = SplitByMonths(q.current);
    auto st = r.Prepare(
        "SELECT cell, sum(n) FROM (SELECT cell, n FROM dash_cells WHERE {D} day BETWEEN ?2 AND ?3 "
        "UNION ALL SELECT cell, n FROM dash_cells WHERE {D} day BETWEEN ?4 AND ?5 "
        "UNION ALL SELECT cell, n FROM dash_cells_monthly WHERE {D} month BETWEEN ?6 AND ?7) "
        "GROUP BY cell HAVING sum(n) > 0");
    if (!st.ok()) return std::move(st).error();
    BindSplit(*st, split);
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) break;
      const std::int64_t cell = st->Int64(0);
      f->cells.push_back(CellCount{cell / 100000, cell % 100000, st->Int64(1)});
    }
  }
  const std::int64_t lo = std::min(q.current.first_day, q.previous.first_day);
  const std::int64_t hi = std::max(q.current.last_day, q.previous.last_day);
  auto st = r.Prepare(
      "SELECT channel, total(CASE WHEN day BETWEEN ?4 AND ?5 THEN n END), "
      "total(CASE WHEN day BETWEEN ?6 AND ?7 THEN n END) "
      "FROM dash_info WHERE {D} day BETWEEN ?2 AND ?3 GROUP BY channel ORDER BY channel");
  if (!st.ok()) return std::move(st).error();
  st->Bind(2, lo)
      .Bind(3, hi)
      .Bind(4, q.current.first_day)
      .Bind(5, q.current.last_day)
      .Bind(6, q.previous.first_day)
      .Bind(7, q.previous.last_day);
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    DashboardSlice s;
    s.key = st->String(0);
    s.current.received = st->Int64(1);
    s.previous.received = st->Int64(2);
    f->current.info_contacts += s.current.received;
    f->previous.info_contacts += s.previous.received;
    if (s.current.received + s.previous.received > 0) f->info_by_channel.push_back(std::move(s));
  }
  return OkStatus();
}

// Percentiles. A duration's bucket (0015_dashboard.sql) is its digit count * 100 + its first
// two digits: 100..1399 covers 0 s to 10^13 s. Count the period's rows of each bucket (an index
// seek and a count per bucket), find the bucket holding each rank, then sort that bucket only.
struct Measure {
  const char* bucket;  // the bucket column
  const char* at;      // the moment it is measured at
};
constexpr Measure kFirstAction{"first_action_bucket", "first_action_at"};
constexpr Measure kClose{"close_bucket", "closed_at"};

Status ReadPercentiles(Reader& r, const Measure& m, const DayRange& range, DurationStats* out) {
  const std::string b = m.bucket, at = m.at;
  auto counts = r.Prepare(
      "WITH RECURSIVE b(v) AS (SELECT 100 UNION ALL SELECT v + 1 FROM b WHERE v < 1399) "
      "SELECT v, (SELECT count(*) FROM dash_facts WHERE {D} " +
      b + " = b.v AND " + at + " >= ?2 AND " + at + " < ?3) FROM b ORDER BY v");
  if (!counts.ok()) return std::move(counts).error();
  counts->Bind(2, r.Start(range)).Bind(3, r.End(range));
  std::vector<std::pair<std::int64_t, std::int64_t>> buckets;  // (bucket, rows), ascending
  for (;;) {
    auto row = counts->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    // Empty buckets are skipped here, not in SQL (a WHERE on the count would run it twice).
    if (counts->Int64(1) == 0) continue;
    buckets.emplace_back(counts->Int64(0), counts->Int64(1));
    out->count += counts->Int64(1);
  }
  if (out->count == 0) return OkStatus();
  auto value_at = [&](std::int64_t rank) -> Result<std::int64_t> {  // 1-based rank
    std::int64_t before = 0;
    for (const auto& [bucket, n] : buckets) {
      if (before + n < rank) {
        before += n;
        continue;
      }
      auto st =
          r.Prepare("SELECT max(" + at + " - requested_at, 0) AS d FROM dash_facts WHERE {D} " + b +
                    " = ?4 AND " + at + " >= ?2 AND " + at + " < ?3 ORDER BY d LIMIT 1 OFFSET ?5");
      if (!st.ok()) return std::move(st).error();
      st->Bind(2, r.Start(range)).Bind(3, r.End(range)).Bind(4, bucket).Bind(5, rank - before - 1);
      auto row = st->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) break;
      return st->Int64(0);
    }
    return Error::Internal("dashboard percentile: rank outside the buckets");
  };
  // Nearest rank: ceil(p * n / 100).
  auto p50 = value_at((out->count + 1) / 2);
  if (!p50.ok()) return std::move(p50).error();
  auto p90 = value_at((9 * out->count + 9) / 10);
  if (!p90.ok()) return std::move(p90).error();
  out->p50_s = *p50;
  out->p90_s = *p90;
  return OkStatus();
}

// "Was it fixed?": per request, its newest answer within the period.
Status ReadSurvey(Reader& r, const DayRange& range, PeriodFigures* p) {
  // City-wide needs no department, so no join (every answer's request has its facts row: the
  // answers and the facts both follow service_requests).
  auto st = r.Prepare(
      std::string("SELECT total(a.fixed = 1), total(a.fixed = 0) FROM survey_answers a ") +
          (r.city_wide ? "" : "JOIN dash_facts f ON f.request_id = a.request_id ") +
          "WHERE {D} a.answered_at >= ?2 AND a.answered_at < ?3 AND NOT EXISTS ("
          "  SELECT 1 FROM survey_answers b WHERE b.request_id = a.request_id AND b.answered_at < "
          "?3"
          "  AND (b.answered_at > a.answered_at OR (b.answered_at = a.answered_at AND b.id > "
          "a.id)))",
      "f.department_code");
  if (!st.ok()) return std::move(st).error();
  st->Bind(2, r.Start(range)).Bind(3, r.End(range));
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  p->survey_fixed = st->Int64(0);
  p->survey_not_fixed = st->Int64(1);
  return OkStatus();
}

Status ReadWorkOrders(Reader& r, const DayRange& range, PeriodFigures* p) {
  auto st = r.Prepare(
      "SELECT count(*), total(labour_hours), total(cost_cents) FROM work_orders "
      "WHERE {D} created_at >= ?2 AND created_at < ?3");
  if (!st.ok()) return std::move(st).error();
  st->Bind(2, r.Start(range)).Bind(3, r.End(range));
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  p->work_orders = st->Int64(0);
  p->work_hours = st->Double(1);
  p->work_cost_cents = st->Int64(2);
  return OkStatus();
}

Status ReadBacklog(Reader& r, Backlog* b) {
  std::string open;
  for (RequestState s : kAllStates) {
    if (!IsOpen(s)) continue;
    open += open.empty() ? "'" : ", '";
    open += StateName(s);
    open += '\'';
  }
  const std::int64_t now = r.q.now.time_since_epoch().count();
  auto st = r.Prepare(
      "SELECT count(*), total(requested_at > ?2 - 2 * 86400), "
      "total(requested_at <= ?2 - 2 * 86400 AND requested_at > ?2 - 7 * 86400), "
      "total(requested_at <= ?2 - 7 * 86400 AND requested_at > ?2 - 30 * 86400), "
      "total(requested_at <= ?2 - 30 * 86400), min(requested_at) "
      "FROM service_requests WHERE {D} state IN (" +
      open + ")");
  if (!st.ok()) return std::move(st).error();
  st->Bind(2, now);
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  b->open = st->Int64(0);
  b->under_2_days = st->Int64(1);
  b->from_2_to_7_days = st->Int64(2);
  b->from_7_to_30_days = st->Int64(3);
  b->over_30_days = st->Int64(4);
  if (!st->IsNull(5)) b->oldest_requested_at = Timestamp(std::chrono::seconds(st->Int64(5)));
  auto overdue = r.Prepare(
      "SELECT count(*) FROM dash_facts WHERE {D} overdue_key IS NOT NULL AND overdue_key < ?2");
  if (!overdue.ok()) return std::move(overdue).error();
  overdue->Bind(2, now);
  auto orow = overdue->Step();
  if (!orow.ok()) return std::move(orow).error();
  b->overdue = overdue->Int64(0);
  return OkStatus();
}

}  // namespace

Result<DashboardFigures> SqliteDashboardStore::Figures(const DashboardQuery& q) {
  if (q.current.Days() < 1 || q.previous.Days() < 1)
    return Error::InvalidArgument("the period must hold at least one day");
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  // One read transaction: every figure sees the same snapshot.
  C311_TRY((*db)->Exec("BEGIN"));
  auto zone = sqlite::DashZone::Read(**db);
  if (!zone.ok()) {
    (void)(*db)->Exec("COMMIT");
    return std::move(zone).error();
  }
  Reader r{**db, q, q.department_code.empty(), *zone};
  DashboardFigures f;
  Status s = ReadDaily(r, &f);
  if (s.ok()) s = ReadCellsAndInfo(r, &f);
  for (auto [range, p] : {std::pair{q.current, &f.current}, {q.previous, &f.previous}}) {
    if (s.ok()) s = ReadPercentiles(r, kFirstAction, range, &p->first_action);
    if (s.ok()) s = ReadPercentiles(r, kClose, range, &p->close);
    if (s.ok()) s = ReadSurvey(r, range, p);
    if (s.ok()) s = ReadWorkOrders(r, range, p);
  }
  if (s.ok()) s = ReadBacklog(r, &f.backlog);
  (void)(*db)->Exec("COMMIT");
  if (!s.ok()) return std::move(s).error();
  return f;
}

Result<bool> SqliteDashboardStore::UseZone(const std::string& name,
                                           const std::vector<UtcOffsetSpan>& offsets) {
  if (offsets.empty()) return Error::InvalidArgument("a time zone needs at least one UTC offset");
  for (size_t i = 1; i < offsets.size(); ++i) {
    if (offsets[i].since <= offsets[i - 1].since)
      return Error::InvalidArgument("the time zone's offsets must ascend");
  }
  auto same = [&](const sqlite::DashZone& z) {
    if (z.name() != name || z.spans().size() != offsets.size()) return false;
    for (size_t i = 0; i < offsets.size(); ++i) {
      // The first span is stored from the lowest integer on, whatever its `since`.
      if (z.spans()[i].utc_offset_s != offsets[i].utc_offset_s) return false;
      if (i > 0 && z.spans()[i].since != offsets[i].since) return false;
    }
    return true;
  };
  {
    auto db = store_.readers().Acquire();
    if (!db.ok()) return std::move(db).error();
    auto stored = sqlite::DashZone::Read(**db);
    if (!stored.ok()) return std::move(stored).error();
    if (same(*stored)) return false;
  }
  bool rebuilt = false;
  Status s = store_.writer().Run(
      [&](Db& db) -> Status {
        // Again inside the write transaction: another process may have rebuilt meanwhile.
        auto stored = sqlite::DashZone::Read(db);
        if (!stored.ok()) return std::move(stored).error();
        if (same(*stored)) return OkStatus();
        C311_TRY(sqlite::RebuildDashDays(db, name, offsets));
        rebuilt = true;
        return OkStatus();
      },
      /*solo=*/true);
  if (!s.ok()) return std::move(s).error();
  return rebuilt;
}

}  // namespace civic311
