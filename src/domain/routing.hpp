// Routing a new request to the department that handles it. Pure; safe from any thread.
// The order of decisions, the areas and the rules are described in docs/config.md ("Routing").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/areas.hpp"
#include "domain/city.hpp"

namespace civic311 {

struct Routing {
  std::string department_code;  // agency_responsible
  bool emergency = false;       // true: dispatch must see it now; the reporter is told to call
  // Why, for staff, the log and `civic311 route`: "service POTHOLE in area 'North' → PWD-NORTH
  // (rule 1)". Never shown to the public.
  std::string reason;
  std::vector<std::string> areas;  // the areas containing the location, in config order
};

// Where a request for `service` at `location` (nullopt: no coordinates, e.g. address only) goes:
//  1. a location outside the city (City::areas' boundary, and always City::bounds) is
//     kInvalidArgument on field "lat": "the location 42.5, -71.0 is outside Demo City";
//  2. an emergency service goes to the dispatch department (City::dispatch_department, else the
//     first department marked `dispatch`) and is flagged as an emergency;
//  3. else the first routing rule whose service and area match (AreaIndex::Route);
//  4. else the service's own department;
//  5. else the city's fallback department; kInternal when there is none (a config bug).
// An emergency service with no dispatch department is routed by 3–5 and still flagged.
Result<Routing> RouteRequest(const City& city, const Service& service,
                             std::optional<LonLat> location);

// Routing without a location (rules for a named area never match). Never fails: when steps 3–5
// find no department the service's own (possibly empty) department code is returned.
Routing RouteRequest(const City& city, const Service& service);

}  // namespace civic311
