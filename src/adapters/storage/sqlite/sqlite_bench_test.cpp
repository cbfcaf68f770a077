// Measurements of SqliteStore at scale. They print numbers and assert nothing about time (STYLE:
// timing is not a test assertion), and they are skipped unless asked for, because loading a
// million rows takes a while:
//   C311_SQLITE_BENCH=1000000 ./c311_sqlite_test --gtest_filter='SqliteBench.*'
// C311_SQLITE_BENCH_DB=/some/file.db keeps (and on the next run reuses) the loaded database.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311::testing {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Three years of a mid-sized city: 20 services (a few popular), 8 departments, most requests
// located, 5% internal, older requests mostly closed.
std::vector<ServiceRequest> CityData(int n, int first_day, std::mt19937& rng) {
  auto pick = [&](int k) { return static_cast<int>(rng() % k); };
  std::vector<ServiceRequest> rs;
  rs.reserve(n);
  for (int i = 0; i < n; ++i) {
    int code = std::min(pick(20), pick(20));  // skewed towards low numbers
    int day = first_day + pick(3 * 365);
    ServiceRequest r = NewRequest("SVC" + std::to_string(code), Day(day, pick(86400)));
    r.department_code = "DEPT" + std::to_string(code % 8);
    r.state = day < first_day + 3 * 365 - 60 && pick(10) < 9 ? kAllStates[7 + pick(6)]
                                                              : kAllStates[pick(7)];
    r.updated_at = r.requested_at + std::chrono::hours(pick(24 * 30));
    r.internal = pick(20) == 0;
    if (pick(7) == 0) {
      r.lat.reset();
      r.lon.reset();
    } else {
      r.lat = 52.28 + pick(150000) / 1e6;
      r.lon = 4.73 + pick(340000) / 1e6;
    }
    r.token = "tok" + std::to_string(first_day) + "-" + std::to_string(i);
    if (pick(2) == 0) r.contact.email = "resident" + std::to_string(i) + "@example.org";
    r.attributes["SIZE"] = {pick(2) == 0 ? "small" : "large"};
    rs.push_back(std::move(r));
  }
  return rs;
}

TEST(SqliteBench, MillionRows) {
  const char* env = std::getenv("C311_SQLITE_BENCH");
  if (env == nullptr) GTEST_SKIP() << "set C311_SQLITE_BENCH=<rows> to run";
  const int rows = std::max(1000, std::atoi(env));
  TempDir dir;
  const char* keep = std::getenv("C311_SQLITE_BENCH_DB");
  const std::string path = keep != nullptr ? keep : dir.File("bench.db");
  const bool reuse = std::filesystem::exists(path);

  auto opened = SqliteStore::Open({.path = path});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  SqliteStore& store = **opened;
  std::mt19937 rng(42);
  const int first_day = -3 * 365;
  if (!reuse) {
    auto started = Clock::now();
    for (int done = 0; done < rows; done += 100'000) {
      auto chunk = CityData(std::min(100'000, rows - done), first_day, rng);
      for (auto& r : chunk) r.token.append("-").append(std::to_string(done));
      ASSERT_TRUE(store.BulkInsert(chunk).ok());
    }
    double s = Seconds(started);
    std::printf("[ bench ] BulkInsert %d rows: %.1f s (%.0f rows/s)\n", rows, s, rows / s);
  }

  // Get by id and by token, one thread, random ids.
  {
    constexpr int kGets = 100'000;
    auto started = Clock::now();
    for (int i = 0; i < kGets; ++i) {
      auto got = store.Get(1 + static_cast<RequestId>(rng() % rows));
      ASSERT_TRUE(got.ok() && got->has_value());
    }
    std::printf("[ bench ] Get by id: %.2f us each\n", Seconds(started) / kGets * 1e6);
    started = Clock::now();
    for (int i = 0; i < kGets; ++i) {
      auto id = store.FindIdByToken("tok" + std::to_string(first_day) + "-" +
                                    std::to_string(rng() % 100'000) + "-0");
      ASSERT_TRUE(id.ok());
    }
    std::printf("[ bench ] FindIdByToken: %.2f us each\n", Seconds(started) / kGets * 1e6);
  }

  struct Case {
    const char* name;
    RequestQuery q;
  };
  auto window = [](RequestQuery q) {
    q.start = Day(-90);
    q.end = Day(0);
    return q;
  };
  const RequestQuery::BBox kStreet{52.350, 4.880, 52.355, 4.890};
  const RequestQuery::BBox kCity{52.0, 4.5, 52.6, 5.2};
  std::vector<Case> cases;
  cases.push_back({"90-day window", window({})});
  cases.push_back({"no filter (newest 1000)", {}});
  {
    RequestQuery q = window({});
    q.service_codes = {"SVC0"};
    cases.push_back({"90 days, popular service", q});
    q.service_codes = {"SVC19"};
    cases.push_back({"90 days, rare service", q});
    q.service_codes = {"SVC1", "SVC5", "SVC9"};
    cases.push_back({"90 days, 3 services", q});
  }
  {
    RequestQuery q = window({});
    q.states.assign(kAllStates, kAllStates + 7);
    cases.push_back({"90 days, open states", q});
    q.service_codes = {"SVC3"};
    cases.push_back({"90 days, open, one service", q});
  }
  {
    RequestQuery q;
    q.service_codes = {"SVC19"};
    cases.push_back({"rare service, all time", q});
    q = {};
    q.states = {RequestState::kWaitingResident};
    cases.push_back({"one state, all time", q});
  }
  {
    RequestQuery q = window({});
    q.bbox = kStreet;
    cases.push_back({"90 days, street bbox", q});
    q.bbox = kCity;
    cases.push_back({"90 days, whole-city bbox", q});
    q = {};
    q.bbox = kStreet;
    cases.push_back({"street bbox, all time", q});
  }
  {
    RequestQuery q;
    q.updated_after = Day(-7);
    cases.push_back({"updated in the last 7 days", q});
    q = window({});
    q.offset = 5000;
    cases.push_back({"90 days, offset 5000", q});
    q = {};
    for (int i = 0; i < 50; ++i) q.ids.push_back(1 + static_cast<RequestId>(rng() % rows));
    cases.push_back({"50 ids", q});
  }

  for (const Case& c : cases) {
    std::vector<double> times;
    size_t n = 0;
    for (int run = 0; run < 7; ++run) {
      auto started = Clock::now();
      auto listed = store.List(c.q);
      times.push_back(Seconds(started) * 1e3);
      ASSERT_TRUE(listed.ok()) << listed.error().detail;
      n = listed->size();
    }
    std::sort(times.begin(), times.end());
    std::printf("[ bench ] List %-30s %5zu rows  median %7.2f ms  (min %.2f, max %.2f)\n", c.name,
                n, times[times.size() / 2], times.front(), times.back());
    auto plan = store.ExplainList(c.q);
    ASSERT_TRUE(plan.ok());
    for (const auto& line : *plan) std::printf("[ plan  ]     %s\n", line.c_str());
  }
}

}  // namespace
}  // namespace civic311::testing
