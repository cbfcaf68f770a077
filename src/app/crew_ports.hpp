// The crew register (docs/console.md, "Crews"; migration 0023): the crews of each department,
// named on work orders. A crew is never deleted (work orders keep naming it); an inactive one is
// no longer offered nor accepted for new work, and orders that already name it keep it.
//
// Thread-safety: implementations must be safe from many threads; calls may block (disk).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"

namespace civic311 {

struct Crew {
  std::int64_t id = 0;  // assigned by the store
  std::string department_code;
  std::string name;  // unique within the department
  bool active = true;
  Timestamp created_at{};
};

// Limit of a crew's name (bytes), the same as a work order's free-text crew.
inline constexpr std::size_t kMaxCrewNameBytes = 200;

class CrewStore {
 public:
  virtual ~CrewStore() = default;
  // The crews of `department_code` (all departments when empty), by department then name.
  virtual Result<std::vector<Crew>> ListCrews(const std::string& department_code) = 0;
  virtual Result<std::optional<Crew>> GetCrew(std::int64_t id) = 0;
  // Assigns the id. kConflict: the department has a crew of that name.
  virtual Result<Crew> CreateCrew(Crew c) = 0;
  // Name and active flag. kNotFound: no such crew; kConflict: the name is taken.
  virtual Status UpdateCrew(const Crew& c) = 0;
};

}  // namespace civic311
