// Turns a RequestQuery into one parameterised SELECT, and picks the index that drives it.
//
// The SQL text is assembled only from constant fragments chosen by which filters are present;
// every value is a bound parameter, and lists (ids, service codes, states) are bound as one JSON
// array read with json_each, so each combination of filters is one statement shape that the
// per-connection statement cache can keep (a few hundred shapes at most).
//
// Why we pick the index ourselves: results are ordered by requested_at and cut at offset+limit.
// Walking the requested_at index backwards stops after offset+limit matches, which is ideal when
// the filters match many rows, and hopeless when they match few (it reads the whole table).
// Going through a filter's own index (service code, state, updated_at, R*Tree location) reads
// only the matching rows but must sort them all, which is ideal when they are few. SQLite's
// planner does not weigh the LIMIT, and without STAT4 it cannot tell a popular service from a
// rare one, so it picked the sort plan for "all open requests in 90 days" (0.5 s at 1M rows) and
// an R*Tree walk over the whole city (2.5 s). ChooseDriver() instead counts, on the candidate
// indexes only (covering, so cheap) and only up to a cap of ten pages, how many rows each filter
// would feed in, and takes a filter index only if it feeds in fewer than the cap. A sorting driver
// sorts ids only, then reads the full rows of the one page it returns.
//
// Semantics (shared with every RequestStore; see RequestQuery):
//  - ids, when non-empty, replace every other filter except the internal exclusion, which is a
//    visibility rule rather than a filter; limit/offset and the order still apply.
//  - start/end and updated_after/updated_before are inclusive bounds.
//  - bbox matches requests whose (lat, lon) lies inside it, edges included; requests without a
//    location never match a bbox.
//  - Order: requested_at desc, id desc. limit <= 0 gives no rows; a negative offset counts as 0.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "adapters/storage/sqlite/sqlite_db.hpp"
#include "base/result.hpp"
#include "domain/request.hpp"

namespace civic311::sqlite {

struct BuiltQuery {
  std::string sql;
  std::vector<std::variant<std::int64_t, double, std::string>> params;  // ?1, ?2, … in order

  void BindTo(Statement& st) const;
  // Runs the query and returns the first column of its first row (a count); 0 if no row.
  Result<std::int64_t> QueryInt(Db& db) const;
};

// Which access path leads the query.
enum class ListDriver {
  kIds,   // primary key lookups
  kTime,  // the requested_at index, newest first: no sort, stops at offset+limit
  // One service: (service_code, requested_at, state, internal, lat, lon) newest first, every
  // other filter but updated_at read from the index itself: no sort, stops at offset+limit.
  kServiceWalk,
  kService,   // (service_code, requested_at), then sort
  kState,     // (state, requested_at), then sort
  kUpdated,   // (updated_at), then sort
  kLocation,  // the R*Tree, then sort
};

// Picks the driver for q by counting candidate rows on `db` (see above).
Result<ListDriver> ChooseDriver(Db& db, const RequestQuery& q);

// The SELECT (starting with SelectRequests()) that lists the requests matching q via `driver`.
BuiltQuery BuildListQuery(const RequestQuery& q, ListDriver driver);

}  // namespace civic311::sqlite
