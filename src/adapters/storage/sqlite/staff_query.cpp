#include "adapters/storage/sqlite/staff_query.hpp"

#include <algorithm>

#include "adapters/storage/sqlite/sql_builder.hpp"
#include "domain/search_text.hpp"

namespace civic311::sqlite {
namespace {

std::int64_t Unix(Timestamp t) { return t.time_since_epoch().count(); }

using Sql = SqlBuilder;

std::string Strings(const std::vector<std::string>& v) {
  return JsonStringArray(v, [](const std::string& s) { return std::string_view(s); });
}
std::string States(const std::vector<RequestState>& v) {
  return JsonStringArray(v, [](RequestState s) { return StateName(s); });
}

constexpr char kInBox[] = "max_lat >= ? AND min_lat <= ? AND max_lon >= ? AND min_lon <= ?";
constexpr char kOrder[] = "ORDER BY r.requested_at DESC, r.id DESC";
// The due order's key, written exactly as service_requests_department_due (0026) indexes it:
// no target (NULL) sorts after every target.
constexpr char kDueOrder[] = "ORDER BY coalesce(r.expected_at, 9223372036854775807) ASC, r.id ASC";

const char* From(StaffDriver d) {
  switch (d) {
    case StaffDriver::kTime:
      return "FROM service_requests r INDEXED BY service_requests_requested ";
    case StaffDriver::kDepartment:
      return "FROM service_requests r INDEXED BY service_requests_department_requested ";
    case StaffDriver::kDepartmentState:
      return "FROM service_requests r INDEXED BY service_requests_department_state ";
    case StaffDriver::kOverdue:
      return "FROM service_requests r INDEXED BY service_requests_open_expected ";
    case StaffDriver::kService:
      return "FROM service_requests r INDEXED BY service_requests_service_requested ";
    case StaffDriver::kDepartmentDue:
      return "FROM service_requests r INDEXED BY service_requests_department_due ";
    case StaffDriver::kAssignee:
    case StaffDriver::kText:
    case StaffDriver::kLocation:
      return "FROM service_requests r NOT INDEXED ";  // rowid lookups from the subquery only
  }
  return "FROM service_requests r ";
}

// Adds the text condition: the FTS5 matches (and the id), read once. (A per-row probe of the FTS
// index, "MATCH ? AND rowid = r.id", looked cheaper for walks but re-runs the whole full-text
// query for every row: seconds at 100,000 requests.)
void WhereText(Sql& sql, const SearchText& s, const std::string& fts,
               std::optional<std::int64_t> min_id) {
  // FTS5 answers a rowid range by seeking in its doclists: a bound reads only the newest part.
  const std::int64_t from = min_id.value_or(0);
  if (fts.empty()) {
    sql.Where("r.id = ?", std::int64_t{*s.id});
  } else if (s.id) {
    sql.Where(
        "r.id IN (SELECT rowid FROM request_search WHERE request_search MATCH ? AND rowid >= ? "
        "UNION SELECT ?)",
        fts, from, std::int64_t{*s.id});
  } else {
    sql.Where(
        "r.id IN (SELECT rowid FROM request_search WHERE request_search MATCH ? AND rowid >= ?)",
        fts, from);
  }
}

// How many rows the index of lookup driver d would feed in, counting no further than cap.
Result<std::int64_t> CountCandidates(Db& db, const StaffListQuery& q, StaffDriver d,
                                     std::int64_t cap, std::string_view fts) {
  Sql sql;
  sql.Add("SELECT count(*) FROM (SELECT 1 ");
  switch (d) {
    case StaffDriver::kDepartmentState:
      sql.Add("FROM service_requests INDEXED BY service_requests_department_state ");
      sql.Where("department_code IN (SELECT value FROM json_each(?))", Strings(q.departments));
      sql.Where("state IN (SELECT value FROM json_each(?))", States(q.states));
      break;
    case StaffDriver::kAssignee:
      sql.Add("FROM request_workflow ");
      sql.Where("assignee_user_id = ?", std::int64_t{*q.assignee_user_id});
      break;
    case StaffDriver::kOverdue:
      sql.Add("FROM service_requests r INDEXED BY service_requests_open_expected ");
      sql.Where(OpenStatesCondition(), Unix(*q.overdue_at));
      break;
    case StaffDriver::kText: {
      if (fts.empty()) return 1;  // the id alone
      sql.Add("FROM request_search ");
      sql.Where("request_search MATCH ?", std::string(fts));
      break;
    }
    case StaffDriver::kLocation:
      sql.Add("FROM request_locations ");
      sql.Where(kInBox, q.bbox->min_lat, q.bbox->max_lat, q.bbox->min_lon, q.bbox->max_lon);
      break;
    case StaffDriver::kService:
      sql.Add("FROM service_requests INDEXED BY service_requests_service_requested ");
      sql.Where("service_code IN (SELECT value FROM json_each(?))", Strings(q.service_codes));
      break;
    case StaffDriver::kTime:
    case StaffDriver::kDepartment:
    case StaffDriver::kDepartmentDue:
      return cap;
  }
  sql.Add(" LIMIT ?)", cap);
  return sql.Finish().QueryInt(db);
}

}  // namespace

std::string Fts5Query(std::string_view text) {
  SearchText s = ParseSearchText(text);
  std::string out;
  for (size_t i = 0; i < s.words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += '"';
    for (char c : s.words[i]) {
      if (c == '"') out += '"';  // cannot happen (quotes separate words), kept for safety
      out += c;
    }
    out += '"';
    if (s.last_is_prefix && i + 1 == s.words.size()) out += '*';
  }
  return out;
}

std::string OpenStatesList() {
  std::string sql = "r.state IN (";
  bool first = true;
  for (RequestState s : kAllStates) {
    if (!IsOpen(s)) continue;
    if (!first) sql += ", ";
    first = false;
    sql += '\'';
    sql += StateName(s);
    sql += '\'';
  }
  sql += ')';
  return sql;
}

std::string OpenStatesCondition() { return OpenStatesList() + " AND r.expected_at < ?"; }

Result<std::string> ExpandedFts5Query(Db& db, std::string_view text) {
  std::string plain = Fts5Query(text);
  SearchText s = ParseSearchText(text);
  if (!s.last_is_prefix) return plain;
  const std::string& prefix = s.words.back();
  for (char c : prefix)
    if (static_cast<unsigned char>(c) >= 0x80) return plain;  // folded by the tokenizer
  std::string upper = prefix;
  upper.back() = static_cast<char>(upper.back() + 1);  // ASCII letters and digits: no overflow
  auto st = db.Prepare(
      "SELECT term FROM search_terms WHERE term >= ?1 AND term < ?2 ORDER BY term LIMIT ?3");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, prefix).Bind(2, upper).Bind(3, kMaxPrefixTerms + 1);
  std::vector<std::string> terms;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    terms.push_back(st->String(0));
  }
  if (terms.empty() || terms.size() > static_cast<size_t>(kMaxPrefixTerms)) return plain;
  std::string out;
  for (size_t i = 0; i + 1 < s.words.size(); ++i) {
    out += '"';
    out += s.words[i];
    out += "\" AND ";  // explicit: FTS5 takes no implicit AND before a parenthesis
  }
  if (terms.size() > 1) out += '(';
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i > 0) out += " OR ";
    out += '"';
    out += terms[i];  // the tokenizer's own words: letters and digits, never a quote
    out += '"';
  }
  if (terms.size() > 1) out += ')';
  return out;
}

Result<StaffDriver> ChooseStaffDriver(Db& db, const StaffListQuery& q,
                                      std::optional<std::string_view> fts) {
  const std::string plain = fts ? std::string() : Fts5Query(q.text);
  const std::string_view text_query = fts ? *fts : std::string_view(plain);
  const std::int64_t page =
      std::int64_t{std::max(q.offset, 0)} + std::int64_t{std::max(q.limit, 0)};
  const std::int64_t cap = std::clamp<std::int64_t>(10 * page, 2000, 100'000);
  StaffDriver best = q.departments.size() == 1 ? StaffDriver::kDepartment : StaffDriver::kTime;
  // Sorted by due date, one department's open requests: walked in due order (0026).
  const bool only_open = !q.states.empty() && std::all_of(q.states.begin(), q.states.end(), IsOpen);
  if (q.sort == StaffSort::kDue && q.departments.size() == 1 && only_open)
    best = StaffDriver::kDepartmentDue;
  std::int64_t best_count = cap;
  auto consider = [&](bool present, StaffDriver d) -> Status {
    if (!present) return OkStatus();
    auto n = CountCandidates(db, q, d, cap, text_query);
    if (!n.ok()) return std::move(n).error();
    if (*n < best_count) {
      best = d;
      best_count = *n;
    }
    return OkStatus();
  };
  C311_TRY(consider(!q.text.empty(), StaffDriver::kText));
  C311_TRY(consider(q.assignee_user_id.has_value(), StaffDriver::kAssignee));
  C311_TRY(consider(q.overdue_at.has_value(), StaffDriver::kOverdue));
  C311_TRY(consider(!q.departments.empty() && !q.states.empty(), StaffDriver::kDepartmentState));
  C311_TRY(consider(q.bbox.has_value(), StaffDriver::kLocation));
  C311_TRY(consider(!q.service_codes.empty(), StaffDriver::kService));
  return best;
}

std::string StaffOrder(StaffSort sort) {
  switch (sort) {
    case StaffSort::kNewest:
      break;
    case StaffSort::kOldest:
      return "ORDER BY r.requested_at ASC, r.id ASC";
    case StaffSort::kDue:
      return kDueOrder;
    case StaffSort::kState:
      return "ORDER BY r.state ASC, r.requested_at DESC, r.id DESC";
    case StaffSort::kService:
      return "ORDER BY r.service_name ASC, r.requested_at DESC, r.id DESC";
  }
  return kOrder;
}

namespace {

// The WHERE clause of q through `driver` (shared by the page and the counts).
void WhereStaff(Sql& sql, const StaffListQuery& q, StaffDriver driver,
                std::optional<std::int64_t> min_text_id,
                std::optional<std::string_view> fts_query) {
  if (q.departments.size() == 1) {
    // "=", not IN: only an equality lets SQLite walk the department's index in order.
    sql.Where("r.department_code = ?", q.departments[0]);
  } else if (!q.departments.empty()) {
    sql.Where("r.department_code IN (SELECT value FROM json_each(?))", Strings(q.departments));
  }
  if (!q.states.empty()) sql.Where("r.state IN (SELECT value FROM json_each(?))", States(q.states));
  if (driver == StaffDriver::kDepartmentDue) sql.Where(OpenStatesList());  // implies the index
  if (!q.service_codes.empty())
    sql.Where("r.service_code IN (SELECT value FROM json_each(?))", Strings(q.service_codes));
  if (q.assignee_user_id) {
    sql.Where("r.id IN (SELECT request_id FROM request_workflow WHERE assignee_user_id = ?)",
              std::int64_t{*q.assignee_user_id});
  }
  if (q.overdue_at) {
    sql.Where(OpenStatesCondition(), Unix(*q.overdue_at));
    // A paused SLA clock (waiting on the resident, …) is not overdue (docs/workflow.md).
    sql.Where(
        "NOT EXISTS (SELECT 1 FROM request_workflow w WHERE w.request_id = r.id AND "
        "w.clock_paused_at IS NOT NULL)");
  }
  if (!q.text.empty()) {
    SearchText s = ParseSearchText(q.text);
    std::string fts = fts_query ? std::string(*fts_query) : Fts5Query(q.text);
    if (s.Empty()) {
      sql.Where("0");
    } else {
      WhereText(sql, s, fts, min_text_id);
    }
  }
  if (q.bbox) {
    const auto& bb = *q.bbox;
    if (driver == StaffDriver::kLocation) {
      sql.Where(std::string("r.id IN (SELECT id FROM request_locations WHERE ") + kInBox + ")",
                bb.min_lat, bb.max_lat, bb.min_lon, bb.max_lon);
    }
    sql.Where("r.lat BETWEEN ? AND ? AND r.lon BETWEEN ? AND ?", bb.min_lat, bb.max_lat, bb.min_lon,
              bb.max_lon);
  }
  if (!q.include_internal) sql.Where("r.internal = 0");
  if (!q.scope_anywhere) {
    // Unless the scope is every request: its departments, or what the actor reported.
    std::string clause = "(r.department_code IN (SELECT value FROM json_each(?))";
    if (q.scope_reporter_user_id) {
      clause += " OR r.id IN (SELECT request_id FROM request_workflow WHERE reporter_user_id = ?)";
      sql.Where(clause + ")", Strings(q.scope_departments),
                std::int64_t{*q.scope_reporter_user_id});
    } else {
      sql.Where(clause + ")", Strings(q.scope_departments));
    }
  }
  if (q.unassigned) {
    sql.Where(
        "NOT EXISTS (SELECT 1 FROM request_workflow w WHERE w.request_id = r.id AND "
        "w.assignee_user_id IS NOT NULL)");
  }
  if (q.crew_id) {
    // Requests with an unfinished work order for the crew (index work_orders_crew_open, 0023).
    sql.Where("r.id IN (SELECT request_id FROM work_orders WHERE crew_id = ? AND done = 0)",
              std::int64_t{*q.crew_id});
  }
  if (!q.channels.empty()) {
    sql.Where(
        "r.channel IN (SELECT value FROM json_each(?))",
        JsonStringArray(q.channels, [](Channel c) { return std::string_view(ChannelName(c)); }));
  }
  if (q.requested_from) sql.Where("r.requested_at >= ?", Unix(*q.requested_from));
  if (q.requested_to) sql.Where("r.requested_at < ?", Unix(*q.requested_to));
}

}  // namespace

BuiltQuery BuildStaffIdsQuery(const StaffListQuery& q, StaffDriver driver,
                              std::optional<std::int64_t> min_text_id,
                              std::optional<std::string_view> fts_query) {
  Sql sql;
  sql.Add("SELECT r.id ").Add(From(driver));
  WhereStaff(sql, q, driver, min_text_id, fts_query);
  std::string tail(" ");
  tail.append(StaffOrder(q.sort)).append(" LIMIT ? OFFSET ?");
  sql.Add(tail, std::int64_t{std::max(q.limit, 0)}, std::int64_t{std::max(q.offset, 0)});
  return sql.Finish();
}

BuiltQuery BuildStaffCountQuery(const StaffListQuery& q, StaffDriver driver, std::int64_t cap,
                                std::optional<std::int64_t> min_text_id,
                                std::optional<std::string_view> fts) {
  Sql sql;
  if (cap > 0) {
    // The LIMIT inside stops the driver's walk or lookup after cap + 1 matches; no ORDER BY, so
    // no sort: which matches are read first does not matter to a count that is only "more".
    sql.Add("SELECT state, count(*) FROM (SELECT r.state ").Add(From(driver));
    WhereStaff(sql, q, driver, min_text_id, fts);
    sql.Append(" LIMIT " + std::to_string(cap + 1) + ") GROUP BY state");
    return sql.Finish();
  }
  sql.Add("SELECT r.state, count(*) ").Add(From(driver));
  WhereStaff(sql, q, driver, min_text_id, fts);
  sql.Append(" GROUP BY r.state");
  return sql.Finish();
}

}  // namespace civic311::sqlite
