// The Open311 front door end to end through the router, over in-memory stores (the black-box
// suite in tests/open311 runs the same kind of checks against the real binary and SQLite).
#include "adapters/open311/routes.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/testing/test_city.hpp"

namespace civic311 {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;
namespace json = boost::json;

class Open311Routes : public ::testing::Test {
 protected:
  Open311Routes() {
    AddOpen311Routes(router_, w_.service);
    key_ = w_.ApiKey();
  }

  http::Response Call(http::Method m, const std::string& path, Params query = {},
                      Params form = {}) {
    http::Request req;
    req.method = m;
    req.path = path;
    req.query = std::move(query);
    req.form = std::move(form);
    req.headers = {{"host", "311.testville.example"}};
    req.request_id = "req-1";
    auto match = router_.Find(m, path);
    if (match.handler == nullptr) {
      return RenderOpen311Error(match.path_matched ? 405 : 404, "no such resource", req);
    }
    req.path_params = match.params;
    return (*match.handler)(req);
  }
  http::Response Get(const std::string& path, Params query = {}) {
    return Call(http::Method::kGet, path, std::move(query));
  }
  http::Response Post(const std::string& path, Params form) {
    return Call(http::Method::kPost, path, {}, std::move(form));
  }
  Params PotholeForm() const {
    return {{"api_key", key_},          {"service_code", "POTHOLE"},  {"lat", "40.5"},
            {"long", "-74.5"},          {"description", "Deep hole"}, {"email", "jane@example.org"},
            {"phone", "555-0100"},      {"first_name", "Jane"},       {"last_name", "Resident"},
            {"device_id", "device-42"}, {"account_id", "acct-7"},     {"attribute[SIZE]", "large"}};
  }
  static std::string Header(const http::Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return "";
  }
  static json::array Array(const http::Response& r) { return json::parse(r.body).as_array(); }

  testing::TestWorld w_;
  http::Router router_;
  std::string key_;
};

TEST_F(Open311Routes, PostThenGetBothFormats) {
  auto posted = Post("/open311/v2/requests.json", PotholeForm());
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(Header(posted, "Access-Control-Allow-Origin"), "");  // CORS on reads only
  auto answer = Array(posted).at(0).as_object();
  std::string id(answer.at("service_request_id").as_string());
  EXPECT_EQ(answer.at("service_notice"), "We fix potholes within 3 days.");
  EXPECT_EQ(answer.at("account_id"), "acct-7");
  EXPECT_FALSE(answer.contains("token"));

  auto one = Get("/open311/v2/requests/" + id + ".json");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(Header(one, "Access-Control-Allow-Origin"), "*");
  auto r = Array(one);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.at(0).as_object().at("status"), "open");
  EXPECT_EQ(r.at(0).as_object().at("agency_responsible"), "Public Works");

  auto xml = Get("/open311/v2/requests/" + id + ".xml");
  ASSERT_EQ(xml.status, 200);
  EXPECT_EQ(xml.content_type, "text/xml; charset=utf-8");
  EXPECT_EQ(xml.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests>"
                           "<request><service_request_id>" +
                               id + "</service_request_id>",
                           0),
            0u);

  auto list = Get("/open311/v2/requests.xml");
  EXPECT_NE(list.body.find("<service_request_id>" + id + "</service_request_id>"),
            std::string::npos);
}

TEST_F(Open311Routes, ApiKeyIsCheckedFirst) {
  Params no_key = {{"service_code", "NOPE"}};
  auto r = Post("/open311/v2/requests.json", no_key);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(serialize(json::parse(r.body)),
            R"([{"code":403,"description":"api_key is required to submit a service request; ask )"
            R"(the city for one"}])");
  no_key.push_back({"api_key", "c311_wrong"});
  auto wrong = Post("/open311/v2/requests.xml", no_key);
  EXPECT_EQ(wrong.status, 403);
  EXPECT_NE(wrong.body.find("<errors><error><code>403</code><description>api_key is not valid"),
            std::string::npos);
}

TEST_F(Open311Routes, PostErrorsInOrder) {
  Params form = PotholeForm();
  form[1].second = "";  // service_code
  EXPECT_EQ(Post("/open311/v2/requests.json", form).status, 400);
  form[1].second = "NOPE";
  auto unknown = Post("/open311/v2/requests.json", form);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("no service has the code 'NOPE'"), std::string::npos);

  form = PotholeForm();
  form[2].second = "north";  // lat
  form.back() = {"attribute[SIZE]", "huge"};
  form.push_back({"media_url", "ftp://x"});
  auto invalid = Post("/open311/v2/requests.json", form);
  EXPECT_EQ(invalid.status, 400);
  auto errors = Array(invalid);
  ASSERT_EQ(errors.size(), 3u) << invalid.body;  // one error per problem
  EXPECT_EQ(errors.at(0).as_object().at("description"),
            "lat: must be a decimal number of degrees, e.g. 40.7128 (got 'north')");
  EXPECT_EQ(errors.at(1).as_object().at("description"),
            "attribute[SIZE]: 'huge' is not a choice; must be one of: small, large");
  EXPECT_EQ(errors.at(2).as_object().at("code"), 400);

  form = PotholeForm();
  form.push_back({"jurisdiction_id", "elsewhere.example"});
  EXPECT_EQ(Post("/open311/v2/requests.json", form).status, 404);
}

TEST_F(Open311Routes, BatchServicesAnswerWithATokenThatResolves) {
  Params form = {{"api_key", key_}, {"service_code", "BULKY"}, {"address_string", "1 Elm St"}};
  auto posted = Post("/open311/v2/requests.xml", form);
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.body.find("service_request_id"), std::string::npos);
  auto start = posted.body.find("<token>") + 7;
  std::string token = posted.body.substr(start, posted.body.find("</token>") - start);
  ASSERT_EQ(token.size(), 32u);
  auto resolved = Get("/open311/v2/tokens/" + token + ".json");
  ASSERT_EQ(resolved.status, 200);
  auto t = Array(resolved).at(0).as_object();
  EXPECT_EQ(t.at("token").as_string(), token);
  EXPECT_TRUE(t.at("service_request_id").is_string());
  EXPECT_EQ(Get("/open311/v2/tokens/nope.json").status, 404);
}

TEST_F(Open311Routes, ContactDataNeverAppearsInAnyGet) {
  auto posted = Post("/open311/v2/requests.json", PotholeForm());
  std::string id(Array(posted).at(0).as_object().at("service_request_id").as_string());
  for (const std::string ext : {"json", "xml"}) {
    for (const std::string query : {"", "true"}) {
      Params q;
      if (!query.empty()) q.push_back({"extensions", query});
      for (const auto& r :
           {Get("/open311/v2/requests/" + id + "." + ext, q), Get("/open311/v2/requests." + ext, q),
            Get("/open311/v2/requests." + ext, {{"service_request_id", id}})}) {
        ASSERT_EQ(r.status, 200);
        for (const char* secret :
             {"jane@example.org", "555-0100", "Jane", "Resident", "device-42", "acct-7"}) {
          EXPECT_EQ(r.body.find(secret), std::string::npos) << secret << " in " << r.body;
        }
      }
    }
  }
}

TEST_F(Open311Routes, InternalRequestsAreInvisible) {
  ServiceRequest hidden;
  hidden.id = 500;
  hidden.token = "hiddentoken";
  hidden.service_code = "GRAFFITI";
  hidden.internal = true;
  hidden.requested_at = hidden.updated_at = testing::TestNow();
  w_.store.Put(hidden);
  EXPECT_EQ(Get("/open311/v2/requests/500.json").status, 404);
  EXPECT_EQ(Get("/open311/v2/tokens/hiddentoken.json").status, 404);
  EXPECT_EQ(Get("/open311/v2/requests.json").body, "[]");
  EXPECT_EQ(Get("/open311/v2/requests.json", {{"service_request_id", "500"}}).body, "[]");
}

TEST_F(Open311Routes, ListFiltersAndExtensions) {
  Post("/open311/v2/requests.json", PotholeForm());
  Post("/open311/v2/requests.json",
       {{"api_key", key_}, {"service_code", "GAS_LEAK"}, {"lat", "40.9"}, {"long", "-74.9"}});
  auto potholes = Array(Get("/open311/v2/requests.json", {{"service_code", "POTHOLE"}}));
  EXPECT_EQ(potholes.size(), 1u);
  EXPECT_EQ(Array(Get("/open311/v2/requests.json", {{"status", "closed"}})).size(), 0u);
  auto near = Array(
      Get("/open311/v2/requests.json", {{"lat", "40.9"}, {"long", "-74.9"}, {"radius", "100"}}));
  ASSERT_EQ(near.size(), 1u);
  EXPECT_EQ(near.at(0).as_object().at("service_code"), "GAS_LEAK");
  auto boxed = Array(Get("/open311/v2/requests.json", {{"bbox", "-74.6,40.4,-74.4,40.6"}}));
  ASSERT_EQ(boxed.size(), 1u);
  EXPECT_EQ(boxed.at(0).as_object().at("service_code"), "POTHOLE");
  auto ext = Array(Get("/open311/v2/requests.json", {{"extensions", "true"}, {"page_size", "1"}}));
  ASSERT_EQ(ext.size(), 1u);
  auto attrs = ext.at(0).as_object().at("extended_attributes").as_object();
  EXPECT_EQ(attrs.at("emergency"), true);  // newest first: the gas leak
  EXPECT_EQ(attrs.at("detailed_status"), "submitted");
  EXPECT_EQ(attrs.at("channel"), "api");
  auto bad =
      Get("/open311/v2/requests.xml", {{"start_date", "2026-01-01"}, {"end_date", "2025-01-01"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Header(bad, "Access-Control-Allow-Origin"), "*");
  EXPECT_NE(bad.body.find("<description>end_date: is before start_date; swap them</description>"),
            std::string::npos);
}

TEST_F(Open311Routes, ServicesAndDefinitions) {
  auto list = Get("/open311/v2/services.json");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(Array(list).size(), 4u);
  EXPECT_EQ(Header(list, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(Get("/open311/v2/services.xml").status, 200);
  auto def = Get("/open311/v2/services/POTHOLE.json");
  ASSERT_EQ(def.status, 200);
  EXPECT_EQ(json::parse(def.body).as_object().at("attributes").as_array().size(), 4u);
  auto plain = Get("/open311/v2/services/GRAFFITI.json");
  ASSERT_EQ(plain.status, 200);  // no attributes: an empty list, not a 404
  EXPECT_EQ(plain.body, R"({"service_code":"GRAFFITI","attributes":[]})");
  EXPECT_EQ(Get("/open311/v2/services/NOPE.xml").status, 404);
  EXPECT_EQ(Get("/open311/v2/services.json", {{"jurisdiction_id", "x.example"}}).status, 404);
}

TEST_F(Open311Routes, Discovery) {
  auto d = Get("/open311/discovery.json");
  ASSERT_EQ(d.status, 200);
  auto doc = json::parse(d.body).as_object();
  EXPECT_EQ(doc.at("changeset"), "2026-11-23T15:00:00Z");
  auto ep = doc.at("endpoints").as_array().at(0).as_object();
  EXPECT_EQ(ep.at("url"), "http://311.testville.example/open311/v2");
  EXPECT_EQ(ep.at("specification"), "http://wiki.open311.org/GeoReport_v2");
  EXPECT_EQ(ep.at("type"), "production");
  EXPECT_EQ(Get("/open311/v2/discovery.xml").status, 200);
  w_.city->base_url = "https://311.example.org/";
  EXPECT_NE(
      Get("/open311/discovery.json").body.find("\"url\":\"https://311.example.org/open311/v2\""),
      std::string::npos);
}

TEST_F(Open311Routes, UnsupportedFormatsAndUnknownIdsAre404InOpen311Format) {
  auto html = Get("/open311/v2/services.html");
  EXPECT_EQ(html.status, 404);
  EXPECT_EQ(html.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(serialize(json::parse(html.body)),
            R"([{"code":404,"description":"unsupported format 'html': ask for .json or .xml"}])");
  EXPECT_EQ(Get("/open311/v2/requests/abc.json").status, 404);
  EXPECT_EQ(Get("/open311/v2/requests/99999.xml").status, 404);
  auto no_route = Get("/open311/v2/nothing.xml");
  EXPECT_EQ(no_route.status, 404);
  EXPECT_EQ(no_route.content_type, "text/xml; charset=utf-8");
  auto wrong_method = Call(http::Method::kDelete, "/open311/v2/requests.json");
  EXPECT_EQ(wrong_method.status, 405);
}

TEST_F(Open311Routes, StoreFailuresNeverLeakDetails) {
  w_.store.FailWith(Error::Internal("sqlite: disk I/O error at /var/lib/civic311/db"));
  auto r = Get("/open311/v2/requests/1.json");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("sqlite"), std::string::npos);
  EXPECT_EQ(serialize(json::parse(r.body)),
            R"x([{"code":500,"description":"internal error (request id req-1; quote it when )x"
            R"x(reporting the problem)"}])x");
  w_.store.FailWith(Error::Unavailable("the database is busy; try again", "SQLITE_BUSY"));
  auto busy = Post("/open311/v2/requests.json", PotholeForm());
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(Header(busy, "Retry-After"), "1");
  EXPECT_EQ(busy.body.find("SQLITE"), std::string::npos);
}

}  // namespace
}  // namespace civic311
