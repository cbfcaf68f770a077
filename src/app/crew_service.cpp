#include "app/crew_service.hpp"

#include "domain/policy.hpp"

namespace civic311 {
namespace {

// A crew's name: 1..kMaxCrewNameBytes bytes, no control characters, not only spaces.
Status CheckName(const std::string& name) {
  if (name.find_first_not_of(" \t") == std::string::npos) {
    return Error::InvalidField("name", "is required");
  }
  if (name.size() > kMaxCrewNameBytes) {
    return Error::InvalidField("name",
                               "must be at most " + std::to_string(kMaxCrewNameBytes) + " bytes");
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return Error::InvalidField("name", "must be one line of text");
  }
  return OkStatus();
}

Status MayManage(const Actor& actor) {
  Decision d = Authorize(actor, Operation::kManageConfiguration, Target{});
  if (!d) return ToStatus(d, actor);
  return OkStatus();
}

}  // namespace

Result<std::vector<Crew>> CrewService::List(const Actor& actor,
                                            const std::string& department_code) {
  if (department_code.empty()) {
    C311_TRY(MayManage(actor));
  } else {
    if (city_.Current()->FindDepartment(department_code) == nullptr) {
      return Error::InvalidField("department_code", "is not a department of this city");
    }
    Decision d = Authorize(actor, Operation::kManageWorkOrders, Target{department_code, {}});
    if (!d && !MayManage(actor).ok()) return ToStatus(d, actor).error();
  }
  return crews_.ListCrews(department_code);
}

Result<std::vector<Crew>> CrewService::Active(const Actor& actor,
                                              const std::string& department_code) {
  auto all = List(actor, department_code);
  if (!all.ok()) return all;
  std::erase_if(*all, [](const Crew& c) { return !c.active; });
  return all;
}

Result<Crew> CrewService::Create(const Actor& actor, const std::string& department_code,
                                 const std::string& name) {
  C311_TRY(MayManage(actor));
  if (city_.Current()->FindDepartment(department_code) == nullptr) {
    return Error::InvalidField("department_code", "is not a department of this city");
  }
  C311_TRY(CheckName(name));
  auto created = crews_.CreateCrew(Crew{0, department_code, name, true, clock_.Now()});
  if (!created.ok()) return created;
  C311_TRY(audit_.AppendAudit(AuditEntry{0, created->created_at, actor.user_id, "crew_create",
                                         department_code, std::nullopt,
                                         "crew " + std::to_string(created->id) + ": " + name}));
  return created;
}

Result<Crew> CrewService::Update(const Actor& actor, std::int64_t id, const std::string& name,
                                 bool active) {
  C311_TRY(MayManage(actor));
  C311_TRY(CheckName(name));
  auto got = crews_.GetCrew(id);
  if (!got.ok()) return std::move(got).error();
  if (!got->has_value()) return Error::NotFound("no such crew");
  Crew c = **got;
  const std::string before = c.name + (c.active ? "" : " (inactive)");
  c.name = name;
  c.active = active;
  C311_TRY(crews_.UpdateCrew(c));
  C311_TRY(audit_.AppendAudit(AuditEntry{0, clock_.Now(), actor.user_id, "crew_update",
                                         c.department_code, std::nullopt,
                                         "crew " + std::to_string(c.id) + ": " + before + " -> " +
                                             c.name + (c.active ? "" : " (inactive)")}));
  return c;
}

}  // namespace civic311
