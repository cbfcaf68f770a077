// The pages a stop link lands on (docs/notifications.md, "Stop links"):
//   GET  /notify/stop?t=TOKEN  a small page: "stop this request's messages" / "stop all messages
//                              to this address", each a POST form. A GET never changes anything,
//                              so a mail scanner that follows every link stops nothing.
//   POST /notify/stop          t=TOKEN&scope=request|all, or RFC 8058 one-click
//                              (List-Unsubscribe=One-Click, sent by the mail client itself).
//   GET  /notify/survey?t=TOKEN  the "was it fixed?" page (survey_routes.hpp): confirms, never
//                              records — a POST does.
// The signed token is the capability and the CSRF defence at once: a forged form must carry
// the recipient's own unguessable token. Pages are rendered through the TemplateEngine
// (templates/notify/*.html.mustache, escaped), in the browser's language, self-contained.
// Thread-safety: handlers may run on many worker threads at once.
#pragma once

#include <boost/json.hpp>
#include <memory>

#include "adapters/assets/message_catalog.hpp"
#include "adapters/assets/template_engine.hpp"
#include "adapters/notify/links.hpp"
#include "adapters/notify/renderer.hpp"
#include "app/notify_ports.hpp"
#include "base/clock.hpp"
#include "http/api/router.hpp"

namespace civic311::notify {

struct StopRouteDeps {
  const assets::TemplateEngine* engine;
  const assets::MessageCatalog* catalog;
  const Links* links;
  NotifyOutbox* outbox;
  const Clock* clock;
  std::string city_name;
  std::string colour = "#0b4f8a";  // the city's primary colour ([branding])
  // When set, the name and colour come from the messages' branding at each page instead, so
  // the pages follow an admin's change of the city's branding without a restart.
  const MessageRenderer* renderer = nullptr;
};

void AddStopRoutes(http::Router& router, StopRouteDeps deps);

// One self-contained page of templates/notify/ in the browser's language, with CSP, no-store
// and no referrer (shared by the stop and survey pages).
http::Response NotifyPage(const StopRouteDeps& d, const http::Request& req, int status,
                          std::string_view which, boost::json::object extra);

}  // namespace civic311::notify
