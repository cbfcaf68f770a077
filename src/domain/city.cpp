#include "domain/city.hpp"

namespace civic311 {

const Service* City::FindService(std::string_view code) const {
  for (const auto& s : services)
    if (s.code == code) return &s;
  return nullptr;
}

const Department* City::FindDepartment(std::string_view code) const {
  for (const auto& d : departments)
    if (d.code == code) return &d;
  return nullptr;
}

}  // namespace civic311
