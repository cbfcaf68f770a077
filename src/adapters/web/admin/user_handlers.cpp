// The people: every account with its role, departments, second factor and state; disable and
// enable (each an audit entry; disabling also ends the person's sessions). Creating accounts and
// changing roles or departments is `civic311 user` for now (docs/console.md, "Not yet").
#include <charconv>

#include "adapters/web/admin/admin_page.hpp"
#include "adapters/web/admin/handlers.hpp"

namespace civic311::admin {
namespace json = boost::json;

http::Response GetUsers(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  if (!Authorize(s->actor, Operation::kManageUsers, Target{}) || d.console->users == nullptr)
    return portal::ErrorPage(*d.console->web, req, 403, Word(d, *s, "admin_only"));
  auto users = d.console->users->ListUsers();
  if (!users.ok()) return portal::ErrorPage(*d.console->web, req, users.error());
  json::array rows;
  for (const User& u : *users) {
    std::string departments;
    for (const std::string& code : u.departments)
      departments += (departments.empty() ? "" : ", ") + code;
    rows.push_back(json::object{{"id", u.id},
                                {"email", u.email},
                                {"name", u.display_name},
                                {"role", RoleName(u.role)},
                                {"departments", departments},
                                {"totp", !u.totp_secret.empty()},
                                {"disabled", u.disabled},
                                {"self", u.id == s->actor.user_id}});
  }
  json::object view = AdminView(d, *s, req, "admin_section_users");
  view["users"] = std::move(rows);
  return RenderAdmin(d, *s, req, "admin_users", std::move(view));
}

http::Response PostUserState(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  if (!Authorize(s->actor, Operation::kManageUsers, Target{}) || d.console->users == nullptr)
    return portal::ErrorPage(*d.console->web, req, 403, Word(d, *s, "admin_only"));
  const std::string& id_text = req.path_params.at(0);
  const std::string& action = req.path_params.at(1);
  UserId id = 0;
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  auto user = ec == std::errc() && end == id_text.data() + id_text.size()
                  ? d.console->users->GetUser(id)
                  : Result<std::optional<User>>(std::optional<User>());
  if (!user.ok()) return portal::ErrorPage(*d.console->web, req, user.error());
  if (!user->has_value() || (action != "disable" && action != "enable"))
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_entry"));
  if ((*user)->id == s->actor.user_id)  // never lock oneself out
    return portal::ErrorPage(*d.console->web, req, 400, Word(d, *s, "admin_not_yourself"));
  const bool disable = action == "disable";
  if (Status st = d.console->users->SetUserDisabled((*user)->email, disable); !st.ok())
    return portal::ErrorPage(*d.console->web, req, st.error());
  if (disable) {
    if (Status st = d.console->users->DeleteSessionsOfUser((*user)->id); !st.ok())
      return portal::ErrorPage(*d.console->web, req, st.error());
  }
  if (d.console->audit != nullptr) {
    AuditEntry e{0,
                 SystemClock().Now(),
                 s->actor.user_id,
                 disable ? "user_disable" : "user_enable",
                 "",
                 std::nullopt,
                 json::serialize(json::object{{"user", (*user)->email}})};
    if (Status st = d.console->audit->AppendAudit(e); !st.ok())
      return portal::ErrorPage(*d.console->web, req, st.error());
  }
  return portal::Redirect("/staff/admin/users");
}

}  // namespace civic311::admin
