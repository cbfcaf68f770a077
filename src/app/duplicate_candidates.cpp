#include "app/duplicate_candidates.hpp"

#include <algorithm>

#include "domain/geo.hpp"

namespace civic311 {

Result<std::vector<DuplicateCandidate>> FindDuplicateCandidates(RequestService& requests,
                                                                const ServiceRequest& r,
                                                                DuplicateSearch s) {
  std::vector<DuplicateCandidate> out;
  if (!r.lat || !r.lon) return out;
  if (!(s.radius_m > 0)) s.radius_m = DuplicateSearch::kDefaultRadiusMeters;
  s.radius_m = std::min(s.radius_m, DuplicateSearch::kMaxRadiusMeters);
  const GeoCircle circle{*r.lat, *r.lon, s.radius_m};
  const Timestamp now = requests.Now();

  RequestQuery open;
  open.service_codes = {r.service_code};
  RequestQuery closed = open;
  for (RequestState st : kAllStates) {
    if (IsOpen(st)) {
      open.states.push_back(st);
    } else if (st != RequestState::kDuplicate && st != RequestState::kCancelled) {
      closed.states.push_back(st);  // a duplicate's original is its own parent; cancelled: none
    }
  }
  open.start = now - s.open_within;
  closed.updated_after = now - s.closed_within;
  // One more than kept: `r` itself may be among them.
  open.limit = closed.limit = s.limit + 1;
  for (const RequestQuery* q : {&open, &closed}) {
    if (q == &closed && s.closed_within.count() <= 0) continue;
    auto found = requests.ListWithin(*q, circle);
    if (!found.ok()) return std::move(found).error();
    for (ServiceRequest& c : *found) {
      if (c.id == r.id || !c.lat || !c.lon) continue;
      const double d = HaversineMeters(*r.lat, *r.lon, *c.lat, *c.lon);
      c.contact = Contact{};  // never shown beside another request
      out.push_back({std::move(c), d});
    }
  }
  std::sort(out.begin(), out.end(), [](const DuplicateCandidate& a, const DuplicateCandidate& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.request.id > b.request.id;
  });
  if (out.size() > static_cast<std::size_t>(s.limit)) out.resize(static_cast<std::size_t>(s.limit));
  return out;
}

}  // namespace civic311
