// The demo city's real gazetteer (44,000 places from Boston's 311 records): what residents type
// finds the right place. Prints the search latency (p50/p99/max, CPU time of this thread); timing
// is never asserted (STYLE.md).
#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <cstdio>

#include "adapters/config/gazetteer_csv.hpp"
#include "adapters/demo/demo_data.hpp"
#include "adapters/storage/sqlite/gazetteer_store.hpp"
#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311::testing {
namespace {

double CpuMicros() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

class DemoGazetteerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    SqliteStore::Options o;
    o.path = dir_->File("demo.db");
    store_ = std::move(SqliteStore::Open(o)).value().release();
    gazetteer_ = new SqliteGazetteer(*store_);
    auto entries = ParseGazetteerCsv(MaybeGunzip(DemoGazetteerCsvGz()).value()).value();
    ASSERT_TRUE(gazetteer_->Replace(entries, "demo").ok());
  }
  static void TearDownTestSuite() {
    delete gazetteer_;
    delete store_;
    delete dir_;
  }
  static std::string First(std::string_view q) {
    auto r = gazetteer_->Search(q, 5);
    return r.ok() && !r->empty() ? (*r)[0].label : std::string("(none)");
  }

  static TempDir* dir_;
  static SqliteStore* store_;
  static SqliteGazetteer* gazetteer_;
};
TempDir* DemoGazetteerTest::dir_ = nullptr;
SqliteStore* DemoGazetteerTest::store_ = nullptr;
SqliteGazetteer* DemoGazetteerTest::gazetteer_ = nullptr;

TEST_F(DemoGazetteerTest, RealQueries) {
  EXPECT_EQ(First("145 ipswitch st"), "145-151 Ipswich St");
  EXPECT_EQ(First("147 Ipswich Street"), "145-151 Ipswich St");
  EXPECT_EQ(First("Ipswich"), "Ipswich St");
  EXPECT_EQ(First("1 city hall plz"), "1 City Hall Plz");
  EXPECT_EQ(First("733 east seventh street"), "733 E Seventh St");
  EXPECT_EQ(First("francis st & vining st"), "Francis St & Vining St");
  EXPECT_EQ(First("78 avenue louis pasteur"), "78 Avenue Louis Pasteur");
}

TEST_F(DemoGazetteerTest, ReverseNearCityHall) {
  auto r = gazetteer_->Reverse(42.3601, -71.0579);
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_LT((*r)->distance_m, 50);
}

TEST_F(DemoGazetteerTest, SearchLatency) {
  const char* queries[] = {"145 ipswitch st",
                           "1 city hall",
                           "washington st",
                           "wash",
                           "25 massachusets ave",
                           "dorchester avenue 1030",
                           "blue hill ave",
                           "centre st & south st",
                           "12 bea",
                           "commonwealth av"};
  std::vector<double> us;
  for (int round = 0; round < 30; ++round) {
    for (const char* q : queries) {
      double t = CpuMicros();
      ASSERT_TRUE(gazetteer_->Search(q, 5).ok());
      us.push_back(CpuMicros() - t);
    }
  }
  std::sort(us.begin(), us.end());
  std::printf("gazetteer search over %zu queries: p50 %.0f us, p99 %.0f us, max %.0f us\n",
              us.size(), us[us.size() / 2], us[us.size() * 99 / 100], us.back());
  std::vector<double> rev;
  for (int i = 0; i < 300; ++i) {
    double t = CpuMicros();
    ASSERT_TRUE(gazetteer_->Reverse(42.30 + 0.0003 * i, -71.10 + 0.0002 * i).ok());
    rev.push_back(CpuMicros() - t);
  }
  std::sort(rev.begin(), rev.end());
  std::printf("gazetteer reverse: p50 %.0f us, p99 %.0f us\n", rev[rev.size() / 2],
              rev[rev.size() * 99 / 100]);
}

}  // namespace
}  // namespace civic311::testing
