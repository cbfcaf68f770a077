// The resident portal (docs/portal.md): server-rendered pages for residents — home, report a
// problem in steps, the status page of a request, the public list and map, thank-yous, answers
// (knowledge base), the account — plus the installable app's manifest, service worker and the
// static files (CSS, scripts, icons, vendored Leaflet), all from web/ (adapters/assets).
// clang-format off
//   GET  /                          home
//   GET  /report                    step 1 "what" (?service_code= jumps to step 2)
//   GET|POST /report/{step}         where, details, photos, about, review (hidden fields carry the
//                                   draft from step to step: works without JavaScript)
//   POST /report/submit             files the request (SubmitRequest) -> 303 /report/sent/{id}
//   GET  /report/sent/{id}          confirmation: tracking number, what happens next, expected date
//   GET  /report/places?q=          address search (JSON, for the map script)
//   GET  /report/photo/{name}       preview thumbnail of a photo added on the photos step
//   GET  /requests                  public list + map (?service=&state=&area=&days=&page=)
//   GET  /requests/find?number=     "check a request": to /requests/{id}
//   GET  /requests/{id}             status page; POST …/follow, …/info, …/reopen, …/metoo
//   GET|POST /kudos                 say thank you
//   GET  /answers, /answers/{slug}  knowledge base; GET /answers/suggest?q= (JSON, while typing)
//   GET  /account                   sign in / my requests; POST /account/signin, /account/signout
//   GET|POST /account/alerts        requests I follow, my area alerts, notification choices;
//                                   POST …/alerts/{id}/delete, /account/follows/{id}/unfollow,
//                                   /account/notifications
//   GET  /requests.atom, /feeds/areas/{area}.atom, /alerts/{token}.atom   Atom feeds
//   GET|POST /account/register      register (e-mail confirmed by link); GET|POST /account/confirm
//   GET  /manifest.webmanifest, /sw.js, /theme.css, /static/…
// clang-format on
//
// Every page: Content-Security-Policy without inline scripts and with frame-ancestors 'none',
// X-Content-Type-Options, Referrer-Policy; every form carries a CSRF token (adapters/web/session).
// Words come from web/i18n/<lang>.json: ?lang=xx, then the c311_lang cookie, then
// Accept-Language choose; <html lang> follows.
// Never personal data on a public page: requests are rendered from their public fields only.
// Handlers block on the stores: the server runs them on worker threads.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "adapters/assets/message_catalog.hpp"
#include "adapters/assets/template_engine.hpp"
#include "app/auth_service.hpp"
#include "app/request_service.hpp"
#include "app/workflow_service.hpp"
#include "domain/live_city.hpp"
#include "http/api/router.hpp"

namespace civic311 {

class AlertService;
class Geocoder;
class KnowledgeBase;
class MarkdownRenderer;
class MediaService;
class MeToo;

struct PortalDeps {
  // The city for this request: every route pins the live city's current snapshot here
  // (PinCity), so one page is rendered from one configuration version.
  std::shared_ptr<const City> city;
  // serve: the live city, replaced when an admin stores a new version (domain/live_city.hpp).
  // Null: `city` never changes (tests, tools).
  std::shared_ptr<const LiveCity> live_city;
  std::shared_ptr<RequestService> requests;
  std::shared_ptr<WorkflowService> workflow;
  std::shared_ptr<AuthService> auth;
  std::shared_ptr<const assets::Assets> assets;
  std::shared_ptr<const assets::TemplateEngine> templates;
  std::shared_ptr<const assets::MessageCatalog> messages;
  // The back-end pieces (docs/portal-backend.md); null: the portal works without them (no
  // address search, no answers, no photo upload) and says so.
  Geocoder* geocoder = nullptr;
  KnowledgeBase* knowledge = nullptr;
  const MarkdownRenderer* markdown = nullptr;
  MediaService* media = nullptr;
  // Follows by e-mail, area alerts, notification choices and the feeds' alert lookups
  // (docs/notifications.md); null: the status page offers signed-in following only.
  std::shared_ptr<AlertService> alerts;
  // "Me too" on open requests (app/me_too.hpp); null: not offered.
  MeToo* me_too = nullptr;
  // The city in each catalog language (services and departments translated: domain Localized),
  // for `city`; AddPortalRoutes and PinCity fill it. A language missing here reads `city`.
  std::map<std::string, std::shared_ptr<const City>, std::less<>> city_in;
  const City& CityIn(std::string_view lang) const {
    auto it = city_in.find(lang);
    return it != city_in.end() ? *it->second : *city;
  }
  // PinCity's last answer, shared by the copies of these deps (built once per city version).
  struct PinCache {
    std::mutex mu;
    std::shared_ptr<const PortalDeps> pinned;
  };
  std::shared_ptr<PinCache> pin_cache = std::make_shared<PinCache>();
};

// `deps` itself when its city is the live city's current one (or there is no live city), else a
// copy holding the current snapshot and its translations — built once per configuration version
// and kept, so a request after an admin change costs one mutex and a shared_ptr copy.
std::shared_ptr<const PortalDeps> PinCity(const std::shared_ptr<const PortalDeps>& deps);

// Adds the portal's routes; fills deps->city_in for every catalog language first, in place
// (deps must be a make_shared<PortalDeps> the caller may still complete, e.g. with alerts).
void AddPortalRoutes(http::Router& router, std::shared_ptr<const PortalDeps> deps);

// The portal's error page (HTML) for a transport error or a failed handler: status
// 400/403/404/405/413/500/503…, in the language a page would have (?lang=, the c311_lang cookie,
// Accept-Language) with <html lang> and Content-Language. `message` is the transport's, English
// and for programs: it is not shown; the page says the status's words in the visitor's language.
http::Response RenderPortalError(const PortalDeps& deps, int status, const std::string& message,
                                 const http::Request& req);

}  // namespace civic311
