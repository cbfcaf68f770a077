#include "app/request_service.hpp"

#include <gtest/gtest.h>

#include "app/testing/test_city.hpp"

namespace civic311 {
namespace {

using testing::TestWorld;

TEST(RequestService, SubmitStoresARoutedRequestWithTokenAndTimes) {
  TestWorld w;
  auto out = w.service->Submit(TestWorld::Pothole());
  ASSERT_TRUE(out.ok()) << out.error().message;
  const ServiceRequest& r = out->request;
  EXPECT_GT(r.id, 0);
  EXPECT_EQ(r.token.size(), 32u);
  EXPECT_EQ(r.department_code, "PWD");
  EXPECT_FALSE(r.emergency);
  EXPECT_EQ(r.state, RequestState::kSubmitted);
  EXPECT_EQ(r.requested_at, testing::TestNow());
  EXPECT_EQ(r.updated_at, testing::TestNow());
  EXPECT_FALSE(r.expected_at);  // Testville has no calendar
  EXPECT_EQ(r.contact.email, "jane@example.org");
  EXPECT_EQ(out->service_type, ServiceType::kRealtime);
  EXPECT_EQ(out->service_notice, "We fix potholes within 3 days.");
  // Stored durably in the store, token resolvable.
  EXPECT_EQ(w.service->ResolveToken(r.token).value(), r.id);
}

TEST(RequestService, TokensAreUnique) {
  TestWorld w;
  auto a = w.service->Submit(TestWorld::Pothole()).value().request.token;
  auto b = w.service->Submit(TestWorld::Pothole()).value().request.token;
  EXPECT_NE(a, b);
}

TEST(RequestService, ExpectedAtComesFromTheCalendarAndSla) {
  auto city = testing::MakeTestville();
  city->calendar = CityCalendar::Create(CalendarSpec{}).value();
  TestWorld w(city);
  auto out = w.service->Submit(TestWorld::Pothole());
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(out->request.expected_at);
  EXPECT_EQ(*out->request.expected_at,
            city->calendar->Due(testing::TestNow(), city->FindService("POTHOLE")->sla));
  // A service without a target gets no expected time.
  SubmissionInput in = TestWorld::Pothole();
  in.service_code = "GRAFFITI";
  in.attributes.clear();
  EXPECT_FALSE(w.service->Submit(in).value().request.expected_at);
}

TEST(RequestService, EmergenciesGoToDispatchAndAreFlagged) {
  TestWorld w;
  SubmissionInput in = TestWorld::Pothole();
  in.service_code = "GAS_LEAK";
  in.attributes.clear();
  auto out = w.service->Submit(in);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->request.department_code, "POL");
  EXPECT_TRUE(out->request.emergency);
  EXPECT_EQ(out->service_notice, "Leave the area and call 911 now.");
}

TEST(RequestService, EmergencyWithoutNoticeGetsADefault) {
  auto city = testing::MakeTestville();
  city->services[3].service_notice.clear();
  TestWorld w(city);
  SubmissionInput in = TestWorld::Pothole();
  in.service_code = "GAS_LEAK";
  in.attributes.clear();
  EXPECT_NE(w.service->Submit(in).value().service_notice.find("emergency"), std::string::npos);
}

TEST(RequestService, BatchServicesSayBatch) {
  TestWorld w;
  SubmissionInput in = TestWorld::Pothole();
  in.service_code = "BULKY";
  in.attributes.clear();
  EXPECT_EQ(w.service->Submit(in).value().service_type, ServiceType::kBatch);
}

TEST(RequestService, SubmitPassesValidationAndStoreErrorsThrough) {
  TestWorld w;
  SubmissionInput in = TestWorld::Pothole();
  in.service_code = "NOPE";
  EXPECT_EQ(w.service->Submit(in).error().code, ErrorCode::kNotFound);
  w.store.FailWith(Error::Unavailable("database busy", "SQLITE_BUSY"));
  EXPECT_EQ(w.service->Submit(TestWorld::Pothole()).error().code, ErrorCode::kUnavailable);
}

TEST(RequestService, CheckApiKey) {
  TestWorld w;
  EXPECT_EQ(w.service->CheckApiKey("").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(w.service->CheckApiKey("c311_wrong").error().code, ErrorCode::kPermissionDenied);
  std::string key = w.ApiKey("fixmystreet");
  EXPECT_TRUE(w.service->CheckApiKey(key).ok());
  ApiKeyService keys(w.keys, w.clock);
  ASSERT_TRUE(keys.Revoke("fixmystreet").ok());
  EXPECT_EQ(w.service->CheckApiKey(key).error().code, ErrorCode::kPermissionDenied);
}

TEST(RequestService, InternalRequestsAreNeverPublic) {
  TestWorld w;
  ServiceRequest hidden;
  hidden.id = 77;
  hidden.token = "secrettoken";
  hidden.service_code = "POTHOLE";
  hidden.internal = true;
  hidden.requested_at = hidden.updated_at = testing::TestNow();
  w.store.Put(hidden);
  RequestId visible = w.Submit(TestWorld::Pothole());

  EXPECT_EQ(w.service->Get(77).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(w.service->ResolveToken("secrettoken").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(w.service->Get(9999).error().code, ErrorCode::kNotFound);
  RequestQuery q;
  q.include_internal = true;  // ignored: the public view never includes them
  auto list = w.service->List(q).value();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].id, visible);
  q.ids = {77, visible};
  EXPECT_EQ(w.service->List(q).value().size(), 1u);
  EXPECT_FALSE(w.store.last_query()->include_internal);
}

TEST(RequestService, ListClampsTheLimit) {
  TestWorld w;
  RequestQuery q;
  q.limit = 50000;
  ASSERT_TRUE(w.service->List(q).ok());
  EXPECT_EQ(w.store.last_query()->limit, 1000);
  q.limit = 0;
  ASSERT_TRUE(w.service->List(q).ok());
  EXPECT_EQ(w.store.last_query()->limit, 1);
}

ServiceRequest At(RequestId id, double lat, double lon, int minutes_ago) {
  ServiceRequest r;
  r.id = id;
  r.service_code = "GRAFFITI";
  r.lat = lat;
  r.lon = lon;
  r.requested_at = r.updated_at = testing::TestNow() - std::chrono::minutes(minutes_ago);
  return r;
}

TEST(RequestService, ListWithinFiltersExactlyAndPagesOverMatches) {
  TestWorld w;
  const GeoCircle c{40.5, -74.5, 1000};
  // 1 degree of latitude ~ 111 km: 0.005 deg ~ 556 m (inside), 0.0095 deg ~ 1056 m (outside
  // the circle; the diagonal corner point is inside the bounding box but outside the circle).
  w.store.Put(At(1, 40.505, -74.5, 1));
  w.store.Put(At(2, 40.5 + 0.0065, -74.5 + 0.0085, 2));  // in the box's corner, ~1.1 km away
  w.store.Put(At(3, 40.4995, -74.5005, 3));
  w.store.Put(At(4, 40.6, -74.5, 4));  // 11 km away
  w.store.Put(At(5, 40.5, -74.501, 5));
  RequestQuery q;
  auto all = w.service->ListWithin(q, c).value();
  std::vector<RequestId> ids;
  for (const auto& r : all) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<RequestId>{1, 3, 5}));
  q.limit = 1;
  q.offset = 1;
  auto page = w.service->ListWithin(q, c).value();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, 3);
  // An explicit bbox elsewhere: nothing overlaps, nothing returned.
  q = RequestQuery{};
  q.bbox = RequestQuery::BBox{10, 10, 11, 11};
  EXPECT_TRUE(w.service->ListWithin(q, c).value().empty());
}

TEST(RequestService, ListWithinScansInChunks) {
  TestWorld w;
  // 1200 requests inside the box but outside the circle, then 3 inside, oldest last.
  for (int i = 0; i < 1200; ++i) w.store.Put(At(i + 1, 40.5 + 0.0065, -74.5 + 0.0085, i));
  for (int i = 0; i < 3; ++i) w.store.Put(At(2000 + i, 40.5, -74.5, 5000 + i));
  RequestQuery q;
  q.limit = 10;
  auto got = w.service->ListWithin(q, GeoCircle{40.5, -74.5, 1000}).value();
  EXPECT_EQ(got.size(), 3u);
  EXPECT_GE(w.store.list_calls(), 3);
}

// Regression (docs/performance.md): after the first chunk the scan read a flat 1,000 rows, each
// whole, where a few dozen matches were missing. The next chunk is sized by the share found.
TEST(RequestService, ListWithinSizesTheNextChunkByTheShareInside) {
  TestWorld w;
  // 600 requests in the box, newest first; every third one inside the circle.
  for (int i = 0; i < 600; ++i) {
    const bool in = i % 3 == 0;
    w.store.Put(At(i + 1, in ? 40.5 : 40.5 + 0.0065, in ? -74.5 : -74.5 + 0.0085, i));
  }
  RequestQuery q;
  q.limit = 50;
  auto got = w.service->ListWithin(q, GeoCircle{40.5, -74.5, 1000}).value();
  ASSERT_EQ(got.size(), 50u);
  for (size_t n = 0; n < got.size(); ++n) EXPECT_EQ(got[n].id, static_cast<RequestId>(3 * n + 1));
  EXPECT_EQ(w.store.list_calls(), 2);
  ASSERT_TRUE(w.store.last_query().has_value());
  // 100 rows held 34 inside; 16 missing at a third: 100 more (the smallest chunk), not 1,000.
  EXPECT_EQ(w.store.last_query()->limit, 100);
}

}  // namespace
}  // namespace civic311
