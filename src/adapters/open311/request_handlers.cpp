// Service requests: POST a request, GET a list, GET one, GET an id from a token.
#include "adapters/open311/double_encoding.hpp"
#include "adapters/open311/format.hpp"
#include "adapters/open311/handlers.hpp"
#include "adapters/open311/list_params.hpp"
#include "adapters/open311/render.hpp"
#include "adapters/open311/responses.hpp"
#include "adapters/open311/submission_params.hpp"

namespace civic311::open311 {

namespace {

// The multipart `media` files (GeoReport v2.1 draft), checked and stored; media_url becomes the
// first one's public URL. Nothing is linked until the request is stored (same transaction).
Result<std::vector<MediaItem>> AcceptMedia(RequestService& svc, MediaService& media,
                                           const http::Request& req, SubmissionInput& input) {
  std::vector<MediaItem> items;
  auto files = req.Files("media");
  if (files.empty()) return items;
  if (static_cast<int>(files.size()) > media.limits().max_per_request) {
    return Error::InvalidField(
        "media",
        "at most " + std::to_string(media.limits().max_per_request) + " files per request");
  }
  for (const http::UploadedFile* f : files) {
    auto accepted = media.Accept(req.FileData(*f));
    if (!accepted.ok()) return std::move(accepted).error();
    items.push_back(std::move(accepted->item));
  }
  std::string endpoint = EndpointUrl(*svc.city(), req);  // ".../open311/v2"
  constexpr std::string_view kSuffix = "/open311/v2";
  if (endpoint.size() > kSuffix.size() && endpoint.rfind("http", 0) == 0) {
    input.media_url = endpoint.substr(0, endpoint.size() - kSuffix.size()) + items.front().Path();
  }
  return items;
}

}  // namespace

http::Response PostServiceRequest(RequestService& svc, const http::Request& req,
                                  MediaService* media) {
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  // The key first: a client without one learns nothing about the rest of its request.
  if (auto s = svc.CheckApiKey(req.Param("api_key")); !s.ok()) {
    return ErrorResponse(*f, s.error(), req);
  }
  // FixMyStreet's double-encoded bodies are repaired before validation (double_encoding.hpp);
  // uploaded files are read from the request as received.
  http::Request scratch;
  SubmissionInput input = SubmissionFromRequest(WithoutDoubleEncoding(req, &scratch));
  std::vector<MediaItem> items;
  if (media != nullptr) {
    auto accepted = AcceptMedia(svc, *media, req, input);
    if (!accepted.ok()) return ErrorResponse(*f, accepted.error(), req);
    items = std::move(accepted).value();
  }
  auto outcome = svc.Submit(input, {}, std::move(items));
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
  const std::shared_ptr<const City> city = svc.city();  // one version for the whole answer
  auto params = ParseListParams(req, *city, svc.Now());
  if (!params.ok()) return ErrorResponse(*f, params.error(), req);
  auto list = params->near ? svc.ListWithin(params->query, *params->near) : svc.List(params->query);
  if (!list.ok()) return ErrorResponse(*f, list.error(), req);
  std::string body;
  RenderRequests(*f, *city, *list, params->extensions, body);
  return Document(*f, 200, std::move(body), req);
}

http::Response GetServiceRequest(RequestService& svc, const http::Request& req) {
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  if (auto s = CheckJurisdiction(req, *svc.city()); !s.ok())
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
  RenderRequests(*f, *svc.city(), std::span<const ServiceRequest>(&*found, 1), *extensions, body);
  return Document(*f, 200, std::move(body), req);
}

http::Response GetRequestIdFromToken(RequestService& svc, const http::Request& req) {
  auto f = RequestFormat(req);
  if (!f) return UnsupportedFormat(req);
  if (auto s = CheckJurisdiction(req, *svc.city()); !s.ok())
    return ErrorResponse(*f, s.error(), req);
  const std::string& token = req.path_params.front();
  auto id = svc.ResolveToken(token);
  if (!id.ok()) return ErrorResponse(*f, id.error(), req);
  std::string body;
  RenderToken(*f, *id, token, body);
  return Document(*f, 200, std::move(body), req);
}

}  // namespace civic311::open311
