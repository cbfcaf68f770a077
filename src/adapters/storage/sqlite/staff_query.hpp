// Turns a StaffListQuery (app/workflow_ports.hpp) into one parameterised SELECT of request ids,
// and picks the index that drives it — the staff list's counterpart of request_query.hpp, whose
// reasoning it follows.
//
// Drivers come in two kinds. Walks read an index in the list's order and stop after offset+limit
// matches, without sorting: the requested_at index, or (one department asked for) the covering
// (department_code, requested_at, state, expected_at, internal) index, so that a department's
// queue, open or overdue, is checked in the index alone; sorted by due date, a department's
// open requests are walked in due order (service_requests_department_due, migration 0026). Lookups
// read only the rows one selective filter matches and sort their ids: (department, state), the
// assignee, overdue (a partial index of open requests by expected_at), full-text search (FTS5), the
// location R*Tree, the service. A lookup is taken only when it feeds in fewer rows than a cap of
// ten pages (counted, on its index only, no further than the cap), and the smallest such one wins;
// otherwise the walk.
//
// Text: ParseSearchText (domain/search_text.hpp) reads the words; each becomes a quoted FTS5
// string ("word", the last one "word"* when it is a prefix), so no user text is ever FTS5 syntax.
// Every driver reads the matches of the FTS query once (a walk then checks rows against them).
//
// Every value is a bound parameter; lists are bound as JSON arrays read with json_each. The only
// literal values in the SQL are the open states (from IsOpen), written so that SQLite recognises
// the partial index service_requests_open_expected (migrations/0003_staff_search.sql).
#pragma once

#include <optional>
#include <string>

#include "adapters/storage/sqlite/request_query.hpp"
#include "app/workflow_ports.hpp"

namespace civic311::sqlite {

enum class StaffDriver {
  kTime,             // walk: requested_at
  kDepartment,       // walk: one department's requests, newest first
  kDepartmentState,  // lookup: (department_code, state)
  kAssignee,         // lookup: request_workflow (assignee_user_id)
  kOverdue,          // lookup: open requests by expected_at
  kText,             // lookup: FTS5 matches (and the id)
  kLocation,         // lookup: the R*Tree
  kService,          // lookup: (service_code, requested_at)
  kDepartmentDue,    // walk: one department's open requests in due order (StaffSort::kDue)
};

// The FTS5 query for a search text ("" when it has no words), e.g. `"main" "pot"*`.
std::string Fts5Query(std::string_view text);

// The most words a last-word prefix is spelled out into (ExpandedFts5Query).
inline constexpr int kMaxPrefixTerms = 16;

// Fts5Query(text), with the last word's prefix spelled out as the indexed words it stands for
// when there are at most kMaxPrefixTerms of them (search_terms, migrations/0018): `"main" AND
// ("pothole" OR "potholes")` for "main pothole". FTS5 reads whole words lazily, newest first,
// where a prefix term first merges every matching word's matches over the whole index; the
// matches are the same, since search_terms holds every word the index holds (a superset) and
// the range [prefix, prefix+1) is exactly the words that begin with it. A prefix with more
// words (or none, or with non-ASCII letters, which the tokenizer folds) keeps the `"pre"*` form.
Result<std::string> ExpandedFts5Query(Db& db, std::string_view text);

// The SQL condition "open and expected_at < ?" without the parameter, for tests.
std::string OpenStatesCondition();

// "r.state IN ('submitted', …)": the open states as literals, as the partial indexes of open
// requests (migrations 0003 and 0026) are written, so that SQLite sees a query implies them.
std::string OpenStatesList();

// Picks the driver for q (see above). q must not be an empty search. fts: the FTS5 query of
// q.text to use (ExpandedFts5Query); nullopt: Fts5Query(q.text).
Result<StaffDriver> ChooseStaffDriver(Db& db, const StaffListQuery& q,
                                      std::optional<std::string_view> fts = std::nullopt);

// SELECT r.id … of the page of q, via `driver`, in list order. min_text_id: only full-text
// matches with rowid >= it (the bounded search of ListStaffRequests; the id match stays).
// fts as for ChooseStaffDriver.
BuiltQuery BuildStaffIdsQuery(const StaffListQuery& q, StaffDriver driver,
                              std::optional<std::int64_t> min_text_id = std::nullopt,
                              std::optional<std::string_view> fts = std::nullopt);

// SELECT state, count(*) … of every row q matches (limit, offset and sort ignored), via `driver`;
// cap > 0: of the first cap + 1 matches the driver reads only (the count stops there).
// min_text_id and fts as for BuildStaffIdsQuery.
BuiltQuery BuildStaffCountQuery(const StaffListQuery& q, StaffDriver driver, std::int64_t cap = 0,
                                std::optional<std::int64_t> min_text_id = std::nullopt,
                                std::optional<std::string_view> fts = std::nullopt);

// "ORDER BY …" of a sort (StaffSort::kNewest: the walks' own order, requested_at desc).
std::string StaffOrder(StaffSort sort);

}  // namespace civic311::sqlite
