// RequestService: the use cases behind the public service-request API (Open311 today, the
// resident web portal later): submit a request, look one up, resolve a token, list requests.
//
// Public view: requests marked `internal` are never returned (Get answers kNotFound, List and
// ListWithin leave them out), and callers render only public fields (never Contact).
//
// Ownership: holds the city (shared) and references to the stores and the clock, which must
// outlive it. Thread-safety: every method is safe to call from many threads at once (the stores
// are; the service itself has no mutable state). Methods may block on the stores: call them from
// worker threads, never from network threads.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports.hpp"
#include "app/submit_request.hpp"
#include "app/workflow_ports.hpp"
#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/city.hpp"
#include "domain/geo.hpp"
#include "domain/live_city.hpp"
#include "domain/validation.hpp"

namespace civic311 {

class RequestService {
 public:
  // timeline: when set, Submit writes the request together with its "created" timeline event and
  // webhook outbox message, in one transaction (WorkflowStore::CreateRequest); it must outlive
  // the service. Null: the request alone (tools and tests without the workflow).
  // catalogue_version: see catalogue_version() (nullopt: now).
  RequestService(CitySource city, RequestStore& store, ApiKeyStore& keys, const Clock& clock,
                 WorkflowStore* timeline = nullptr,
                 std::optional<Timestamp> catalogue_version = std::nullopt);

  // OK if `key` is an active API key. kPermissionDenied ("api_key …") if it is empty, unknown or
  // revoked; kUnavailable/kInternal if the key store fails.
  Status CheckApiKey(std::string_view key);
  // Like CheckApiKey, returning the key's listing (its name, for audit entries).
  Result<ApiKeyInfo> FindApiKey(std::string_view key);

  // An anonymous submission (Open311, the portal without an account): SubmitRequest::Run with
  // the reporter's language (empty: unknown) and its media (stored by MediaService::Accept,
  // linked in the request's own transaction). Returns only once the request is committed.
  Result<SubmitOutcome> Submit(const SubmissionInput& input, std::string_view locale = {},
                               std::vector<MediaItem> media = {});
  // See SubmitRequest::set_geocoder: address-only submissions get the gazetteer's point.
  void set_geocoder(Geocoder* geocoder) { submit_.set_geocoder(geocoder); }
  // The use case itself, for front doors that need a fuller SubmitContext.
  const SubmitRequest& submitter() const { return submit_; }

  // The public view of one request: kNotFound if missing or internal.
  Result<ServiceRequest> Get(RequestId id);

  // The id a token was issued for: kNotFound if unknown (or the request is internal).
  Result<RequestId> ResolveToken(std::string_view token);

  // Requests matching q, newest first, never internal ones. q.limit is clamped to 1..1000.
  Result<std::vector<ServiceRequest>> List(const RequestQuery& q);

  // Like List, but only requests whose point lies within `circle` (exact great-circle test);
  // q.offset/q.limit count matching requests. The store is queried by the circle's bounding box
  // (intersected with q.bbox) in chunks; kInvalidArgument if answering would scan more than
  // kMaxGeoScan candidate rows (the client should narrow dates or radius).
  Result<std::vector<ServiceRequest>> ListWithin(const RequestQuery& q, const GeoCircle& circle);
  static constexpr int kMaxGeoScan = 100'000;
  // Like ListWithin, for the requests whose point lies inside one of the city's named areas
  // (exact point-in-polygon test; the store is queried by the area's bounding box).
  Result<std::vector<ServiceRequest>> ListInArea(const RequestQuery& q, const Area& area);

  // The current city snapshot: keep it for the whole request (domain/live_city.hpp).
  std::shared_ptr<const City> city() const { return city_.Current(); }
  // "Now" on the service's clock (for default date windows).
  Timestamp Now() const { return clock_.Now(); }
  // The Open311 discovery "changeset": when the city's catalogue last changed (the stored
  // configuration's catalogue version, CityConfigStore::CatalogueVersion), so that it moves when
  // the services change and only then; without one, when this service was created.
  Timestamp catalogue_version() const { return catalogue_version_.load(); }
  // Moves the changeset when a new configuration version changed the catalogue.
  void set_catalogue_version(Timestamp t) { catalogue_version_.store(t); }

 private:
  // The scan behind ListWithin and ListInArea: the store's rows in `box`, kept when `inside`.
  Result<std::vector<ServiceRequest>> ListInBox(
      const RequestQuery& q, RequestQuery::BBox box,
      const std::function<bool(double lat, double lon)>& inside);

  CitySource city_;
  RequestStore& store_;
  ApiKeyStore& keys_;
  const Clock& clock_;
  SubmitRequest submit_;
  std::atomic<Timestamp> catalogue_version_;
};

}  // namespace civic311
