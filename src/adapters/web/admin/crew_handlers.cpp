// Crews (docs/console.md, "Crews"): the register of each department's crews that work orders
// name — the list, a new crew, and per crew a new name and active / inactive. The use cases are
// CrewService's (admins only; each change an audit entry). A crew is never deleted: work orders
// keep naming it, and an inactive crew is no longer offered for new work.
#include "adapters/web/admin/admin_page.hpp"
#include "adapters/web/admin/handlers.hpp"
#include "app/crew_service.hpp"

namespace civic311::admin {
namespace json = boost::json;
namespace {

// The page; `err` holds the add form's problems by field ("department", "name") and `typed`
// what was typed; `row_error`: a problem with crew `row` (its form is marked).
http::Response CrewsPage(const A& d, const console::StaffVisit& s, const http::Request& req,
                         json::object err, json::object typed, std::int64_t row = 0,
                         const std::string& row_error = "") {
  json::object view = AdminView(d, s, req, "crews_title");
  auto list = d.crews->List(s.actor, "");
  if (!list.ok()) return portal::ErrorPage(*d.console->web, req, list.error());
  const auto city = d.console->web->workflow->city();
  json::array rows;
  for (const Crew& c : *list) {
    const Department* dep = city->FindDepartment(c.department_code);
    json::object r{{"id", c.id},
                   {"name", c.name},
                   {"department", dep != nullptr ? dep->name : c.department_code},
                   {"active", c.active}};
    if (c.id == row) r["row_error"] = row_error;
    rows.push_back(std::move(r));
  }
  json::array departments;
  const std::string chosen =
      typed.contains("department") ? std::string(typed.at("department").as_string()) : "";
  for (const Department& dp : city->departments) {
    departments.push_back(
        json::object{{"code", dp.code}, {"name", dp.name}, {"selected", dp.code == chosen}});
  }
  view["crews"] = std::move(rows);
  view["departments"] = std::move(departments);
  view["typed"] = std::move(typed);
  const bool bad = !err.empty() || !row_error.empty();
  view["err"] = std::move(err);
  if (!row_error.empty()) view["error"] = row_error;
  if (req.Param("saved") == "1") view["flash"] = Word(d, s, "crews_saved");
  return RenderAdmin(d, s, req, "admin_crews", std::move(view), bad ? 400 : 200);
}

std::optional<console::StaffVisit> EnterCrews(const A& d, const http::Request& req,
                                              http::Response* refusal) {
  auto s = Enter(d, req, refusal);
  if (!s) return std::nullopt;
  if (d.crews == nullptr) {
    *refusal = portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin2_not_set_up"));
    return std::nullopt;
  }
  return s;
}

}  // namespace

http::Response GetCrews(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterCrews(d, req, &refusal);
  if (!s) return refusal;
  return CrewsPage(d, *s, req, {}, {});
}

http::Response PostCrew(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterCrews(d, req, &refusal);
  if (!s) return refusal;
  const std::string department = FormValue(req, "department");
  const std::string name = FormValue(req, "name");
  auto created = d.crews->Create(s->actor, department, name);
  if (!created.ok()) {
    const Error& e = created.error();
    if (e.code != ErrorCode::kInvalidArgument && e.code != ErrorCode::kConflict)
      return portal::ErrorPage(*d.console->web, req, e);
    json::object err;
    for (const FieldError& f : e.fields) {
      const std::string field = f.field == "department_code" ? "department" : f.field;
      err[field] = f.message;
    }
    if (err.empty()) err["name"] = e.message;
    return CrewsPage(d, *s, req, std::move(err),
                     json::object{{"department", department}, {"name", name}});
  }
  return portal::Redirect("/staff/admin/crews?saved=1");
}

http::Response PostCrewUpdate(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterCrews(d, req, &refusal);
  if (!s) return refusal;
  auto id = portal::ParseId(req.path_params.at(0));
  if (!id) return portal::ErrorPage(*d.console->web, req, 404, "");
  auto updated =
      d.crews->Update(s->actor, *id, FormValue(req, "name"), FormValue(req, "active") == "1");
  if (!updated.ok()) {
    const Error& e = updated.error();
    if (e.code != ErrorCode::kInvalidArgument && e.code != ErrorCode::kConflict)
      return portal::ErrorPage(*d.console->web, req, e);
    std::string text = e.message;
    for (const FieldError& f : e.fields) text = Word(d, *s, "crews_name") + ": " + f.message;
    return CrewsPage(d, *s, req, {}, {}, *id, text);
  }
  return portal::Redirect("/staff/admin/crews?saved=1");
}

}  // namespace civic311::admin
