#include "adapters/open311/routes.hpp"

#include "adapters/open311/format.hpp"
#include "adapters/open311/handlers.hpp"
#include "adapters/open311/responses.hpp"

namespace civic311 {
namespace {

using HandlerFn = http::Response (*)(RequestService&, const http::Request&);

http::Handler Bind(std::shared_ptr<RequestService> svc, HandlerFn fn) {
  return [svc = std::move(svc), fn](const http::Request& req) { return fn(*svc, req); };
}

}  // namespace

void AddOpen311Routes(http::Router& router, std::shared_ptr<RequestService> service,
                      MediaService* media) {
  using http::Method;
  using namespace open311;
  router.Add(Method::kGet, "/open311/discovery.{format}", Bind(service, GetDiscovery));
  router.Add(Method::kGet, "/open311/v2/discovery.{format}", Bind(service, GetDiscovery));
  router.Add(Method::kGet, "/open311/v2/services.{format}", Bind(service, GetServiceList));
  router.Add(Method::kGet, "/open311/v2/services/{service_code}.{format}",
             Bind(service, GetServiceDefinition));
  router.Add(Method::kPost, "/open311/v2/requests.{format}",
             [service, media](const http::Request& req) {
               return PostServiceRequest(*service, req, media);
             });
  router.Add(Method::kGet, "/open311/v2/requests.{format}", Bind(service, GetServiceRequests));
  router.Add(Method::kGet, "/open311/v2/requests/{service_request_id}.{format}",
             Bind(service, GetServiceRequest));
  router.Add(Method::kGet, "/open311/v2/tokens/{token}.{format}",
             Bind(service, GetRequestIdFromToken));
}

http::Response RenderOpen311Error(int status, const std::string& message,
                                  const http::Request& req) {
  return open311::ErrorResponse(open311::FormatForErrors(req.path), status, message, req);
}

}  // namespace civic311
