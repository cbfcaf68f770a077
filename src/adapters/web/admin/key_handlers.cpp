// API keys (docs/console.md, "Admin"): the list, a new key — its secret shown once, on the page
// that answers the POST, never again (the store keeps only its hash) — and revoke. The same
// ApiKeyService as `civic311 api-key`; each change is an audit entry (name and prefix only).
#include "adapters/web/admin/admin_page.hpp"
#include "adapters/web/admin/handlers.hpp"
#include "app/api_key_service.hpp"

namespace civic311::admin {
namespace json = boost::json;
namespace {

http::Response KeysPage(const A& d, const console::StaffVisit& s, const http::Request& req,
                        const std::string& name, json::object err, const CreatedApiKey* created) {
  json::object view = AdminView(d, s, req, "admin2_keys_title");
  auto list = d.keys->List();
  if (!list.ok()) return portal::ErrorPage(*d.console->web, req, list.error());
  json::array rows;
  for (const ApiKeyInfo& k : *list) {
    rows.push_back(json::object{{"id", k.id},
                                {"name", k.name},
                                {"prefix", k.prefix},
                                {"created", console::ShortTime(k.created_at)},
                                {"revoked", k.revoked_at ? console::ShortTime(*k.revoked_at) : ""},
                                {"active", !k.revoked_at}});
  }
  view["keys"] = std::move(rows);
  view["name_value"] = name;
  if (created != nullptr)
    view["new_key"] = json::object{{"name", created->info.name}, {"key", created->key}};
  if (req.Param("revoked") == "1") view["flash"] = Word(d, s, "admin2_keys_revoked");
  const bool bad = !err.empty();
  view["err"] = std::move(err);
  return RenderAdmin(d, s, req, "admin_keys", std::move(view), bad ? 400 : 200);
}

std::optional<console::StaffVisit> EnterKeys(const A& d, const http::Request& req,
                                             http::Response* refusal) {
  auto s = Enter(d, req, refusal);
  if (!s) return std::nullopt;
  if (d.keys == nullptr) {
    *refusal = portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin2_not_set_up"));
    return std::nullopt;
  }
  return s;
}

}  // namespace

http::Response GetKeys(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterKeys(d, req, &refusal);
  if (!s) return refusal;
  return KeysPage(d, *s, req, "", {}, nullptr);
}

http::Response PostKey(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterKeys(d, req, &refusal);
  if (!s) return refusal;
  const std::string name = FormValue(req, "name");
  auto created = d.keys->Create(name);
  if (!created.ok()) {
    const Error& e = created.error();
    if (e.code != ErrorCode::kInvalidArgument && e.code != ErrorCode::kConflict)
      return portal::ErrorPage(*d.console->web, req, e);
    json::object err{{"name", e.code == ErrorCode::kConflict
                                  ? Word(d, *s, "admin2_keys_taken")
                                  : Word(d, *s, "admin2_keys_bad_name")}};
    return KeysPage(d, *s, req, name, std::move(err), nullptr);
  }
  if (Status st = AuditAdmin(d, *s, "api_key_create",
                             "key " + std::to_string(created->info.id) + " " + created->info.name +
                                 " " + created->info.prefix);
      !st.ok())
    return portal::ErrorPage(*d.console->web, req, st.error());
  return KeysPage(d, *s, req, "", {}, &*created);
}

http::Response PostKeyRevoke(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterKeys(d, req, &refusal);
  if (!s) return refusal;
  const std::string& id = req.path_params.at(0);
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_entry"));
  if (Status st = d.keys->Revoke(id); !st.ok()) {
    if (st.error().code == ErrorCode::kNotFound)
      return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_entry"));
    return portal::ErrorPage(*d.console->web, req, st.error());
  }
  if (Status st = AuditAdmin(d, *s, "api_key_revoke", "key " + id); !st.ok())
    return portal::ErrorPage(*d.console->web, req, st.error());
  return portal::Redirect("/staff/admin/keys?revoked=1");
}

}  // namespace civic311::admin
