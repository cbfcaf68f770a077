#include "adapters/storage/sqlite/crew_store.hpp"

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/workflow_rows.hpp"
#include "adapters/storage/sqlite/writer.hpp"

namespace civic311 {

using sqlite::Db;
using sqlite::FromUnixSeconds;
using sqlite::ToUnix;

namespace {

constexpr char kSelectCrew[] = "SELECT id, department_code, name, active, created_at FROM crews ";

Crew ReadCrew(const sqlite::Statement& st) {
  return Crew{st.Int64(0), st.String(1), st.String(2), st.Int64(3) != 0,
              FromUnixSeconds(st.Int64(4))};
}

Error NameTaken(Error e) {
  if (e.code == ErrorCode::kConflict) {
    e.message = "the department already has a crew of this name";
    e.fields.push_back({"name", "is taken in this department"});
  }
  return e;
}

}  // namespace

Result<std::vector<Crew>> SqliteCrewStore::ListCrews(const std::string& department_code) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(std::string(kSelectCrew) +
                           "WHERE ?1 = '' OR department_code = ?1 ORDER BY department_code, name");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, department_code);
  std::vector<Crew> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back(ReadCrew(*st));
  }
  return out;
}

Result<std::optional<Crew>> SqliteCrewStore::GetCrew(std::int64_t id) {
  auto db = store_.readers().Acquire();
  if (!db.ok()) return std::move(db).error();
  auto st = (*db)->Prepare(std::string(kSelectCrew) + "WHERE id = ?1");
  if (!st.ok()) return std::move(st).error();
  auto row = st->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Crew>();
  return std::optional<Crew>(ReadCrew(*st));
}

Result<Crew> SqliteCrewStore::CreateCrew(Crew c) {
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare(
        "INSERT INTO crews (department_code, name, active, created_at) VALUES (?1, ?2, ?3, ?4)");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, c.department_code)
                 .Bind(2, c.name)
                 .Bind(3, c.active)
                 .Bind(4, ToUnix(c.created_at))
                 .Run());
    c.id = db.LastInsertRowId();
    return OkStatus();
  });
  if (!s.ok()) return NameTaken(std::move(s).error());
  return c;
}

Status SqliteCrewStore::UpdateCrew(const Crew& c) {
  Status s = store_.writer().Run([&](Db& db) -> Status {
    auto st = db.Prepare("UPDATE crews SET name = ?2, active = ?3 WHERE id = ?1");
    if (!st.ok()) return std::move(st).error();
    C311_TRY(st->Bind(1, c.id).Bind(2, c.name).Bind(3, c.active).Run());
    if (db.Changes() == 0) return Error::NotFound("no such crew");
    return OkStatus();
  });
  if (!s.ok()) return NameTaken(std::move(s).error());
  return s;
}

}  // namespace civic311
