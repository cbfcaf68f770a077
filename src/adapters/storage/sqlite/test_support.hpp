// Helpers shared by the SQLite adapter's tests (included by *_test.cpp only).
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/temp_dir.hpp"
#include "domain/request.hpp"

namespace civic311::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir : public ScopedTempDir {
 public:
  TempDir() : ScopedTempDir("c311-sqlite") {}
};

// 2026-01-01T00:00:00Z plus n days (and s seconds): readable fixed times for tests.
inline Timestamp Day(int n, int s = 0) {
  return Timestamp(std::chrono::seconds(1767225600LL + n * 86400LL + s));
}

// A plain, public request of `service_code` made at `at`, with a location in the test city.
inline ServiceRequest NewRequest(const std::string& service_code, Timestamp at) {
  ServiceRequest r;
  r.service_code = service_code;
  r.service_name = service_code + " name";
  r.description = "something about " + service_code;
  r.lat = 52.37;
  r.lon = 4.89;
  r.address = "1 Main Street";
  r.department_code = "ROADS";
  r.requested_at = at;
  r.updated_at = at;
  return r;
}

// Synthetic requests of a mid-sized city over three years before Day(0): 20 services (a few
// popular), 8 departments, most requests located, 5% internal, older requests mostly closed.
// Tokens are "<tag>-<i>".
inline std::vector<ServiceRequest> CityRequests(int n, std::mt19937& rng, const std::string& tag) {
  auto pick = [&](int k) { return static_cast<int>(rng() % k); };
  std::vector<ServiceRequest> rs;
  rs.reserve(n);
  for (int i = 0; i < n; ++i) {
    int code = std::min(pick(20), pick(20));  // skewed towards low numbers
    int day = -3 * 365 + pick(3 * 365);
    ServiceRequest r = NewRequest("SVC" + std::to_string(code), Day(day, pick(86400)));
    r.department_code = "DEPT" + std::to_string(code % 8);
    r.state = day < -60 && pick(10) < 9 ? kAllStates[7 + pick(6)] : kAllStates[pick(7)];
    r.updated_at = r.requested_at + std::chrono::hours(pick(24 * 30));
    r.internal = pick(20) == 0;
    if (pick(7) == 0) {
      r.lat.reset();
      r.lon.reset();
    } else {
      r.lat = 52.28 + pick(150000) / 1e6;
      r.lon = 4.73 + pick(340000) / 1e6;
    }
    r.token = tag + "-" + std::to_string(i);
    if (pick(2) == 0) r.contact.email = "resident" + std::to_string(i) + "@example.org";
    r.attributes["SIZE"] = {pick(2) == 0 ? "small" : "large"};
    rs.push_back(std::move(r));
  }
  return rs;
}

}  // namespace civic311::testing
