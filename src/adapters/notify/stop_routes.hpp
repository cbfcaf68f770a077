// The pages a stop link lands on (docs/notifications.md, "Stop links"):
//   GET  /notify/stop?t=TOKEN  a small page: "stop this request's messages" / "stop all messages
//                              to this address", each a POST form. A GET never changes anything,
//                              so a mail scanner that follows every link stops nothing.
//   POST /notify/stop          t=TOKEN&scope=request|all, or RFC 8058 one-click
//                              (List-Unsubscribe=One-Click, sent by the mail client itself).
//   GET  /notify/survey?t=TOKEN  the "was it fixed?" answer page (yes: thanks; no: the status
//                              page's link, where the resident says what is wrong).
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
};

void AddStopRoutes(http::Router& router, StopRouteDeps deps);

// One of these self-contained pages: templates/notify/<which>.html.mustache with `extra` plus
// t, city_name and lang (the browser's language); strict CSP, no-store. Shared with the
// follow/alert pages (alert_routes.hpp).
http::Response RenderNotifyPage(const StopRouteDeps& d, const http::Request& req, int status,
                                std::string_view which, boost::json::object extra);

}  // namespace civic311::notify
