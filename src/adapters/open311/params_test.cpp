// Parameter parsing: GET requests query and POST form.
#include <gtest/gtest.h>

#include "adapters/open311/list_params.hpp"
#include "adapters/open311/submission_params.hpp"
#include "app/testing/test_city.hpp"
#include "base/time_format.hpp"

namespace civic311::open311 {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

http::Request Get(Params query) {
  http::Request r;
  r.path = "/open311/v2/requests.json";
  r.query = std::move(query);
  return r;
}

Timestamp T(const char* s) { return *ParseW3cDatetime(s); }

const City& Testville() {
  static auto city = testing::MakeTestville();
  return *city;
}

Result<ListParams> Parse(Params query) {
  return ParseListParams(Get(std::move(query)), Testville(), testing::TestNow());
}

std::string ErrorOf(Params query) {
  auto r = Parse(std::move(query));
  if (r.ok()) return "(ok)";
  return std::string(ErrorCodeName(r.error().code)) + ": " + r.error().message;
}

TEST(ListParams, DefaultsAreTheLast90DaysAndPageOf1000) {
  auto p = Parse({});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->query.start, testing::TestNow() - std::chrono::days(90));
  EXPECT_FALSE(p->query.end);
  EXPECT_EQ(p->query.limit, 1000);
  EXPECT_EQ(p->query.offset, 0);
  EXPECT_FALSE(p->query.include_internal);
  EXPECT_FALSE(p->extensions);
  EXPECT_FALSE(p->near);
}

TEST(ListParams, EmptyParametersAreAbsent) {
  auto p = Parse({{"service_code", ""},
                  {"status", ""},
                  {"start_date", ""},
                  {"page", ""},
                  {"service_request_id", ""},
                  {"jurisdiction_id", ""},
                  {"extensions", ""}});
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_TRUE(p->query.service_codes.empty());
  EXPECT_TRUE(p->query.states.empty());
  EXPECT_TRUE(p->query.ids.empty());
}

TEST(ListParams, IdsOverrideEverything) {
  auto p = Parse({{"service_request_id", "3, 1,3"},
                  {"service_request_id", "9"},
                  {"status", "bogus"},
                  {"start_date", "also bogus"},
                  {"page", "0"}});
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->query.ids, (std::vector<RequestId>{3, 1, 9}));
  EXPECT_EQ(p->query.limit, 3);
  EXPECT_FALSE(p->query.start);
  EXPECT_EQ(ErrorOf({{"service_request_id", "1,abc"}}),
            "invalid_argument: service_request_id must be a comma-separated list of request ids, "
            "e.g. 101,102 (got 'abc')");
  EXPECT_NE(ErrorOf({{"service_request_id", "0"}}), "(ok)");
  std::string many;
  for (int i = 1; i <= 1001; ++i) many += std::to_string(i) + ",";
  EXPECT_NE(ErrorOf({{"service_request_id", many}}), "(ok)");
}

TEST(ListParams, ServiceCodesAndStatuses) {
  auto p = Parse({{"service_code", "POTHOLE,GRAFFITI"}, {"status", "Open"}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->query.service_codes, (std::vector<std::string>{"POTHOLE", "GRAFFITI"}));
  EXPECT_EQ(p->query.states.size(), 7u);
  auto both = Parse({{"status", "open,closed"}});
  EXPECT_EQ(both->query.states.size(), 13u);
  EXPECT_EQ(ErrorOf({{"status", "pending"}}),
            "invalid_argument: status must be open or closed, or both as open,closed "
            "(got 'pending')");
}

TEST(ListParams, DateWindows) {
  auto both = Parse({{"start_date", "2026-10-01T00:00:00Z"}, {"end_date", "2026-10-31"}});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->query.start, T("2026-10-01T00:00:00Z"));
  EXPECT_EQ(both->query.end, T("2026-10-31T00:00:00Z"));

  auto start_only = Parse({{"start_date", "2026-01-01T00:00:00-05:00"}});
  EXPECT_EQ(start_only->query.start, T("2026-01-01T05:00:00Z"));
  EXPECT_EQ(start_only->query.end, T("2026-04-01T05:00:00Z"));  // +90 days
  auto end_only = Parse({{"end_date", "2026-04-01T00:00:00Z"}});
  EXPECT_EQ(end_only->query.start, T("2026-01-01T00:00:00Z"));

  EXPECT_EQ(ErrorOf({{"start_date", "2026-10-02"}, {"end_date", "2026-10-01"}}),
            "invalid_argument: end_date is before start_date; swap them");
  EXPECT_EQ(ErrorOf({{"start_date", "2026-01-01"}, {"end_date", "2026-04-02"}}),
            "invalid_argument: end_date is more than 90 days after start_date; ask for at most "
            "90 days at a time");
  EXPECT_TRUE(
      Parse({{"start_date", "2026-01-01"}, {"end_date", "2026-04-01"}}).ok());  // exactly 90
  EXPECT_NE(ErrorOf({{"start_date", "last week"}}).find("start_date must be a W3C date-time"),
            std::string::npos);
}

TEST(ListParams, UpdatedWindowReplacesTheDefault) {
  auto p = Parse({{"updated_after", "2025-01-01T00:00:00Z"}});
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->query.start);  // no requested_datetime window
  EXPECT_EQ(p->query.updated_after, T("2025-01-01T00:00:00Z"));
  EXPECT_EQ(p->query.updated_before, T("2025-04-01T00:00:00Z"));
  auto with_dates = Parse({{"start_date", "2026-10-01"}, {"updated_after", "2026-11-01"}});
  EXPECT_EQ(with_dates->query.start, T("2026-10-01T00:00:00Z"));
  EXPECT_FALSE(with_dates->query.updated_before);  // a plain filter inside the date window
  EXPECT_EQ(ErrorOf({{"updated_after", "2026-11-02"}, {"updated_before", "2026-11-01"}}),
            "invalid_argument: updated_before is before updated_after; swap them");
}

TEST(ListParams, Paging) {
  auto p = Parse({{"page", "3"}, {"page_size", "50"}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->query.limit, 50);
  EXPECT_EQ(p->query.offset, 100);
  EXPECT_EQ(ErrorOf({{"page_size", "1001"}}),
            "invalid_argument: page_size must be a whole number from 1 to 1000 (got '1001')");
  for (const char* bad : {"0", "-1", "2.5", "x", "99999999999999999999"}) {
    EXPECT_NE(ErrorOf({{"page", bad}}), "(ok)") << bad;
  }
}

TEST(ListParams, NearAPoint) {
  auto p = Parse({{"lat", "40.5"}, {"long", "-74.5"}, {"radius", "250"}});
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(p->near);
  EXPECT_EQ(p->near->radius_m, 250);
  EXPECT_EQ(Parse({{"lat", "40.5"}, {"long", "-74.5"}})->near->radius_m, 1000);
  EXPECT_EQ(ErrorOf({{"lat", "40.5"}}),
            "invalid_argument: long is required with lat (a point to search around)");
  EXPECT_NE(ErrorOf({{"radius", "5"}}), "(ok)");
  EXPECT_NE(ErrorOf({{"lat", "95"}, {"long", "0"}}), "(ok)");
  EXPECT_NE(ErrorOf({{"lat", "40"}, {"long", "0"}, {"radius", "50001"}}), "(ok)");
  EXPECT_NE(ErrorOf({{"lat", "40"}, {"long", "0"}, {"radius", "nan"}}), "(ok)");
  EXPECT_NE(ErrorOf({{"lat", "40"}, {"long", "0"}, {"bbox", "0,0,1,1"}}), "(ok)");
}

TEST(ListParams, BoundingBoxIsLongLatLongLat) {
  auto p = Parse({{"bbox", "-74.6,40.4,-74.4,40.6"}});
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_TRUE(p->query.bbox);
  EXPECT_EQ(p->query.bbox->min_lon, -74.6);
  EXPECT_EQ(p->query.bbox->min_lat, 40.4);
  EXPECT_EQ(p->query.bbox->max_lon, -74.4);
  EXPECT_EQ(p->query.bbox->max_lat, 40.6);
  for (const char* bad :
       {"1,2,3", "a,b,c,d", "-74.6,40.6,-74.4,40.4", "170,0,-170,1", "-200,0,0,1", "1,2,3,4,5"}) {
    EXPECT_NE(ErrorOf({{"bbox", bad}}), "(ok)") << bad;
  }
}

TEST(ListParams, JurisdictionAndExtensions) {
  EXPECT_TRUE(Parse({{"jurisdiction_id", "testville.example"}}).ok());
  EXPECT_EQ(ErrorOf({{"jurisdiction_id", "elsewhere.example"}}),
            "not_found: jurisdiction_id 'elsewhere.example' is not served here; this server "
            "serves 'testville.example'");
  EXPECT_TRUE(Parse({{"extensions", "TRUE"}})->extensions);
  EXPECT_FALSE(Parse({{"extensions", "false"}})->extensions);
  EXPECT_NE(ErrorOf({{"extensions", "yes"}}), "(ok)");
}

TEST(SubmissionParams, ReadsFormAndQueryAndAttributes) {
  http::Request r;
  r.method = http::Method::kPost;
  r.query = {{"api_key", "k"}, {"jurisdiction_id", "testville.example"}};
  r.form = {{"service_code", "POTHOLE"},
            {"lat", "40.5"},
            {"long", "-74.5"},
            {"address_string", "12 Main"},
            {"email", "a@b.org"},
            {"attribute[SIZE]", "large"},
            {"attribute[LANES][]", "left"},
            {"attribute[LANES][]", "right"},
            {"attribute[ODD", "x"},
            {"description", "d"},
            {"media_url", ""},
            {"media_url", "http://x/1.jpg"}};
  SubmissionInput in = SubmissionFromRequest(r);
  EXPECT_EQ(in.service_code, "POTHOLE");
  EXPECT_EQ(in.lon, "-74.5");
  EXPECT_EQ(in.address_string, "12 Main");
  EXPECT_EQ(in.jurisdiction_id, "testville.example");
  EXPECT_EQ(in.media_url, "http://x/1.jpg");  // the first non-empty value
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(
      in.attributes,
      (std::vector<P>{{"SIZE", "large"}, {"LANES", "left"}, {"LANES", "right"}, {"ODD", "x"}}));
  EXPECT_EQ(in.channel, Channel::kApi);
  http::Request fms;
  fms.form = {{"deviceid", "fms-service"}};
  EXPECT_EQ(SubmissionFromRequest(fms).device_id, "fms-service");
  http::Request bare;
  EXPECT_FALSE(SubmissionFromRequest(bare).jurisdiction_id);
}

}  // namespace
}  // namespace civic311::open311
