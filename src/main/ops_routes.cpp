#include "main/ops_routes.hpp"

#include "adapters/open311/routes.hpp"
#include "base/log.hpp"

namespace civic311 {
namespace {

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

http::Response RenderTransportError(int status, const std::string& message,
                                    const http::Request& req) {
  if (req.path.rfind("/open311", 0) == 0) return RenderOpen311Error(status, message, req);
  http::Response r;
  r.status = status;
  r.body = "{\"error\":{\"status\":" + std::to_string(status) + ",\"message\":\"";
  AppendJsonEscaped(r.body, message);
  r.body += "\"}}";
  return r;
}

void AddOpsRoutes(http::Router& router, OpsDeps deps) {
  router.Add(http::Method::kGet, "/healthz", [deps](const http::Request&) {
    http::Response r;
    auto s = deps.store->Ping();
    r.status = s.ok() ? 200 : 503;
    r.body = s.ok() ? R"({"status":"ok","database":"ok"})"
                    : R"({"status":"unavailable","database":"unreachable"})";
    r.SetHeader("Cache-Control", "no-store");
    return r;
  });
  router.Add(http::Method::kGet, "/metrics", [deps](const http::Request&) {
    http::Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = deps.metrics->Render();
    return r;
  });
  router.Add(http::Method::kGet, "/", [deps](const http::Request&) {
    http::Response r;
    r.content_type = "text/html; charset=utf-8";
    const std::string name = HtmlEscape(deps.city->name);
    r.body =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>" +
        name + " 311</title></head><body><main><h1>" + name +
        " 311</h1><p>Report a non-emergency problem, or ask a question. "
        "<strong>In an emergency, call 911.</strong></p>"
        "<p>This server speaks the Open311 GeoReport v2 API:</p><ul>"
        "<li><a href=\"/open311/discovery.json\">discovery</a></li>"
        "<li><a href=\"/open311/v2/services.json\">services</a> (" +
        std::to_string(deps.city->services.size()) +
        " request types)</li>"
        "<li><a href=\"/open311/v2/requests.json\">recent requests</a></li></ul>"
        "</main></body></html>";
    return r;
  });
}

}  // namespace civic311
