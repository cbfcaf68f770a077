#include "adapters/storage/sqlite/gazetteer_store.hpp"

#include <gtest/gtest.h>

#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311::testing {
namespace {

GazetteerEntry Address(std::string number, std::string street, double lat, double lon) {
  GazetteerEntry e;
  e.number = std::move(number);
  e.street = std::move(street);
  e.postcode = "02215";
  e.area = "Fenway";
  e.lat = lat;
  e.lon = lon;
  return e;
}

class GazetteerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStore::Options o;
    o.path = dir_.File("g.db");
    store_ = std::move(SqliteStore::Open(o)).value();
    gazetteer_ = std::make_unique<SqliteGazetteer>(*store_);
    std::vector<GazetteerEntry> entries = {
        Address("145-151", "Ipswich St", 42.3474, -71.0944),
        Address("132", "Ipswich St", 42.3474, -71.0936),
        Address("200-202", "Ipswich St", 42.3457, -71.0951),
        Address("14", "Ipswich St Ext", 42.3401, -71.0901),
        Address("1", "Main St", 42.3700, -71.0600),
        Address("99", "Main St", 42.3710, -71.0610),
    };
    GazetteerEntry x;
    x.kind = PlaceKind::kIntersection;
    x.street = "Boylston St";
    x.cross_street = "Ipswich St";
    x.lat = 42.3452;
    x.lon = -71.0954;
    entries.push_back(x);
    auto stats = gazetteer_->Replace(entries, "test");
    ASSERT_TRUE(stats.ok()) << stats.error().detail;
    EXPECT_EQ(stats->addresses, 6);
    EXPECT_EQ(stats->intersections, 1);
    EXPECT_EQ(stats->streets, 4);  // Ipswich St, Ipswich St Ext, Main St, Boylston St
  }

  std::vector<Place> Search(std::string_view q, int limit = 5) {
    auto r = gazetteer_->Search(q, limit);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<Place>{};
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteGazetteer> gazetteer_;
};

TEST_F(GazetteerTest, TypoFindsTheRange) {
  auto r = Search("145 ipswitch st");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0].label, "145-151 Ipswich St");
  EXPECT_EQ(r[0].kind, PlaceKind::kAddress);
  EXPECT_EQ(r[0].postcode, "02215");
  EXPECT_DOUBLE_EQ(r[0].lat, 42.3474);
  EXPECT_GT(r[0].score, 0.5);
}

TEST_F(GazetteerTest, NumberInsideARange) {
  auto r = Search("147 Ipswich Street, Boston MA 02215");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0].label, "145-151 Ipswich St");
}

TEST_F(GazetteerTest, MissingNumberGivesTheNearestOnTheStreet) {
  auto r = Search("190 ipswich st");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0].label, "200-202 Ipswich St");  // 10 away, closer than 151
  EXPECT_LT(r[0].score, Search("132 ipswich st")[0].score);
}

TEST_F(GazetteerTest, StreetsWithoutNumberAndPrefix) {
  auto r = Search("ipsw");
  ASSERT_GE(r.size(), 2u);
  EXPECT_EQ(r[0].label, "Ipswich St");
  EXPECT_EQ(r[0].kind, PlaceKind::kStreet);
  EXPECT_NEAR(r[0].lat, (42.3474 * 2 + 42.3457 + 42.3452) / 4, 1e-9);  // its places' middle
  EXPECT_EQ(r[1].label, "Ipswich St Ext");
}

TEST_F(GazetteerTest, Intersection) {
  auto r = Search("boylston & ipswich");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].label, "Boylston St & Ipswich St");
  EXPECT_EQ(r[0].kind, PlaceKind::kIntersection);
  EXPECT_EQ(Search("ipswich st and boylston st")[0].label, "Boylston St & Ipswich St");
}

TEST_F(GazetteerTest, NothingForNoiseOrEmpty) {
  EXPECT_TRUE(Search("").empty());
  EXPECT_TRUE(Search("145").empty());
  EXPECT_TRUE(Search("qqqqqq").empty());
  EXPECT_TRUE(Search("'; DROP TABLE gazetteer_places; --").empty());
  EXPECT_EQ(Search("main st", 1).size(), 1u);
}

TEST_F(GazetteerTest, ReverseFindsTheNearestAddressWithinTheRadius) {
  auto r = gazetteer_->Reverse(42.3475, -71.0943);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->label, "145-151 Ipswich St");
  EXPECT_LT((*r)->distance_m, 20);
  auto far = gazetteer_->Reverse(42.30, -71.00);
  ASSERT_TRUE(far.ok());
  EXPECT_FALSE(far->has_value());
}

TEST_F(GazetteerTest, ReloadReplacesEverythingAndTheIndexFollows) {
  ASSERT_FALSE(Search("ipswich").empty());
  SqliteGazetteer other(*store_);  // another process's load, as far as gazetteer_ can tell
  ASSERT_TRUE(other.Replace({Address("5", "Elm St", 42.35, -71.05)}, "second").ok());
  EXPECT_TRUE(Search("ipswich").empty());
  ASSERT_EQ(Search("5 elm").size(), 1u);
  auto gone = gazetteer_->Reverse(42.3474, -71.0944);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

TEST_F(GazetteerTest, BadEntryChangesNothing) {
  auto bad = gazetteer_->Replace(
      {Address("5", "Elm St", 42.35, -71.05), Address("x", "Oak St", 42.35, -71.05)}, "bad");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("entry 2"), std::string::npos);
  EXPECT_FALSE(Search("145 ipswich").empty());
}

}  // namespace
}  // namespace civic311::testing
