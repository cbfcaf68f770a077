// The staff console (docs/console.md): server-rendered pages for the people behind the counter —
// sign-in, the department queue, the request desk and the call-centre desk — on the portal's web
// room (adapters/web/portal/page.hpp: words, rendering, security headers, error pages) and the
// one cookie session + CSRF piece (adapters/web/session). Every action goes through the app
// layer (WorkflowService, AuthService), so the policy decides exactly as for the staff API.
// clang-format off
//   GET  /staff                        -> 303 /staff/queue
//   GET  /staff/signin                 sign-in form (e-mail, password, authenticator code)
//   POST /staff/signin, /staff/signout
//   GET  /staff/queue                  the queue: filters, counts per state, paging
//   POST /staff/queue/bulk             acknowledge / assign to me, one audited event per request
//   GET  /staff/requests/{id}          the request desk
//   POST /staff/requests/{id}/act      one workflow action (with the version the page showed)
//   POST /staff/requests/{id}/photos   hide / show one photo (audited)
//   POST /staff/requests/{id}/internal raise an internal request for another department
//   POST /staff/requests/{id}/work_orders[/{wid}]  create / update a work order
//   GET  /staff/desk                   call-centre desk: look-up, answers, create for a caller
//   GET  /staff/desk/answers?q=        knowledge-base hits while typing (JSON)
//   POST /staff/desk/answered          records an information contact
//   POST /staff/desk/create            files a request for the caller (SubmitRequest; multipart
//                                      with photos; find_place=1 / pick=1 only redraw the form)
//   POST /staff/desk/info              adds information to a request by its number (add_info)
//   POST /staff/queue/filters          saves the queue's current filters under a name
//   POST /staff/queue/filters/{id}/delete   deletes one of the person's saved filters
//   GET  /staff/dashboard              the managers' dashboard (?department=&days= or &from=&to=)
//   GET  /staff/dashboard.csv?table=   one of its tables as CSV
//   GET  /staff/forgot, POST /staff/forgot, POST /staff/reset   forgot password (a code by e-mail)
//   GET  /staff/live                   Server-Sent Events: changes the person may see (live_handlers)
// clang-format on
//
// Only staff roles (admin, manager, staff, agent) get past the guard: anonymous visitors are sent
// to the sign-in page (GET) or refused (POST), residents get a 403 page. Every POST needs the
// session's CSRF token. Handlers block on the stores: the server runs them on worker threads.
#pragma once

#include <memory>

#include "adapters/web/portal/portal.hpp"
#include "app/workflow_ports.hpp"
#include "http/api/router.hpp"

namespace civic311 {
class CrewService;

class CallerLookup;
class DashboardService;
class SavedFilterStore;
class KnowledgeBase;
class LiveBroadcaster;

struct ConsoleDeps {
  // The shared web room: city, workflow, auth, templates and words.
  std::shared_ptr<const PortalDeps> web;
  // Names of assignees and the people one may assign to (read only).
  UserStore* users = nullptr;
  // Information contacts ("answered at the desk") are appended here as audit entries.
  AuditStore* audit = nullptr;
  // The desk's look-up by a caller's e-mail, phone or name; null: by number and words only.
  CallerLookup* callers = nullptr;
  // Each person's saved queue filters; null: the queue offers none.
  SavedFilterStore* saved_filters = nullptr;
  // Answers while the agent types; null: the desk says the knowledge base is not set up.
  KnowledgeBase* knowledge = nullptr;
  // The managers' dashboard; null: /staff/dashboard refuses (403).
  const DashboardService* dashboard = nullptr;
  // Live updates (GET /staff/live); null: pages work, but do not update themselves. Nudged after
  // each console action so the others hear of it at once.
  LiveBroadcaster* live = nullptr;
  // The crew register the work-order forms offer (docs/console.md, "Crews"); null: free text.
  CrewService* crews = nullptr;
};

void AddConsoleRoutes(http::Router& router, std::shared_ptr<const ConsoleDeps> deps);

}  // namespace civic311
