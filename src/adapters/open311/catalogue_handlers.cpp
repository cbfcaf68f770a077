// Discovery, service list and service definition: read-only views of the city's catalogue.
#include "adapters/open311/catalogue_language.hpp"
#include "adapters/open311/format.hpp"
#include "adapters/open311/handlers.hpp"
#include "adapters/open311/list_params.hpp"
#include "adapters/open311/render.hpp"
#include "adapters/open311/responses.hpp"
#include "base/time_format.hpp"

namespace civic311::open311 {
namespace {

bool PlausibleHost(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

// The answer's language headers: it varies with Accept-Language; Content-Language names a
// translation (the catalogue's own words name none: their language is not configured).
http::Response Translated(http::Response r, const std::string& lang) {
  r.SetHeader("Vary", "Accept-Language");
  if (!lang.empty()) r.SetHeader("Content-Language", lang);
  return r;
}

}  // namespace

std::string EndpointUrl(const City& city, const http::Request& req) {
  if (!city.base_url.empty()) {
    std::string_view base = city.base_url;
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    return std::string(base) + "/open311/v2";
  }
  std::string_view host = req.Header("host");
  if (!PlausibleHost(host)) return "/open311/v2";
  return std::string(req.secure ? "https://" : "http://") + std::string(host) + "/open311/v2";
}

http::Response GetDiscovery(RequestService& svc, const http::Request& req) {
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  const std::shared_ptr<const City> snapshot = svc.city();
  const City& city = *snapshot;
  DiscoveryInfo info;
  info.changeset = FormatUtc(svc.catalogue_version());
  info.contact = city.contact;
  info.key_service =
      "POST requests need an API key; the city's 311 administrators issue them" +
      (city.contact.empty() ? std::string(".") : " (contact: " + city.contact + ").");
  info.url = EndpointUrl(city, req);
  std::string body;
  RenderDiscovery(*f, info, body);
  return Document(*f, 200, std::move(body), req);
}

http::Response GetServiceList(RequestService& svc, const http::Request& req) {
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  if (auto s = CheckJurisdiction(req, *svc.city()); !s.ok())
    return ErrorResponse(*f, s.error(), req);
  const std::shared_ptr<const City> city = svc.city();
  const std::string lang = CatalogueLanguage(req, *city);
  std::string body;
  RenderServiceList(*f, lang.empty() ? *city : Localized(*city, lang), body);
  return Translated(Document(*f, 200, std::move(body), req), lang);
}

http::Response GetServiceDefinition(RequestService& svc, const http::Request& req) {
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  const std::shared_ptr<const City> city = svc.city();  // keeps `service` alive
  if (auto s = CheckJurisdiction(req, *city); !s.ok()) return ErrorResponse(*f, s.error(), req);
  const std::string& code = req.path_params.front();
  const Service* service = city->FindService(code);
  if (service == nullptr) {
    return ErrorResponse(*f, 404,
                         "service_code: no service has the code '" + Excerpt(code) +
                             "' (the service list gives the codes)",
                         req);
  }
  const std::string lang = CatalogueLanguage(req, *city);
  std::string body;
  RenderServiceDefinition(*f, lang.empty() ? *service : Localized(*service, lang), body);
  return Translated(Document(*f, 200, std::move(body), req), lang);
}

}  // namespace civic311::open311
