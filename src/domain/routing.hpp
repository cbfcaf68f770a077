// Routing a new request to the department that handles it. Pure; safe from any thread.
// For now by service only; areas (polygons) and rules come later and will extend this function.
#pragma once

#include <string>

#include "domain/city.hpp"

namespace civic311 {

struct Routing {
  std::string department_code;  // agency_responsible
  bool emergency = false;       // true: dispatch must see it now; the reporter is told to call
};

// A request for `service` goes to the service's own department. An emergency service goes to the
// city's dispatch department (City::dispatch_department, else the first department marked
// `dispatch`, else the service's own department) and is flagged as an emergency either way.
Routing RouteRequest(const City& city, const Service& service);

}  // namespace civic311
