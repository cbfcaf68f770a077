// SqliteCrewStore: the crew register (app/crew_ports.hpp; schema: migrations/0023_crews.sql) of
// the database file a SqliteStore has open. Writes go through the SqliteStore's one writer
// thread, reads through its reader pool; every value is bound to a prepared statement.
//
// Ownership: borrows the SqliteStore, which must outlive it.
// Thread-safety: every method is safe from many threads at once; all calls block (disk).
#pragma once

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/crew_ports.hpp"

namespace civic311 {

class SqliteCrewStore final : public CrewStore {
 public:
  explicit SqliteCrewStore(SqliteStore& store) : store_(store) {}

  Result<std::vector<Crew>> ListCrews(const std::string& department_code) override;
  Result<std::optional<Crew>> GetCrew(std::int64_t id) override;
  Result<Crew> CreateCrew(Crew c) override;
  Status UpdateCrew(const Crew& c) override;

 private:
  SqliteStore& store_;
};

}  // namespace civic311
