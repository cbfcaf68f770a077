#include "adapters/notify/alert_routes.hpp"

#include "base/log.hpp"

namespace civic311::notify {
namespace {

namespace json = boost::json;

struct Deps {
  StopRouteDeps pages;
  AlertService* alerts;
};

http::Response Invalid(const Deps& d, const http::Request& req) {
  return NotifyPage(d.pages, req, 400, "stop_invalid", json::object{});
}

http::Response Unavailable(const Deps& d, const http::Request& req, const Error& e) {
  Log(LogLevel::kError, "follow/alert link failed", {{"error", e.detail}});
  return NotifyPage(d.pages, req, 503, "stop_invalid", json::object{{"unavailable", true}});
}

bool IsConfirm(const LinkClaim& c) { return c.scope == "follow" || c.scope == "alert"; }

}  // namespace

void AddAlertLinkRoutes(http::Router& router, StopRouteDeps pages, AlertService* alerts) {
  auto d = std::make_shared<Deps>(Deps{std::move(pages), alerts});
  router.Add(http::Method::kGet, "/notify/confirm", [d](const http::Request& req) {
    const std::string token(req.Param("t"));
    auto claim = d->pages.links->Verify(token);
    if (!claim || !IsConfirm(*claim)) return Invalid(*d, req);
    return NotifyPage(d->pages, req, 200, "confirm",
                      json::object{{"token", token},
                                   {"follow", claim->scope == "follow"},
                                   {"id", std::to_string(claim->request_id)},
                                   {"address", claim->address}});
  });
  router.Add(http::Method::kPost, "/notify/confirm", [d](const http::Request& req) {
    auto claim = d->pages.links->Verify(req.Param("t"));
    if (!claim || !IsConfirm(*claim)) return Invalid(*d, req);
    const bool follow = claim->scope == "follow";
    auto done = follow ? d->alerts->ConfirmFollow(claim->request_id, claim->address)
                       : d->alerts->ConfirmAlert(claim->request_id, claim->address);
    if (!done.ok()) return Unavailable(*d, req, done.error());
    json::object view{
        {"follow", follow}, {"found", *done}, {"id", std::to_string(claim->request_id)}};
    if (follow) view["status_url"] = d->pages.links->Status(claim->request_id);
    return NotifyPage(d->pages, req, 200, "confirmed", std::move(view));
  });
  router.Add(http::Method::kGet, "/alerts/stop", [d](const http::Request& req) {
    const std::string token(req.Param("t"));
    auto claim = d->pages.links->Verify(token);
    if (!claim || claim->scope != "alertstop") return Invalid(*d, req);
    return NotifyPage(d->pages, req, 200, "alert_stop",
                      json::object{{"token", token}, {"address", claim->address}});
  });
  router.Add(http::Method::kPost, "/alerts/stop", [d](const http::Request& req) {
    auto claim = d->pages.links->Verify(req.Param("t"));
    if (!claim || claim->scope != "alertstop") return Invalid(*d, req);
    const bool all = req.Param("scope") == "all";
    Status s = all ? d->pages.outbox->Stop(claim->address, 0, d->pages.clock->Now())
                   : d->alerts->StopAlert(claim->request_id, claim->address);
    // An alert already deleted is stopped all the same.
    if (!s.ok() && s.error().code != ErrorCode::kNotFound) return Unavailable(*d, req, s.error());
    return NotifyPage(d->pages, req, 200, "stopped", json::object{{"all", all}, {"alert", !all}});
  });
}

}  // namespace civic311::notify
