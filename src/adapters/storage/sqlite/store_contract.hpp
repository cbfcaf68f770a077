// The store contract: what every implementation of RequestStore, ApiKeyStore and CityConfigStore
// (SQLite now, PostgreSQL later) must do, as one parameterised GoogleTest suite.
//
// This header has the fixture; the tests are in store_contract_request_tests.hpp and
// store_contract_admin_tests.hpp. To run them on a store, in that store's *_test.cpp include both
// and:
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
//                            ::testing::Values(StoreFactory{"Sqlite", MakeMyStore}),
//                            StoreFactoryName);
// where the factory returns a fresh, empty store using the given clock for the times the store
// itself stamps (API key created_at). Include the test headers from exactly one file per binary.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/ports.hpp"
#include "base/clock.hpp"
#include "domain/request.hpp"

namespace civic311::testing {

class StoreUnderTest {
 public:
  virtual ~StoreUnderTest() = default;
  virtual RequestStore& requests() = 0;
  virtual ApiKeyStore& api_keys() = 0;
  virtual CityConfigStore& city_config() = 0;
};

struct StoreFactory {
  std::string name;
  std::function<std::unique_ptr<StoreUnderTest>(const Clock& clock)> make;
};
inline std::string StoreFactoryName(const ::testing::TestParamInfo<StoreFactory>& info) {
  return info.param.name;
}

class StoreContractTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  static Timestamp T(int day, int second = 0) {
    return Timestamp(std::chrono::seconds(1767225600LL + day * 86400LL + second));
  }

  void SetUp() override {
    store_ = GetParam().make(clock_);
    ASSERT_NE(store_, nullptr);
  }

  RequestStore& requests() { return store_->requests(); }
  ApiKeyStore& keys() { return store_->api_keys(); }
  CityConfigStore& config() { return store_->city_config(); }

  // A plain public request, located in the test city.
  static ServiceRequest Request(const std::string& code, Timestamp at) {
    ServiceRequest r;
    r.service_code = code;
    r.service_name = code + " name";
    r.description = "about " + code;
    r.lat = 52.37;
    r.lon = 4.89;
    r.address = "1 Main Street";
    r.department_code = "ROADS";
    r.requested_at = at;
    r.updated_at = at;
    return r;
  }

  ServiceRequest MustCreate(ServiceRequest r) {
    auto created = requests().Create(std::move(r));
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().detail);
    return created.ok() ? *created : ServiceRequest{};
  }

  // Creates all of `rs` from several threads (sharing commits) and stores the ids back.
  void CreateAll(std::vector<ServiceRequest>& rs, int threads = 16) {
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (size_t i = next++; i < rs.size(); i = next++) {
          auto created = requests().Create(rs[i]);
          if (created.ok()) rs[i].id = created->id;
        }
      });
    }
    for (auto& t : pool) t.join();
    for (const auto& r : rs) ASSERT_NE(r.id, 0) << "a create failed";
  }

  std::vector<RequestId> ListIds(const RequestQuery& q) {
    auto listed = requests().List(q);
    EXPECT_TRUE(listed.ok()) << (listed.ok() ? "" : listed.error().detail);
    std::vector<RequestId> ids;
    if (listed.ok()) {
      for (const auto& r : *listed) ids.push_back(r.id);
    }
    return ids;
  }

  // The contract of List, restated plainly: the oracle for the randomised comparison.
  static bool Matches(const ServiceRequest& r, const RequestQuery& q) {
    auto has = [](const auto& list, const auto& v) {
      return std::find(list.begin(), list.end(), v) != list.end();
    };
    if (r.internal && !q.include_internal) return false;
    if (!q.ids.empty()) return has(q.ids, r.id);
    if (!q.service_codes.empty() && !has(q.service_codes, r.service_code)) return false;
    if (!q.states.empty() && !has(q.states, r.state)) return false;
    if (q.start && r.requested_at < *q.start) return false;
    if (q.end && r.requested_at > *q.end) return false;
    if (q.updated_after && r.updated_at < *q.updated_after) return false;
    if (q.updated_before && r.updated_at > *q.updated_before) return false;
    if (q.bbox) {
      if (!r.lat || !r.lon) return false;
      if (*r.lat < q.bbox->min_lat || *r.lat > q.bbox->max_lat) return false;
      if (*r.lon < q.bbox->min_lon || *r.lon > q.bbox->max_lon) return false;
    }
    return true;
  }
  static std::vector<RequestId> Expected(std::vector<ServiceRequest> all, const RequestQuery& q) {
    std::erase_if(all, [&](const ServiceRequest& r) { return !Matches(r, q); });
    std::sort(all.begin(), all.end(), [](const ServiceRequest& a, const ServiceRequest& b) {
      return a.requested_at != b.requested_at ? a.requested_at > b.requested_at : a.id > b.id;
    });
    std::vector<RequestId> ids;
    for (size_t i = std::max(q.offset, 0); i < all.size() && ids.size() < size_t(q.limit); ++i) {
      ids.push_back(all[i].id);
    }
    return ids;
  }

  FakeClock clock_{T(0)};
  std::unique_ptr<StoreUnderTest> store_;
};

}  // namespace civic311::testing
