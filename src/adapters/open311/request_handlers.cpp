// Service requests: POST a request, GET a list, GET one, GET an id from a token.
#include "adapters/open311/double_encoding.hpp"
#include "adapters/open311/format.hpp"
#include "adapters/open311/handlers.hpp"
#include "adapters/open311/list_params.hpp"
#include "adapters/open311/render.hpp"
#include "adapters/open311/responses.hpp"
#include "adapters/open311/submission_params.hpp"

namespace civic311::open311 {

http::Response PostServiceRequest(RequestService& svc, const http::Request& req) {
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  // The key first: a client without one learns nothing about the rest of its request.
  if (auto s = svc.CheckApiKey(req.Param("api_key")); !s.ok()) {
    return ErrorResponse(*f, s.error(), req);
  }
  // FixMyStreet's double-encoded bodies are repaired before validation (double_encoding.hpp).
  http::Request scratch;
  auto outcome = svc.Submit(SubmissionFromRequest(WithoutDoubleEncoding(req, &scratch)));
  if (!outcome.ok()) return ErrorResponse(*f, outcome.error(), req);
  std::string body;
  RenderSubmitted(*f, *outcome, body);
  // 200, not 201: the spec never mentions 201, the reference servers answer 200, and some
  // clients test for 200 exactly (docs/open311.md).
  return Document(*f, 200, std::move(body), req);
}

http::Response GetServiceRequests(RequestService& svc, const http::Request& req) {
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  auto params = ParseListParams(req, svc.city(), svc.Now());
  if (!params.ok()) return ErrorResponse(*f, params.error(), req);
  auto list = params->near ? svc.ListWithin(params->query, *params->near) : svc.List(params->query);
  if (!list.ok()) return ErrorResponse(*f, list.error(), req);
  std::string body;
  RenderRequests(*f, svc.city(), *list, params->extensions, body);
  return Document(*f, 200, std::move(body), req);
}

http::Response GetServiceRequest(RequestService& svc, const http::Request& req) {
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  if (auto s = CheckJurisdiction(req, svc.city()); !s.ok())
    return ErrorResponse(*f, s.error(), req);
  auto extensions = ParseExtensions(req);
  if (!extensions.ok()) return ErrorResponse(*f, extensions.error(), req);
  const std::string& raw_id = req.path_params.front();
  auto id = ParseRequestId(raw_id);
  if (!id) {
    return ErrorResponse(*f, 404, "no service request has the id '" + Excerpt(raw_id) + "'", req);
  }
  auto found = svc.Get(*id);
  if (!found.ok()) return ErrorResponse(*f, found.error(), req);
  std::string body;
  RenderRequests(*f, svc.city(), std::span<const ServiceRequest>(&*found, 1), *extensions, body);
  return Document(*f, 200, std::move(body), req);
}

http::Response GetRequestIdFromToken(RequestService& svc, const http::Request& req) {
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  if (auto s = CheckJurisdiction(req, svc.city()); !s.ok())
    return ErrorResponse(*f, s.error(), req);
  const std::string& token = req.path_params.front();
  auto id = svc.ResolveToken(token);
  if (!id.ok()) return ErrorResponse(*f, id.error(), req);
  std::string body;
  RenderToken(*f, *id, token, body);
  return Document(*f, 200, std::move(body), req);
}

}  // namespace civic311::open311
