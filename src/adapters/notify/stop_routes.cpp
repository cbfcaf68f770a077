#include "adapters/notify/stop_routes.hpp"

#include <boost/json.hpp>

#include "base/log.hpp"

namespace civic311::notify {

namespace json = boost::json;

http::Response NotifyPage(const StopRouteDeps& d, const http::Request& req, int status,
                          std::string_view which, json::object extra) {
  const std::string lang = d.catalog->Negotiate(req.Header("accept-language"));
  extra["t"] = d.catalog->All(lang);
  if (d.renderer != nullptr) {
    const auto brand = d.renderer->branding();
    extra["city_name"] = brand->city_name;
    extra["colour"] = brand->colour.empty() ? d.colour : brand->colour;
  } else {
    extra["city_name"] = d.city_name;
    extra["colour"] = d.colour;
  }
  extra["lang"] = lang;
  http::Response res;
  res.status = status;
  res.content_type = "text/html; charset=utf-8";
  auto html = d.engine->Render("notify/" + std::string(which) + ".html.mustache", extra);
  if (!html.ok()) {
    Log(LogLevel::kError, "notify page failed", {{"error", html.error().detail}});
    res.status = 500;
    res.content_type = "text/plain; charset=utf-8";
    res.body = "internal error";
    return res;
  }
  res.body = std::move(*html);
  // Self-contained pages: no script, no outside resources, never framed, never cached.
  res.SetHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                "frame-ancestors 'none'; base-uri 'none'");
  res.SetHeader("Cache-Control", "no-store");
  res.SetHeader("Referrer-Policy", "no-referrer");
  return res;
}

void AddStopRoutes(http::Router& router, StopRouteDeps deps) {
  auto d = std::make_shared<StopRouteDeps>(std::move(deps));
  router.Add(http::Method::kGet, "/notify/stop", [d](const http::Request& req) {
    const std::string token(req.Param("t"));
    auto claim = d->links->Verify(token);
    if (!claim || claim->scope != "stop")
      return NotifyPage(*d, req, 400, "stop_invalid", json::object{});
    return NotifyPage(*d, req, 200, "stop",
                      json::object{{"token", token},
                                   {"request_id", std::to_string(claim->request_id)},
                                   {"address", claim->address}});
  });
  router.Add(http::Method::kPost, "/notify/stop", [d](const http::Request& req) {
    auto claim = d->links->Verify(req.Param("t"));
    if (!claim || claim->scope != "stop")
      return NotifyPage(*d, req, 400, "stop_invalid", json::object{});
    const std::string_view scope = req.Param("scope");
    const bool all = scope == "all";
    // One-click (RFC 8058) or this page's first button: this request only.
    Status s = d->outbox->Stop(claim->address, all ? 0 : claim->request_id, d->clock->Now());
    if (!s.ok()) {
      Log(LogLevel::kError, "stop not recorded", {{"error", s.error().detail}});
      return NotifyPage(*d, req, 503, "stop_invalid", json::object{{"unavailable", true}});
    }
    return NotifyPage(
        *d, req, 200, "stopped",
        json::object{{"all", all}, {"request_id", std::to_string(claim->request_id)}});
  });
}

}  // namespace civic311::notify
