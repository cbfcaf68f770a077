// Internal to the admin screens: the admin guard, the base view and rendering.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "adapters/web/admin/admin.hpp"
#include "adapters/web/staff/console_page.hpp"

namespace civic311::admin {

using A = AdminDeps;

// The console's guard (CSRF first, then a staff session), then the policy: only those who may
// manage the configuration (admins) pass; anyone else gets a 403 page.
std::optional<console::StaffVisit> Enter(const A& d, const http::Request& req,
                                         http::Response* refusal);

// The console's view plus the admin navigation (`admin_nav`, the current section marked).
boost::json::object AdminView(const A& d, const console::StaffVisit& s, const http::Request& req,
                              std::string_view title_key);

http::Response RenderAdmin(const A& d, const console::StaffVisit& s, const http::Request& req,
                           std::string_view name, boost::json::object view, int status = 200);

// The words of the visitor's language.
std::string Word(const A& d, const console::StaffVisit& s, std::string_view key);

// Who saves, as recorded on a version.
ConfigAdmin::Author AuthorOf(const console::StaffVisit& s);

// The version the form was based on (hidden field "based_on"); nullopt if absent or bad.
std::optional<std::int64_t> BasedOn(const http::Request& req);

// Appends the audit entry of an admin change made by the visitor (action: "api_key_create", …;
// detail: what changed, never a secret). The store's error comes back.
Status AuditAdmin(const A& d, const console::StaffVisit& s, std::string action, std::string detail);

// The value of a form field, empty when absent.
std::string FormValue(const http::Request& req, std::string_view name);

}  // namespace civic311::admin
