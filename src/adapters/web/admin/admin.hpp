// The admin screens of the staff console (docs/console.md, "Admin"), admins only:
// clang-format off
//   GET  /staff/admin                          overview: the current version, the history
//   GET  /staff/admin/versions/{n}             one version: who, when, its diff against the one before
//   POST /staff/admin/versions/{n}/revert      stores version n's document again as a new version
//   GET  /staff/admin/document                 the whole document (TOML) in one editor
//   POST /staff/admin/document                 validates and stores it
//   GET  /staff/admin/route?service=&lat=&long=  "test a point": which department, and why
//   GET  /staff/admin/users                    people: role, departments, second factor, state
//   GET  /staff/admin/users/new, POST …        a new person: an e-mailed link sets the password
//   GET  /staff/admin/users/{id}, POST …       one person's role and departments (audited)
//   POST /staff/admin/users/{id}/disable|enable   (audited; disabling ends their sessions)
//   GET  /staff/admin/keys, POST …             API keys; a new key's secret is shown once
//   POST /staff/admin/keys/{id}/revoke
//   GET  /staff/admin/articles                 knowledge-base articles (drafts too), both languages
//   GET  /staff/admin/articles/new, GET /staff/admin/articles/{slug}/{lang}   the editor
//   POST /staff/admin/articles/save            preview (action=preview) or save
//   POST /staff/admin/articles/{slug}/{lang}/publish|unpublish
//   GET  /staff/admin/outbox?kind=webhook      parked messages; recent webhook deliveries
//   POST /staff/admin/outbox/{id}/retry, POST /staff/admin/outbox/retry-all
//   GET  /staff/admin/{section}                a section's entries (services, departments, …)
//   GET  /staff/admin/{section}/{i|new}        the form of one entry
//   POST /staff/admin/{section}/{i|new}        validates the whole new document, stores a version
//   POST /staff/admin/{section}/{i}/delete     removes the entry (validated the same way)
// clang-format on
// Every change goes through ConfigAdmin: validated exactly like the file, each mistake shown
// next to its field, stored as a new version, live at once (no restart). The guard is the
// console's (CSRF first, then the session) plus the policy's kManageConfiguration: admins only.
// Handlers block on the store: the server runs them on worker threads.
#pragma once

#include <memory>

#include "adapters/web/staff/console.hpp"
#include "app/config_admin.hpp"
#include "app/notify_ports.hpp"
#include "http/api/router.hpp"

namespace civic311 {
class CrewService;

class ApiKeyService;

struct AdminDeps {
  std::shared_ptr<const ConsoleDeps> console;  // the web room, words, session
  std::shared_ptr<ConfigAdmin> config;
  // API keys (app/api_key_service.hpp); null: the keys page says they are not set up here.
  ApiKeyService* keys = nullptr;
  // The notifications outbox (parked messages, retry, webhook deliveries); null: likewise.
  NotifyOutbox* outbox = nullptr;
  // The crew register (app/crew_service.hpp); null: the crews page says it is not set up.
  CrewService* crews = nullptr;
};

void AddAdminRoutes(http::Router& router, std::shared_ptr<const AdminDeps> deps);

}  // namespace civic311
