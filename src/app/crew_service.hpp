// CrewService: the crew register's use cases (docs/console.md, "Crews"): who may see a
// department's crews (those who manage its work orders, and admins) and who may add, rename,
// retire and bring back a crew (admins: manage_configuration). Each change is an audit entry
// ("crew_create", "crew_update").
//
// Errors: kPermissionDenied/kUnauthenticated (policy), kInvalidArgument with field errors
// ("department_code", "name"), kNotFound (no such crew), kConflict (name taken).
// Ownership: references the stores and clock, which must outlive it. Thread-safety: as the
// stores (safe from many threads; calls block).
#pragma once

#include "app/crew_ports.hpp"
#include "app/workflow_ports.hpp"
#include "domain/live_city.hpp"

namespace civic311 {

class CrewService {
 public:
  CrewService(CitySource city, CrewStore& crews, AuditStore& audit, const Clock& clock)
      : city_(std::move(city)), crews_(crews), audit_(audit), clock_(clock) {}

  // The crews of `department_code` (active and not), by name. Empty code: every department's
  // (admins only).
  Result<std::vector<Crew>> List(const Actor& actor, const std::string& department_code);
  // The active crews of the department, for a work-order form (same permission as List).
  Result<std::vector<Crew>> Active(const Actor& actor, const std::string& department_code);
  Result<Crew> Create(const Actor& actor, const std::string& department_code,
                      const std::string& name);
  // Renames and/or retires (active = false) or brings back a crew.
  Result<Crew> Update(const Actor& actor, std::int64_t id, const std::string& name, bool active);

 private:
  CitySource city_;
  CrewStore& crews_;
  AuditStore& audit_;
  const Clock& clock_;
};

}  // namespace civic311
