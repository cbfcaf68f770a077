#include "domain/routing.hpp"

#include <cstdio>

namespace civic311 {
namespace {

const Department* DispatchDepartment(const City& city) {
  if (city.dispatch_department) {
    if (const Department* d = city.FindDepartment(*city.dispatch_department)) return d;
  }
  for (const auto& d : city.departments)
    if (d.dispatch) return &d;
  return nullptr;
}

std::string FormatLatLon(LonLat p) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.8g, %.8g", p.lat, p.lon);
  return buf;
}

}  // namespace

Result<Routing> RouteRequest(const City& city, const Service& service,
                             std::optional<LonLat> location) {
  Routing r;
  r.emergency = service.emergency;
  static const AreaIndex kNoAreas;
  const AreaIndex& index = city.areas ? *city.areas : kNoAreas;
  if (location) {
    if (!city.bounds.Contains(location->lat, location->lon) || !index.InCity(*location)) {
      const std::string city_name = city.name.empty() ? "the city" : city.name;
      return Error::InvalidField(
          "lat", "the location " + FormatLatLon(*location) + " is outside " + city_name);
    }
    for (const Area* a : index.AreasAt(*location)) r.areas.push_back(a->name);
  }
  if (service.emergency) {
    if (const Department* d = DispatchDepartment(city)) {
      r.department_code = d->code;
      r.reason = "emergency service " + service.code + " → " + d->code +
                 " (the city's dispatch department)";
      return r;
    }
  }
  auto decision = index.Route(service.code, location, service.department_code);
  if (!decision.ok()) return std::move(decision).error();
  r.department_code = std::move(decision->department);
  r.reason = std::move(decision->reason);
  return r;
}

Routing RouteRequest(const City& city, const Service& service) {
  auto routed = RouteRequest(city, service, std::nullopt);
  if (routed.ok()) return std::move(routed).value();
  Routing r;
  r.department_code = service.department_code;
  r.emergency = service.emergency;
  r.reason = "service " + service.code +
             " → its own department (no routing decision: " + routed.error().detail + ")";
  return r;
}

}  // namespace civic311
