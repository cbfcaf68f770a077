// Static files (web/static, vendored Leaflet), the app manifest, the service worker and the
// city's colours as a style sheet (no inline styles: the CSP forbids them).
#include "adapters/web/portal/handlers.hpp"
#include "adapters/web/portal/page.hpp"

namespace civic311::portal {
namespace json = boost::json;
namespace {

http::Response FileResponse(const http::Request& req, const assets::Asset& a, bool immutable) {
  http::Response r;
  AddSecurityHeaders(r);
  r.SetHeader("ETag", std::string(a.etag));
  // Static files are revalidated cheaply (ETag); vendored files never change within a build.
  r.SetHeader("Cache-Control", immutable ? "public, max-age=604800" : "public, max-age=300");
  if (req.Header("if-none-match") == a.etag) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.content_type = std::string(a.content_type);
  r.body = std::string(a.bytes);
  return r;
}

}  // namespace

http::Response GetStatic(const D& d, const http::Request& req) {
  std::string name = "static";
  for (const std::string& part : req.path_params) name += "/" + part;
  // Only files under static/: templates and catalogs are never served as files.
  auto a = assets::IsSafeAssetName(name) ? d.assets->Find(name) : std::nullopt;
  if (!a) return ErrorPage(d, req, 404, "");
  return FileResponse(req, *a, name.starts_with("static/vendor/"));
}

http::Response GetServiceWorker(const D& d, const http::Request& req) {
  auto a = d.assets->Find("static/sw.js");
  if (!a) return ErrorPage(d, req, 404, "");
  http::Response r = FileResponse(req, *a, false);
  r.SetHeader("Service-Worker-Allowed", "/");
  r.SetHeader("Cache-Control", "no-cache");
  return r;
}

http::Response GetManifest(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  json::object m{{"name", d.city->name + " 311"},
                 {"short_name", "311"},
                 {"description", d.messages->Get(v.lang, "home_lead")},
                 {"lang", v.lang},
                 {"start_url", "/?source=app"},
                 {"scope", "/"},
                 {"display", "standalone"},
                 {"background_color", "#ffffff"},
                 {"theme_color", d.city->branding.primary_color},
                 {"icons", json::array{json::object{{"src", "/static/icons/icon-192.png"},
                                                    {"sizes", "192x192"},
                                                    {"type", "image/png"}},
                                       json::object{{"src", "/static/icons/icon-512.png"},
                                                    {"sizes", "512x512"},
                                                    {"type", "image/png"},
                                                    {"purpose", "any maskable"}},
                                       json::object{{"src", "/static/icons/icon.svg"},
                                                    {"sizes", "any"},
                                                    {"type", "image/svg+xml"}}}}};
  http::Response r = Json(m);
  r.content_type = "application/manifest+json; charset=utf-8";
  r.headers.erase(std::remove_if(r.headers.begin(), r.headers.end(),
                                 [](const auto& h) { return h.first == "Cache-Control"; }),
                  r.headers.end());
  r.SetHeader("Cache-Control", "public, max-age=300");
  return r;
}

http::Response GetTheme(const D& d, const http::Request&) {
  // Colours were checked as #rrggbb when the configuration was loaded: nothing else gets in.
  const Branding& p = d.city->branding;
  http::Response r;
  r.content_type = "text/css; charset=utf-8";
  r.body = ":root{--brand:" + p.primary_color + ";--accent:" + p.accent_color + ";}\n";
  AddSecurityHeaders(r);
  r.SetHeader("Cache-Control", "public, max-age=300");
  return r;
}

}  // namespace civic311::portal
