#include "app/request_service.hpp"

#include <algorithm>

#include "app/api_key_service.hpp"
#include "app/request_events.hpp"
#include "app/request_visibility.hpp"
#include "base/crypto.hpp"
#include "domain/routing.hpp"

namespace civic311 {
namespace {

constexpr int kMaxListLimit = 1000;

RequestQuery Clamped(const RequestQuery& q) {
  RequestQuery c = q;
  c.include_internal = false;
  c.limit = std::clamp(c.limit, 1, kMaxListLimit);
  c.offset = std::max(c.offset, 0);
  return c;
}

void DropInternal(std::vector<ServiceRequest>& list) {
  std::erase_if(list, [](const ServiceRequest& r) { return r.internal; });
}

}  // namespace

RequestService::RequestService(CitySource city, RequestStore& store, ApiKeyStore& keys,
                               const Clock& clock, WorkflowStore* timeline,
                               std::optional<Timestamp> catalogue_version)
    : city_(std::move(city)),
      store_(store),
      keys_(keys),
      clock_(clock),
      submit_(city_, store, timeline, clock),
      catalogue_version_(catalogue_version.value_or(clock.Now())) {}

Status RequestService::CheckApiKey(std::string_view key) {
  auto found = FindApiKey(key);
  if (!found.ok()) return std::move(found).error();
  return OkStatus();
}

Result<ApiKeyInfo> RequestService::FindApiKey(std::string_view key) {
  if (key.empty()) {
    return Error::PermissionDenied(
        "api_key is required to submit a service request; ask the city for one");
  }
  if (key.size() > 200) return Error::PermissionDenied("api_key is not valid");
  auto found = keys_.FindActiveApiKey(HashApiKey(key));
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return Error::PermissionDenied("api_key is not valid (or was revoked)");
  return std::move(**found);
}

Result<SubmitOutcome> RequestService::Submit(const SubmissionInput& input, std::string_view locale,
                                             std::vector<MediaItem> media) {
  SubmitContext context;
  context.locale = std::string(locale);
  context.media = std::move(media);
  return submit_.Run(input, context);
}

Result<ServiceRequest> RequestService::Get(RequestId id) {
  auto found = store_.Get(id);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value() || (*found)->internal) {
    return Error::NotFound("no service request has the id " + std::to_string(id));
  }
  ServiceRequest r = std::move(**found);
  C311_TRY(HideInternalParent(store_, r));
  return r;
}

Result<RequestId> RequestService::ResolveToken(std::string_view token) {
  const auto not_found = [] { return Error::NotFound("no service request has this token"); };
  if (token.empty() || token.size() > 200) return not_found();
  auto found = store_.FindIdByToken(token);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return not_found();
  auto request = store_.Get(**found);
  if (!request.ok()) return std::move(request).error();
  if (!request->has_value() || (*request)->internal) return not_found();
  return **found;
}

Result<std::vector<ServiceRequest>> RequestService::List(const RequestQuery& q) {
  auto list = store_.List(Clamped(q));
  if (!list.ok()) return std::move(list).error();
  DropInternal(*list);
  C311_TRY(HideInternalParents(store_, *list));
  return list;
}

Result<std::vector<ServiceRequest>> RequestService::ListWithin(const RequestQuery& q,
                                                               const GeoCircle& circle) {
  return ListInBox(q, CircleBoundingBox(circle),
                   [&](double lat, double lon) { return CircleContains(circle, lat, lon); });
}

Result<std::vector<ServiceRequest>> RequestService::ListInArea(const RequestQuery& q,
                                                               const Area& area) {
  const BoundingBox b = BoundsOf(area.shape);
  return ListInBox(q, RequestQuery::BBox{b.min_lat, b.min_lon, b.max_lat, b.max_lon},
                   [&](double lat, double lon) {
                     return MultiPolygonContains(area.shape, LonLat{lon, lat});
                   });
}

Result<std::vector<ServiceRequest>> RequestService::ListInBox(
    const RequestQuery& q, RequestQuery::BBox box,
    const std::function<bool(double lat, double lon)>& inside) {
  const RequestQuery want = Clamped(q);
  RequestQuery scan = want;
  if (q.bbox) {
    auto overlap = IntersectBoxes(*q.bbox, box);
    if (!overlap) return std::vector<ServiceRequest>{};
    box = *overlap;
  }
  scan.bbox = box;
  scan.offset = 0;
  // The box holds more than the shape (a circle: 4/pi of it): scan more than we keep per chunk.
  // The first chunk is sized for the page asked for, so page 1 reads about a page's worth.
  scan.limit = std::clamp((want.offset + want.limit) * 2, 100, 1000);

  std::vector<ServiceRequest> out;
  int to_skip = want.offset;
  int scanned = 0;
  int inside_count = 0;  // rows of the chunks so far inside the shape (kept or skipped)
  while (true) {
    auto chunk = store_.List(scan);
    if (!chunk.ok()) return std::move(chunk).error();
    for (auto& r : *chunk) {
      if (r.internal || !r.lat || !r.lon || !inside(*r.lat, *r.lon)) continue;
      ++inside_count;
      if (to_skip > 0) {
        --to_skip;
        continue;
      }
      C311_TRY(HideInternalParent(store_, r));
      out.push_back(std::move(r));
      if (static_cast<int>(out.size()) == want.limit) return out;
    }
    if (static_cast<int>(chunk->size()) < scan.limit) return out;  // the store has no more
    scanned += scan.limit;
    if (scanned >= kMaxGeoScan) {
      return Error::InvalidArgument(
          "too many requests in this place to page this far; narrow the dates or the place");
    }
    scan.offset += scan.limit;
    // The next chunk: what is still missing at the share of rows found inside so far, with half
    // again for luck. Each row is read whole, so a flat 1,000 cost ~10 ms where a few dozen were
    // missing (an area's page at 1M requests, docs/performance.md).
    const int missing = to_skip + want.limit - static_cast<int>(out.size());
    const double share = std::max(static_cast<double>(inside_count) / scanned, 0.01);
    scan.limit = std::clamp(static_cast<int>(missing / share * 1.5), 100, 1000);
  }
}

}  // namespace civic311
