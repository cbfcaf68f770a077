#include "adapters/storage/sqlite/request_query.hpp"

#include <algorithm>
#include <limits>

#include "adapters/storage/sqlite/request_rows.hpp"
#include "adapters/storage/sqlite/sql_builder.hpp"

namespace civic311::sqlite {
namespace {

std::int64_t Unix(Timestamp t) { return t.time_since_epoch().count(); }

using Builder = SqlBuilder;

std::string JsonArray(const std::vector<RequestId>& ids) {
  std::string out = "[";
  for (RequestId id : ids) {
    if (out.size() > 1) out += ',';
    out += std::to_string(id);
  }
  return out + "]";
}

std::string ServiceCodes(const RequestQuery& q) {
  return JsonStringArray(q.service_codes, [](const std::string& s) { return s; });
}
std::string States(const RequestQuery& q) {
  return JsonStringArray(q.states, [](RequestState s) { return StateName(s); });
}

// The R*Tree keeps 32-bit floats rounded outwards, so it answers a superset (boxes that overlap
// the query box); the exact test on the row's own coordinates always follows.
constexpr char kInBox[] = "max_lat >= ? AND min_lat <= ? AND max_lon >= ? AND min_lon <= ?";

constexpr char kOrder[] = "ORDER BY r.requested_at DESC, r.id DESC";

const char* Hint(ListDriver d) {
  switch (d) {
    case ListDriver::kIds:
      return "";
    case ListDriver::kTime:
      return "INDEXED BY service_requests_requested";
    case ListDriver::kService:
    case ListDriver::kServiceWalk:
      return "INDEXED BY service_requests_service_requested";
    case ListDriver::kState:
      return "INDEXED BY service_requests_state_requested";
    case ListDriver::kUpdated:
      return "INDEXED BY service_requests_updated";
    case ListDriver::kLocation:
      return "NOT INDEXED";  // rowid lookups from the R*Tree only
  }
  return "";
}

// How many rows the index of `d` would feed into q, counting no further than `cap`.
Result<std::int64_t> CountCandidates(Db& db, const RequestQuery& q, ListDriver d,
                                     std::int64_t cap) {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  // Open-ended ranges are bound to the extremes, so that each index has one probe statement.
  Builder b("SELECT count(*) FROM (SELECT 1 FROM ");
  if (d == ListDriver::kLocation) {
    b.Append("request_locations ");
    const auto& bb = *q.bbox;
    b.Where(kInBox, bb.min_lat, bb.max_lat, bb.min_lon, bb.max_lon);
  } else if (d == ListDriver::kUpdated) {
    b.Append("service_requests INDEXED BY service_requests_updated ");
    b.Where("updated_at BETWEEN ? AND ?", q.updated_after ? Unix(*q.updated_after) : kMin,
            q.updated_before ? Unix(*q.updated_before) : kMax);
  } else {
    b.Append(d == ListDriver::kService ? "service_requests INDEXED BY "
                                         "service_requests_service_requested "
                                       : "service_requests INDEXED BY "
                                         "service_requests_state_requested ");
    if (d == ListDriver::kService) {
      b.Where("service_code IN (SELECT value FROM json_each(?))", ServiceCodes(q));
    } else {
      b.Where("state IN (SELECT value FROM json_each(?))", States(q));
    }
    b.Where("requested_at BETWEEN ? AND ?", q.start ? Unix(*q.start) : kMin,
            q.end ? Unix(*q.end) : kMax);
  }
  b.Append(" LIMIT ?" + std::to_string(b.Param(cap)) + ")");
  return b.Finish().QueryInt(db);
}

}  // namespace

void BuiltQuery::BindTo(Statement& st) const {
  for (size_t i = 0; i < params.size(); ++i) {
    std::visit([&](const auto& v) { st.Bind(static_cast<int>(i + 1), v); }, params[i]);
  }
}

Result<std::int64_t> BuiltQuery::QueryInt(Db& db) const {
  auto st = db.Prepare(sql);
  if (!st.ok()) return std::move(st).error();
  BindTo(*st);
  auto row = st->Step();
  if (!row.ok()) return std::move(row).error();
  return *row ? st->Int64(0) : std::int64_t{0};
}

Result<ListDriver> ChooseDriver(Db& db, const RequestQuery& q) {
  if (!q.ids.empty()) return ListDriver::kIds;
  // A filter index is worth its sort while it feeds in at most ten pages' worth of rows: at 1M
  // rows, sorting 8,000 candidate ids took 12 ms where walking time to find 1,000 of them took 27.
  // (64-bit: limit and offset may come straight from a client.)
  const std::int64_t page =
      std::int64_t{std::max(q.offset, 0)} + std::int64_t{std::max(q.limit, 0)};
  const std::int64_t cap = std::clamp<std::int64_t>(10 * page, 2000, 100'000);
  // One service: its own walk (covering since migration 0021) beats the time walk, which reads
  // every request of the period from the table to find the service's (at 1M requests: 13 ms for
  // "POTHOLE, open, 90 days" and 52 ms with an area's box, against 0.1 and 0.4 ms), and beats
  // sorting the service's candidates.
  const bool one_service = q.service_codes.size() == 1;
  ListDriver best = one_service ? ListDriver::kServiceWalk : ListDriver::kTime;
  std::int64_t best_count = cap;
  auto consider = [&](bool present, ListDriver d) -> Status {
    if (!present) return OkStatus();
    auto n = CountCandidates(db, q, d, cap);
    if (!n.ok()) return std::move(n).error();
    if (*n < best_count) {
      best = d;
      best_count = *n;
    }
    return OkStatus();
  };
  C311_TRY(consider(q.bbox.has_value(), ListDriver::kLocation));
  C311_TRY(consider(q.service_codes.size() > 1, ListDriver::kService));
  C311_TRY(consider(!q.states.empty(), ListDriver::kState));
  C311_TRY(consider(q.updated_after || q.updated_before, ListDriver::kUpdated));
  return best;
}

BuiltQuery BuildListQuery(const RequestQuery& q, ListDriver driver) {
  // Drivers that sort pick and sort ids first, then read the page's full rows: sorting (time, id)
  // pairs instead of whole rows made "a popular service, 90 days" 5x cheaper at 1M rows. The time
  // walk does the same when it skips an offset, so skipped rows are never built.
  const bool ids_first =
      driver != ListDriver::kIds && (driver != ListDriver::kTime || q.offset > 0);
  Builder b(ids_first ? std::string("SELECT r.id FROM service_requests r ") + Hint(driver) + " "
                      : SelectRequests(Hint(driver)));
  if (!q.ids.empty()) {
    b.Where("r.id IN (SELECT value FROM json_each(?))", JsonArray(q.ids));
  } else {
    if (driver == ListDriver::kServiceWalk && q.service_codes.size() == 1) {
      // "=", not IN: only an equality lets SQLite walk the index in order.
      b.Where("r.service_code = ?", q.service_codes[0]);
    } else if (!q.service_codes.empty()) {
      b.Where("r.service_code IN (SELECT value FROM json_each(?))", ServiceCodes(q));
    }
    if (!q.states.empty()) b.Where("r.state IN (SELECT value FROM json_each(?))", States(q));
    if (q.start) b.Where("r.requested_at >= ?", Unix(*q.start));
    if (q.end) b.Where("r.requested_at <= ?", Unix(*q.end));
    if (q.updated_after) b.Where("r.updated_at >= ?", Unix(*q.updated_after));
    if (q.updated_before) b.Where("r.updated_at <= ?", Unix(*q.updated_before));
    if (q.bbox) {
      const auto& bb = *q.bbox;
      if (driver == ListDriver::kLocation) {
        b.Where(std::string("r.id IN (SELECT id FROM request_locations WHERE ") + kInBox + ")",
                bb.min_lat, bb.max_lat, bb.min_lon, bb.max_lon);
      }
      b.Where("r.lat BETWEEN ? AND ? AND r.lon BETWEEN ? AND ?", bb.min_lat, bb.max_lat, bb.min_lon,
              bb.max_lon);
    }
  }
  if (!q.include_internal) b.Where("r.internal = 0");
  int limit = b.Param(std::int64_t{std::max(q.limit, 0)});
  int offset = b.Param(std::int64_t{std::max(q.offset, 0)});
  b.Append(std::string(" ") + kOrder + " LIMIT ?" + std::to_string(limit) + " OFFSET ?" +
           std::to_string(offset));
  BuiltQuery built = b.Finish();
  if (ids_first) {
    built.sql = SelectRequests() + "WHERE r.id IN (" + built.sql + ") " + kOrder;
  }
  return built;
}

}  // namespace civic311::sqlite
