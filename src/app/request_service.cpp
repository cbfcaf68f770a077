#include "app/request_service.hpp"

#include <algorithm>

#include "app/api_key_service.hpp"
#include "app/request_events.hpp"
#include "base/crypto.hpp"
#include "domain/routing.hpp"

namespace civic311 {
namespace {

// 20 random bytes: 32 base32 characters, 160 bits — unguessable, so a token is as good as a
// capability for "which id did my batch request get".
constexpr std::size_t kTokenBytes = 20;
constexpr int kMaxListLimit = 1000;

const char kDefaultEmergencyNotice[] =
    "This may be an emergency. If anyone is in danger, call the emergency number now.";

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

RequestService::RequestService(std::shared_ptr<const City> city, RequestStore& store,
                               ApiKeyStore& keys, const Clock& clock, WorkflowStore* timeline)
    : city_(std::move(city)),
      store_(store),
      keys_(keys),
      clock_(clock),
      timeline_(timeline),
      loaded_at_(clock.Now()) {}

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

Result<SubmitOutcome> RequestService::Submit(const SubmissionInput& input,
                                             std::vector<MediaItem> media) {
  auto validated = ValidateSubmission(input, *city_);
  if (!validated.ok()) return std::move(validated).error();
  ServiceRequest r = std::move(validated).value();
  const Service* service = city_->FindService(r.service_code);
  if (service == nullptr) return Error::Internal("validated service vanished: " + r.service_code);

  std::optional<LonLat> location;
  if (r.lat && r.lon) location = LonLat{*r.lon, *r.lat};
  auto routed = RouteRequest(*city_, *service, location);
  if (!routed.ok()) return std::move(routed).error();
  Routing routing = std::move(routed).value();
  r.department_code = std::move(routing.department_code);
  r.emergency = routing.emergency;
  r.state = RequestState::kSubmitted;
  r.requested_at = r.updated_at = clock_.Now();
  if (city_->calendar) r.expected_at = city_->calendar->Due(r.requested_at, service->sla);
  r.token = RandomToken(kTokenBytes);

  Result<ServiceRequest> stored = Error::Internal("not stored");
  if (timeline_ != nullptr) {
    // With the workflow: the request, its "created" event and its webhook message in one
    // transaction, so receivers hear of every request and of nothing that was not stored.
    RequestChange change;
    change.events.push_back(CreatedEvent(r, /*actor=*/0));
    change.make_outbox = WebhookMessages;
    change.media = std::move(media);
    stored = timeline_->CreateRequest(std::move(r), change);
  } else if (!media.empty()) {
    return Error::Internal("media given to a RequestService without a workflow store");
  } else {
    stored = store_.Create(std::move(r));
  }
  if (!stored.ok()) return std::move(stored).error();

  SubmitOutcome out;
  out.request = std::move(stored).value();
  out.service_type = service->type;
  out.service_notice = service->service_notice;
  if (out.request.emergency && out.service_notice.empty()) {
    out.service_notice = kDefaultEmergencyNotice;
  }
  return out;
}

Result<ServiceRequest> RequestService::Get(RequestId id) {
  auto found = store_.Get(id);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value() || (*found)->internal) {
    return Error::NotFound("no service request has the id " + std::to_string(id));
  }
  return std::move(**found);
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
  return list;
}

Result<std::vector<ServiceRequest>> RequestService::ListWithin(const RequestQuery& q,
                                                               const GeoCircle& circle) {
  const RequestQuery want = Clamped(q);
  RequestQuery scan = want;
  auto box = CircleBoundingBox(circle);
  if (q.bbox) {
    auto overlap = IntersectBoxes(*q.bbox, box);
    if (!overlap) return std::vector<ServiceRequest>{};
    box = *overlap;
  }
  scan.bbox = box;
  scan.offset = 0;
  // The box is about 4/pi times the circle's area: scan a little more than we keep per chunk.
  scan.limit = std::max(500, want.limit * 2);

  std::vector<ServiceRequest> out;
  int to_skip = want.offset;
  int scanned = 0;
  while (true) {
    auto chunk = store_.List(scan);
    if (!chunk.ok()) return std::move(chunk).error();
    for (auto& r : *chunk) {
      if (r.internal || !r.lat || !r.lon || !CircleContains(circle, *r.lat, *r.lon)) continue;
      if (to_skip > 0) {
        --to_skip;
        continue;
      }
      out.push_back(std::move(r));
      if (static_cast<int>(out.size()) == want.limit) return out;
    }
    if (static_cast<int>(chunk->size()) < scan.limit) return out;  // the store has no more
    scanned += scan.limit;
    if (scanned >= kMaxGeoScan) {
      return Error::InvalidArgument(
          "too many requests near this point to page this far; narrow the dates or the radius");
    }
    scan.offset += scan.limit;
  }
}

}  // namespace civic311
