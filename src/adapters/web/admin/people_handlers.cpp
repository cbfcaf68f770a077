// A new person and one person's access (docs/console.md, "Admin"). Both go through AuthService
// (the use case `civic311 user create` uses): InviteUser creates the account with a password
// nobody sees and e-mails a link through the outbox with which the person sets their own;
// ChangeAccess replaces role and departments and writes the audit entry. Department codes are
// checked against the city here (the service does not know the city), each mistake next to its
// field.
#include <algorithm>
#include <charconv>

#include "adapters/web/admin/admin_page.hpp"
#include "adapters/web/admin/handlers.hpp"
#include "app/auth_service.hpp"

namespace civic311::admin {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxNameBytes = 100;

std::optional<UserId> UserIdParam(const http::Request& req) {
  if (req.path_params.empty()) return std::nullopt;
  const std::string& t = req.path_params.front();
  UserId id = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
  if (ec != std::errc() || end != t.data() + t.size() || id <= 0) return std::nullopt;
  return id;
}

// What the form holds (from the account, or as posted).
struct Access {
  std::string email;
  std::string name;
  std::string role = "staff";
  std::vector<std::string> departments;
};

Access Posted(const http::Request& req) {
  Access a;
  a.email = FormValue(req, "email");
  a.name = FormValue(req, "name");
  a.role = FormValue(req, "role");
  for (const auto& [k, v] : req.form)
    if (k == "departments" && !v.empty()) a.departments.push_back(v);
  return a;
}

// The role and department pickers, with what is chosen ticked.
void AccessView(const A& d, const console::StaffVisit& s, const Access& a, json::object& view) {
  json::array roles;
  for (Role r : kAllRoles) {
    const std::string name(RoleName(r));
    roles.push_back(json::object{{"value", name},
                                 {"label", Word(d, s, "admin2_role_" + name)},
                                 {"selected", name == a.role}});
  }
  view["roles"] = std::move(roles);
  json::array deps;
  const City& city = *d.console->web->city;
  for (const Department& dep : city.departments) {
    const bool on =
        std::find(a.departments.begin(), a.departments.end(), dep.code) != a.departments.end();
    deps.push_back(json::object{{"code", dep.code}, {"name", dep.name}, {"checked", on}});
  }
  view["departments"] = std::move(deps);
  view["email_value"] = a.email;
  view["name_value"] = a.name;
}

// Mistakes the city can tell: an unknown role or department code.
json::object CheckAccess(const A& d, const console::StaffVisit& s, const Access& a,
                         std::optional<Role>* role) {
  json::object err;
  *role = ParseRole(a.role);
  if (!*role) err["role"] = Word(d, s, "admin2_user_bad_role");
  const City& city = *d.console->web->city;
  for (const std::string& code : a.departments)
    if (city.FindDepartment(code) == nullptr)
      err["departments"] = Word(d, s, "admin2_user_bad_dep");
  return err;
}

http::Response NewPage(const A& d, const console::StaffVisit& s, const http::Request& req,
                       const Access& a, json::object err) {
  json::object view = AdminView(d, s, req, "admin2_user_new");
  AccessView(d, s, a, view);
  const bool bad = !err.empty();
  view["err"] = std::move(err);
  return RenderAdmin(d, s, req, "admin_user_new", std::move(view), bad ? 400 : 200);
}

http::Response EditPage(const A& d, const console::StaffVisit& s, const http::Request& req,
                        const User& u, const Access& a, json::object err) {
  json::object view = AdminView(d, s, req, "admin2_user_edit");
  AccessView(d, s, a, view);
  view["user"] = json::object{{"id", u.id},
                              {"email", u.email},
                              {"name", u.display_name},
                              {"disabled", u.disabled},
                              {"self", u.id == s.actor.user_id}};
  const bool bad = !err.empty();
  view["err"] = std::move(err);
  return RenderAdmin(d, s, req, "admin_user_edit", std::move(view), bad ? 400 : 200);
}

// The guard plus kManageUsers and the user store; nullopt with *refusal set otherwise.
std::optional<console::StaffVisit> EnterUsers(const A& d, const http::Request& req,
                                              http::Response* refusal) {
  auto s = Enter(d, req, refusal);
  if (!s) return std::nullopt;
  if (!Authorize(s->actor, Operation::kManageUsers, Target{}) || d.console->users == nullptr ||
      d.console->web->auth == nullptr) {
    *refusal = portal::ErrorPage(*d.console->web, req, 403, Word(d, *s, "admin_only"));
    return std::nullopt;
  }
  return s;
}

// The person /staff/admin/users/{id} names; nullopt with `*refusal` set (404, or the store's
// error page) when there is none.
std::optional<User> PersonOf(const A& d, const console::StaffVisit& s, const http::Request& req,
                             http::Response* refusal) {
  const auto id = UserIdParam(req);
  auto user = id ? d.console->users->GetUser(*id) : Result<std::optional<User>>(std::nullopt);
  if (!user.ok()) {
    *refusal = portal::ErrorPage(*d.console->web, req, user.error());
    return std::nullopt;
  }
  if (!user->has_value())
    *refusal = portal::ErrorPage(*d.console->web, req, 404, Word(d, s, "admin_no_entry"));
  return std::move(*user);
}

}  // namespace

http::Response GetUserNew(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterUsers(d, req, &refusal);
  if (!s) return refusal;
  return NewPage(d, *s, req, Access{}, {});
}

http::Response PostUserNew(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterUsers(d, req, &refusal);
  if (!s) return refusal;
  Access a = Posted(req);
  std::optional<Role> role;
  json::object err = CheckAccess(d, *s, a, &role);
  if (a.name.size() > kMaxNameBytes) err["name"] = Word(d, *s, "admin2_user_long_name");
  if (a.email.empty()) err["email"] = Word(d, *s, "admin2_user_bad_email");
  if (!err.empty()) return NewPage(d, *s, req, a, std::move(err));
  NewUser in{a.email, a.name, *role, a.departments, ""};
  auto created = d.console->web->auth->InviteUser(s->actor, in);
  if (!created.ok()) {
    const Error& e = created.error();
    if (e.code == ErrorCode::kConflict) {
      err["email"] = Word(d, *s, "admin2_user_taken");
    } else if (e.code == ErrorCode::kInvalidArgument) {
      err["email"] = Word(d, *s, "admin2_user_bad_email");
    } else {
      return portal::ErrorPage(*d.console->web, req, e);
    }
    return NewPage(d, *s, req, a, std::move(err));
  }
  return portal::Redirect("/staff/admin/users?invited=" + std::to_string(created->id));
}

http::Response GetUserEdit(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterUsers(d, req, &refusal);
  if (!s) return refusal;
  std::optional<User> user = PersonOf(d, *s, req, &refusal);
  if (!user) return refusal;
  const User& u = *user;
  Access a{u.email, u.display_name, std::string(RoleName(u.role)), u.departments};
  return EditPage(d, *s, req, u, a, {});
}

http::Response PostUserEdit(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterUsers(d, req, &refusal);
  if (!s) return refusal;
  std::optional<User> user = PersonOf(d, *s, req, &refusal);
  if (!user) return refusal;
  const User& u = *user;
  Access a = Posted(req);
  a.email = u.email;
  a.name = u.display_name;
  std::optional<Role> role;
  json::object err = CheckAccess(d, *s, a, &role);
  if (err.empty()) {
    Status st = d.console->web->auth->ChangeAccess(s->actor, u.id, *role, a.departments);
    if (st.ok()) return portal::Redirect("/staff/admin/users?changed=" + std::to_string(u.id));
    if (st.error().code != ErrorCode::kInvalidArgument)
      return portal::ErrorPage(*d.console->web, req, st.error());
    err["role"] = Word(d, *s, "admin2_user_not_self");
  }
  return EditPage(d, *s, req, u, a, std::move(err));
}

}  // namespace civic311::admin
