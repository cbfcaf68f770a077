// City: the whole configuration of one city — its calendar, departments, services and areas.
// Built by the config loader (adapters/config), validated, then immutable and shared.
// Thread-safety: immutable after construction; share it as std::shared_ptr<const City>.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/service.hpp"
#include "domain/sla.hpp"

namespace civic311 {

struct City {
  std::string name;             // "Demo City"
  std::string jurisdiction_id;  // Open311 jurisdiction_id, e.g. "democity.example"
  std::string base_url;         // public URL, for discovery (may be empty: derive from Host)
  std::string contact;          // discovery "contact" text
  std::optional<std::string> dispatch_department;  // where emergencies go
  // Rough city bounds; a point outside is rejected. Areas/polygons come with routing.
  struct Bounds {
    double min_lat = -90, min_lon = -180, max_lat = 90, max_lon = 180;
    bool Contains(double lat, double lon) const {
      return lat >= min_lat && lat <= max_lat && lon >= min_lon && lon <= max_lon;
    }
  } bounds;
  std::shared_ptr<const CityCalendar> calendar;
  std::vector<Department> departments;
  std::vector<Service> services;  // in catalogue order

  const Service* FindService(std::string_view code) const;
  const Department* FindDepartment(std::string_view code) const;
};

}  // namespace civic311
