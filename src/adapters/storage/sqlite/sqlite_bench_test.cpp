// Measurements of SqliteStore at scale. They print numbers and assert nothing about time (STYLE:
// timing is not a test assertion), and they are skipped unless asked for, because loading a
// million rows takes a while:
//   C311_SQLITE_BENCH=1000000 ./c311_sqlite_test --gtest_filter='SqliteBench.*'
// C311_SQLITE_BENCH_DB=/some/file.db keeps (and on the next run reuses) the loaded database.
#include <gtest/gtest.h>
#include <time.h>

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

// CPU seconds of this thread: on a shared machine wall time mostly measures the neighbours.
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
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
  if (!reuse) {
    auto started = Clock::now();
    timespec cpu0;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
    for (int done = 0; done < rows; done += 100'000) {
      std::string tag = "b";  // tokens b<done>-<i>; appended: GCC 12 -Wrestrict false positive
      tag += std::to_string(done);
      auto chunk = CityRequests(std::min(100'000, rows - done), rng, tag);
      ASSERT_TRUE(store.BulkInsert(chunk).ok());
    }
    double s = Seconds(started);
    timespec cpu1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
    double cpu = static_cast<double>(cpu1.tv_sec - cpu0.tv_sec) +
                 static_cast<double>(cpu1.tv_nsec - cpu0.tv_nsec) / 1e9;
    std::printf("[ bench ] BulkInsert %d rows: %.1f s wall (%.0f rows/s), %.1f s CPU\n", rows, s,
                rows / s, cpu);
  }

  // Get by id and by token, one thread, random ids.
  {
    constexpr int kGets = 100'000;
    auto started = Clock::now();
    double cpu = CpuSeconds();
    for (int i = 0; i < kGets; ++i) {
      auto got = store.Get(1 + static_cast<RequestId>(rng() % rows));
      ASSERT_TRUE(got.ok() && got->has_value());
    }
    std::printf("[ bench ] Get by id: %.2f us each (%.2f us CPU)\n", Seconds(started) / kGets * 1e6,
                (CpuSeconds() - cpu) / kGets * 1e6);
    started = Clock::now();
    cpu = CpuSeconds();
    for (int i = 0; i < kGets; ++i) {
      auto id = store.FindIdByToken("b0-" + std::to_string(rng() % 100'000));
      ASSERT_TRUE(id.ok());
    }
    std::printf("[ bench ] FindIdByToken: %.2f us each (%.2f us CPU)\n",
                Seconds(started) / kGets * 1e6, (CpuSeconds() - cpu) / kGets * 1e6);
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
    std::vector<double> times, cpu_times;
    size_t n = 0;
    for (int run = 0; run < 7; ++run) {
      auto started = Clock::now();
      double cpu = CpuSeconds();
      auto listed = store.List(c.q);
      cpu_times.push_back((CpuSeconds() - cpu) * 1e3);
      times.push_back(Seconds(started) * 1e3);
      ASSERT_TRUE(listed.ok()) << listed.error().detail;
      n = listed->size();
    }
    std::sort(times.begin(), times.end());
    std::sort(cpu_times.begin(), cpu_times.end());
    std::printf("[ bench ] List %-30s %5zu rows  median %7.2f ms wall, %7.2f ms CPU (min %.2f)\n",
                c.name, n, times[times.size() / 2], cpu_times[cpu_times.size() / 2],
                cpu_times.front());
    auto plan = store.ExplainList(c.q);
    ASSERT_TRUE(plan.ok());
    for (const auto& line : *plan) std::printf("[ plan  ]     %s\n", line.c_str());
  }
}

}  // namespace
}  // namespace civic311::testing
