#include "domain/routing.hpp"

namespace civic311 {

Routing RouteRequest(const City& city, const Service& service) {
  Routing r{service.department_code, service.emergency};
  if (!service.emergency) return r;
  if (city.dispatch_department && city.FindDepartment(*city.dispatch_department) != nullptr) {
    r.department_code = *city.dispatch_department;
    return r;
  }
  for (const auto& d : city.departments) {
    if (d.dispatch) {
      r.department_code = d.code;
      return r;
    }
  }
  return r;
}

}  // namespace civic311
