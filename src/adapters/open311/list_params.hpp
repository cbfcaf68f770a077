// Parsing the query of GET requests.{fmt} (and the common jurisdiction_id / extensions
// parameters) into a store query. Pure: the clock's "now" is passed in.
// https://wiki.open311.org/GeoReport_v2/#get-service-requests, extensions in docs/open311.md.
//
// Rules (an empty parameter is the same as an absent one):
//  - service_request_id=1,2,3: those requests only; overrides every other filter and paging.
//  - service_code=A,B and status=open,closed: comma lists (status via StatesWithStatus).
//  - start_date/end_date (W3C): neither -> the last 90 days; one -> 90 days from/to it; both ->
//    end must not be before start and the span at most 90 days.
//  - updated_after/updated_before (v2.1 draft): the same rules on updated_datetime; when given
//    without start/end, the default 90-day window applies to updated_datetime instead.
//  - page (from 1) / page_size (1..1000, default 1000).
//  - lat/long (+ radius in metres, default 1000, at most 50000): requests within that circle.
//  - bbox=min_long,min_lat,max_long,max_lat (GeoJSON order); not together with lat/long.
//  - extensions=true|false.
// Errors: kInvalidArgument naming the parameter and what is wanted; kNotFound for a
// jurisdiction_id that is not the city's.
#pragma once

#include <optional>

#include "base/result.hpp"
#include "domain/city.hpp"
#include "domain/geo.hpp"
#include "domain/request.hpp"
#include "http/api/message.hpp"

namespace civic311::open311 {

inline constexpr int kDefaultPageSize = 1000;
inline constexpr int kMaxPageSize = 1000;
inline constexpr int kMaxPage = 100000;
inline constexpr std::size_t kMaxIds = 1000;
inline constexpr int kMaxSpanDays = 90;
inline constexpr double kDefaultRadiusMeters = 1000;
inline constexpr double kMaxRadiusMeters = 50000;

// A request id as written in a path or a parameter: 1 to 18 digits, > 0; nullopt otherwise.
std::optional<RequestId> ParseRequestId(std::string_view s);

struct ListParams {
  RequestQuery query;             // include_internal is always false
  std::optional<GeoCircle> near;  // lat/long/radius: filter exactly after the bbox query
  bool extensions = false;
};

Result<ListParams> ParseListParams(const http::Request& req, const City& city, Timestamp now);

// kNotFound if jurisdiction_id is given, not empty, and not the city's (when it has one).
Status CheckJurisdiction(const http::Request& req, const City& city);

// The extensions parameter: absent/empty/false -> false, true -> true (any letter case); else
// kInvalidArgument.
Result<bool> ParseExtensions(const http::Request& req);

}  // namespace civic311::open311
