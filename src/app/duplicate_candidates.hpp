// Duplicate candidates for the request desk (docs/console.md, "Mark duplicate"): requests of the
// same service near a request that it may duplicate — open ones filed recently, and ones closed
// recently (a repair just done is often reported again). The same store query as the portal's
// "is this it?" (RequestService::ListWithin: the public view, so internal requests are never
// offered as originals of a public report), nearest first.
// Thread-safety: as RequestService (safe from many threads; blocks on the store).
#pragma once

#include <chrono>
#include <vector>

#include "app/request_service.hpp"

namespace civic311 {

// How far and how far back to look. The defaults are the desk's (docs/console.md).
struct DuplicateSearch {
  static constexpr double kDefaultRadiusMeters = 250;
  static constexpr double kMaxRadiusMeters = 2000;  // wider is a search, not a neighbour
  double radius_m = kDefaultRadiusMeters;
  std::chrono::days open_within{90};    // open candidates filed in this many days
  std::chrono::days closed_within{30};  // closed candidates last changed in this many days; 0: none
  int limit = 6;

  // The portal's "is this it?" before a resident files (docs/portal.md): open requests only (a
  // closed one cannot take a "me too"), within 200 m, filed in the last 60 days; at most 3.
  static DuplicateSearch BeforeFiling() {
    DuplicateSearch s;
    s.radius_m = 200;
    s.open_within = std::chrono::days(60);
    s.closed_within = std::chrono::days(0);
    s.limit = 3;
    return s;
  }
};

struct DuplicateCandidate {
  ServiceRequest request;  // public fields only (no contact)
  double distance_m = 0;
};

// Candidates for `r` (never `r` itself, nor requests already closed as duplicates or
// cancelled), nearest first, at most s.limit (taken from the s.limit + 1 most recently filed of
// each kind, open and closed, so a busy corner offers what is recent). Empty when `r` has no point.
// `r` need not be stored: a draft (id 0) with its service code and point asks the same question.
// The radius is clamped to (0, kMaxRadiusMeters]. Errors: the store's (kUnavailable, kInternal).
Result<std::vector<DuplicateCandidate>> FindDuplicateCandidates(RequestService& requests,
                                                                const ServiceRequest& r,
                                                                DuplicateSearch s);

}  // namespace civic311
