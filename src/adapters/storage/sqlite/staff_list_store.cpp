// SqliteWorkflowStore::ListStaffRequests: the staff request list as one query (staff_query.hpp).
#include <algorithm>
#include <optional>

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/request_rows.hpp"
#include "adapters/storage/sqlite/sql_builder.hpp"
#include "adapters/storage/sqlite/staff_query.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "domain/search_text.hpp"

namespace civic311 {
namespace {

// The rowid of the n-th newest match of a full-text query (n >= 1); nullopt when it has fewer.
// FTS5 reads its doclists backwards: this costs the n entries, not the whole match set.
Result<std::optional<std::int64_t>> NthNewestMatch(sqlite::Db& db, const std::string& fts,
                                                   std::int64_t n) {
  auto nth = db.Prepare(
      "SELECT rowid FROM request_search WHERE request_search MATCH ?1 ORDER BY rowid DESC "
      "LIMIT 1 OFFSET ?2");
  if (!nth.ok()) return std::move(nth).error();
  nth->Bind(1, fts).Bind(2, n - 1);
  auto has = nth->Step();
  if (!has.ok()) return std::move(has).error();
  if (!*has) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(nth->Int64(0));
}

// A common word walked newest first (the driver is a time walk because the word matches too
// many requests to look up): reading all of its FTS5 matches into the IN list costs more than
// the walk (~15 ms for 130,000 matches at 1M requests). Ids are handed out in time order, so the
// page almost always lies among the newest matches by id, which FTS5 reads backwards cheaply:
// bound the matches to the newest n (rowid >= the n-th newest match's), look those few up, and
// keep the bound only when it provably changes nothing — the page is full and no request with
// an id below the bound is newer than the page's last one (so no match left out could rank in
// the page; in the same second it ranks after, ties going by id). n grows (other filters may
// reject many) and otherwise no bound: imports out of order, or matches too rare under the
// filters.
// The next bound of a search bounded to its newest n matches that found `passed` of the `want`
// rows it needs there: twice what the share that passed says is enough (every match in the
// bound costs a row read), 8 × n when none passed, at most `most`; past `most` once n reached it.
std::int64_t NextBound(std::int64_t n, std::int64_t want, std::int64_t passed, std::int64_t most) {
  if (n >= most) return most + 1;
  return std::min(passed == 0 ? 8 * n : 2 * n * want / passed + 1, most);
}

Result<std::optional<std::int64_t>> BoundTextSearch(sqlite::Db& db, const StaffListQuery& q,
                                                    const std::string& fts) {
  const std::int64_t page =
      std::int64_t{std::max(q.offset, 0)} + std::int64_t{std::max(q.limit, 0)};
  if (fts.empty()) return std::optional<std::int64_t>();
  const std::int64_t most = 256 * page;
  for (std::int64_t n = 4 * page; n <= most;) {
    auto nth = NthNewestMatch(db, fts, n);
    if (!nth.ok()) return std::move(nth).error();
    if (!*nth) break;  // fewer than n matches in all: no bound needed
    const std::int64_t bound = **nth;
    sqlite::BuiltQuery ids = sqlite::BuildStaffIdsQuery(q, sqlite::StaffDriver::kText, bound, fts);
    auto st =
        db.Prepare("SELECT count(*), min(r.requested_at) FROM service_requests r WHERE r.id IN (" +
                   ids.sql + ")");
    if (!st.ok()) return std::move(st).error();
    ids.BindTo(*st);
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (st->Int64(0) < std::max<std::int64_t>(q.limit, 1)) {  // not a full page: a wider bound
      const std::int64_t passed = st->Int64(0) > 0 ? st->Int64(0) + std::max(q.offset, 0) : 0;
      n = NextBound(n, page, passed, most);
      continue;
    }
    // Strictly newer: one in the same second as the page's last ranks after it, since its id
    // is below the bound and the last one's is not (ties go by id). Bursts of requests in one
    // second (an import, a storm) would otherwise refuse the bound for no reason.
    auto newer = db.Prepare(
        "SELECT 1 FROM service_requests INDEXED BY service_requests_requested "
        "WHERE requested_at > ?1 AND id < ?2 LIMIT 1");
    if (!newer.ok()) return std::move(newer).error();
    newer->Bind(1, st->Int64(1)).Bind(2, bound);
    auto found = newer->Step();
    if (!found.ok()) return std::move(found).error();
    if (!*found) return std::optional<std::int64_t>(bound);
    break;  // ids out of time order here: no bound
  }
  return std::optional<std::int64_t>();
}

// The departments whose requests q counts when its only filters are departments, states and the
// visibility of internal requests: then request_state_counts (migration 0021) holds the answer.
// Empty optional: q needs the requests themselves (any other filter, or a department outside the
// scope, where only the actor's own reports count). An empty list means every department.
std::optional<std::vector<std::string>> CountedDepartments(const StaffListQuery& q) {
  if (!q.text.empty() || !q.service_codes.empty() || q.assignee_user_id || q.overdue_at || q.bbox ||
      q.unassigned || q.crew_id || !q.channels.empty() || q.requested_from || q.requested_to) {
    return std::nullopt;
  }
  std::vector<std::string> out = q.departments;
  if (out.empty()) {
    if (q.scope_anywhere) return out;
    if (q.scope_reporter_user_id) return std::nullopt;
    out = q.scope_departments;
    if (out.empty()) return std::nullopt;  // nothing in scope: the caller answers that
  } else if (!q.scope_anywhere) {
    for (const std::string& d : out) {
      if (std::find(q.scope_departments.begin(), q.scope_departments.end(), d) ==
          q.scope_departments.end()) {
        return std::nullopt;
      }
    }
  }
  return out;
}

// SELECT state, n over request_state_counts for `departments` (empty: all) and q's states and
// visibility.
sqlite::BuiltQuery TallyQuery(const StaffListQuery& q,
                              const std::vector<std::string>& departments) {
  sqlite::SqlBuilder sql;
  sql.Add("SELECT state, sum(n) FROM request_state_counts ");
  if (!departments.empty()) {
    sql.Where("department_code IN (SELECT value FROM json_each(?))",
              sqlite::JsonStringArray(departments,
                                      [](const std::string& d) { return std::string_view(d); }));
  }
  if (!q.states.empty()) {
    sql.Where("state IN (SELECT value FROM json_each(?))",
              sqlite::JsonStringArray(q.states, [](RequestState st) { return StateName(st); }));
  }
  if (!q.include_internal) sql.Where("internal = 0");
  sql.Append(" GROUP BY state HAVING sum(n) > 0 ORDER BY state");
  return sql.Finish();
}

// Runs a count query (rows: state, n). cap > 0: the query read at most cap + 1 matches, and one
// more than the cap says "more than the cap" (StateCounts::capped).
Result<StateCounts> RunCount(sqlite::Db& db, const sqlite::BuiltQuery& counted, std::int64_t cap) {
  StateCounts out;
  auto st = db.Prepare(counted.sql);
  if (!st.ok()) return std::move(st).error();
  counted.BindTo(*st);
  std::int64_t total = 0;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    total += st->Int64(1);
    if (auto state = ParseState(st->Text(0))) out.by_state.emplace_back(*state, st->Int64(1));
  }
  out.capped = cap > 0 && total > cap;
  return out;
}

}  // namespace

Result<std::vector<StaffListItem>> SqliteWorkflowStore::ListStaffRequests(const StaffListQuery& q) {
  std::vector<StaffListItem> out;
  if (q.limit <= 0) return out;
  if (!q.text.empty() && ParseSearchText(q.text).Empty()) return out;
  if (!q.scope_anywhere && q.scope_departments.empty() && !q.scope_reporter_user_id) return out;
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  // The last word's prefix spelled out as whole words where they are few (ExpandedFts5Query).
  std::string fts;
  if (!q.text.empty()) {
    auto expanded = sqlite::ExpandedFts5Query(**db, q.text);
    if (!expanded.ok()) return std::move(expanded).error();
    fts = std::move(*expanded);
  }
  auto driver = sqlite::ChooseStaffDriver(**db, q, fts);
  if (!driver.ok()) return std::move(driver).error();
  std::optional<std::int64_t> bound;
  // Whole words only: FTS5 answers a prefix term by merging every term that starts with it,
  // whatever the rowid range, so a bound makes a prefix search slower, not faster (measured:
  // 12 ms for "pothole"* with or without a bound at 1M requests; 0.1 ms for "pothole").
  if (!q.text.empty() && fts.find('*') == std::string::npos && q.sort == StaffSort::kNewest &&
      (*driver == sqlite::StaffDriver::kTime || *driver == sqlite::StaffDriver::kDepartment)) {
    auto b = BoundTextSearch(**db, q, fts);
    if (!b.ok()) return std::move(b).error();
    bound = *b;
    if (bound) *driver = sqlite::StaffDriver::kText;
  }
  sqlite::BuiltQuery ids = sqlite::BuildStaffIdsQuery(q, *driver, bound, fts);
  // Sort and cut ids first, then read only the page's rows.
  ids.sql =
      sqlite::SelectRequests() + "WHERE r.id IN (" + ids.sql + ") " + sqlite::StaffOrder(q.sort);
  auto st = (*db)->Prepare(ids.sql);
  if (!st.ok()) return std::move(st).error();
  ids.BindTo(*st);
  std::string id_list = "[";
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    auto r = sqlite::ReadRequest(*st);
    if (!r.ok()) return std::move(r).error();
    r->contact = Contact{};  // lists never carry contact details
    if (id_list.size() > 1) id_list += ',';
    id_list += std::to_string(r->id);
    out.push_back(StaffListItem{std::move(*r), RequestWorkflow{}});
  }
  if (out.empty()) return out;
  auto wf = (*db)->Prepare(
      "SELECT request_id, assignee_user_id, reporter_user_id, closed_at, clock_paused_at "
      "FROM request_workflow "
      "WHERE request_id IN (SELECT value FROM json_each(?1))");
  if (!wf.ok()) return std::move(wf).error();
  wf->Bind(1, id_list + "]");
  while (true) {
    auto row = wf->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    const RequestId id = wf->Int64(0);
    for (StaffListItem& item : out) {
      if (item.request.id != id) continue;
      item.workflow.assignee_user_id = sqlite::OptInt(*wf, 1);
      item.workflow.reporter_user_id = sqlite::OptInt(*wf, 2);
      item.workflow.closed_at = sqlite::OptTime(*wf, 3);
      item.workflow.clock_paused_at = sqlite::OptTime(*wf, 4);
    }
  }
  return out;
}

Result<StateCounts> SqliteWorkflowStore::CountStaffRequests(const StaffListQuery& q) {
  StateCounts out;
  if (!q.text.empty() && ParseSearchText(q.text).Empty()) return out;
  if (!q.scope_anywhere && q.scope_departments.empty() && !q.scope_reporter_user_id) return out;
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  if (auto departments = CountedDepartments(q)) {
    // The same rows as counting the requests (grouped and ordered by state, no empty states),
    // read from the per-department tallies instead: exact at any size, so never capped.
    return RunCount(**db, TallyQuery(q, *departments), 0);
  }
  const std::int64_t cap = std::max<std::int64_t>(q.count_cap, 0);
  std::string fts;
  if (!q.text.empty()) {
    auto expanded = sqlite::ExpandedFts5Query(**db, q.text);  // as the list reads it
    if (!expanded.ok()) return std::move(expanded).error();
    fts = std::move(*expanded);
  }
  // A capped count of whole words: counted among the newest matches first. Any driver's count
  // otherwise builds the set of every match before its cap applies (127,000 ids for "pothole"
  // at 1,000,000 requests: ~20 ms, where the page itself takes 2). A bounded count above the cap
  // proves "more than the cap"; at or below it proves nothing unless the bound held every match,
  // so the bound grows (NextBound, at most 64 × the cap), then the exact count below. (Prefix
  // terms: FTS5 merges every matching word whatever the bound, so a bound gains nothing; see
  // ListStaffRequests.)
  if (cap > 0 && !fts.empty() && fts.find('*') == std::string::npos) {
    const std::int64_t most = 64 * (cap + 1);
    for (std::int64_t n = 8 * (cap + 1); n <= most;) {
      auto nth = NthNewestMatch(**db, fts, n);
      if (!nth.ok()) return std::move(nth).error();
      auto bounded = RunCount(
          **db,
          sqlite::BuildStaffCountQuery(q, sqlite::StaffDriver::kText, cap, nth->value_or(0), fts),
          cap);
      if (!bounded.ok() || bounded->capped || !*nth) return bounded;  // !*nth: every match read
      std::int64_t passed = 0;
      for (const auto& [state, k] : bounded->by_state) passed += k;
      n = NextBound(n, cap + 1, passed, most);
    }
  }
  StaffListQuery all = q;
  all.limit = 1;  // the driver's caps assume a page; a count reads every match anyway
  all.offset = 0;
  all.sort = StaffSort::kNewest;  // the order does not change a count
  auto driver = sqlite::ChooseStaffDriver(**db, all, fts);
  if (!driver.ok()) return std::move(driver).error();
  return RunCount(**db, sqlite::BuildStaffCountQuery(q, *driver, cap, std::nullopt, fts), cap);
}

}  // namespace civic311
