// Emergency dispatch against the real binary: `civic311 serve --dispatch-url` to a real HTTP
// receiver (tests/notify/http_sink.py). Staff flag an ordinary request as an emergency through
// the staff API (POST /api/v1/requests/{id}/emergency) and through the console's request desk
// form; each is pushed to dispatch at once (waited for, never slept), signed, with the reason.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "accounts.hpp"
#include "adapters/notify/test_sinks.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

namespace json = boost::json;

// The pushes the dispatch receiver got for request `id` (waits up to 30 s for `want` of them).
std::vector<json::object> PushesFor(const testing::SinkProcess& sink, const std::string& id,
                                    size_t want) {
  std::vector<json::object> out;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    out.clear();
    for (const std::string& f : sink.Files("req-")) {
      json::object rec = json::parse(f).as_object();
      json::object body = json::parse(rec["body"].as_string()).as_object();
      if (body["service_request_id"].as_string() == id) {
        body["_signature"] = rec["headers"].as_object()["X-Civic311-Signature"];
        out.push_back(std::move(body));
      }
    }
    if (out.size() >= want) break;
    std::this_thread::sleep_for(20ms);
  }
  return out;
}

class Dispatch : public ::testing::Test {
 protected:
  void SetUp() override {
    sink_ =
        std::make_unique<testing::SinkProcess>("http_sink.py", (city_.dir() / "dispatch").string());
    ASSERT_TRUE(sink_->ok());
    setenv("CIVIC311_DISPATCH_SECRET", "dispatch-secret-0123456789", 1);
    city_.Start(
        {"--dispatch-url", "http://127.0.0.1:" + std::to_string(sink_->port()) + "/dispatch"});
    MakeUser(city_, "agent@dispatch.example", "agent");
  }
  Instance city_;
  std::unique_ptr<testing::SinkProcess> sink_;
};

TEST_F(Dispatch, FlaggedThroughTheStaffApiItIsPushedAtOnce) {
  HttpClient c = city_.Client();
  const std::string id = Post311(city_, c, "cable hanging low over the pavement");
  const std::string token = SignIn(c, "agent@dispatch.example");
  const std::string path = "/api/v1/requests/" + id + "/emergency";
  const std::int64_t v = VersionOf(c, token, id);
  // Refusals: no reason (400 naming "reason"), no credentials (401).
  HttpResponse bad = Json(c, "POST", path, token, "{\"version\":" + std::to_string(v) + "}");
  EXPECT_EQ(bad.status, 400) << bad.Describe();
  EXPECT_NE(bad.body.find("reason"), std::string::npos) << bad.body;
  EXPECT_EQ(Json(c, "POST", path, "", "{\"version\":1,\"reason\":\"x\"}").status, 401);
  const std::string flag =
      "{\"version\":" + std::to_string(v) + ",\"reason\":\"sparks seen, caller on the line\"}";
  HttpResponse ok = Json(c, "POST", path, token, flag);
  ASSERT_EQ(ok.status, 200) << ok.Describe();
  EXPECT_TRUE(Object(ok)["emergency"].as_bool());
  // Twice: a conflict (already an emergency), and still one push.
  HttpResponse again =
      Json(c, "POST", path, token,
           "{\"version\":" + std::to_string(VersionOf(c, token, id)) + ",\"reason\":\"again\"}");
  EXPECT_EQ(again.status, 409) << again.Describe();
  auto pushes = PushesFor(*sink_, id, 1);
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0]["event"].as_string(), "emergency");
  EXPECT_EQ(pushes[0]["flagged_reason"].as_string(), "sparks seen, caller on the line");
  EXPECT_TRUE(pushes[0]["_signature"].as_string().starts_with("sha256="));
  // Staff see one internal event; the public does not.
  json::object detail = Object(Json(c, "GET", "/api/v1/requests/" + id, token));
  int flagged = 0;
  for (const auto& e : detail["timeline"].as_array())
    if (e.as_object().at("kind").as_string() == "flag_emergency") ++flagged;
  EXPECT_EQ(flagged, 1) << json::serialize(detail);
  HttpResponse pub = c.Get("/open311/v2/requests/" + id + ".json");
  EXPECT_EQ(pub.body.find("sparks seen"), std::string::npos) << pub.body;
}

TEST_F(Dispatch, FlaggedFromTheConsoleDeskItIsPushedAtOnce) {
  HttpClient c = city_.Client();
  const std::string id = Post311(city_, c, "smell of burning from a street cabinet");
  // A browser session (cookie + CSRF token), as the console's sign-in makes one.
  HttpResponse session = Json(c, "POST", "/api/v1/auth/session", "",
                              SignInBody("agent@dispatch.example", kTestPassword));
  ASSERT_EQ(session.status, 200) << session.Describe();
  const std::string csrf(Object(session)["csrf_token"].as_string());
  std::string cookie;
  for (const auto& [k, val] : session.headers)
    if (k == "set-cookie" && val.rfind("c311_session=", 0) == 0)
      cookie = val.substr(0, val.find(';'));
  ASSERT_FALSE(cookie.empty());
  const Params headers = {{"Cookie", cookie}};
  HttpResponse desk = c.Get("/staff/requests/" + id, headers);
  ASSERT_EQ(desk.status, 200) << desk.Describe();
  ASSERT_NE(desk.body.find("id=\"emergency-form\""), std::string::npos);
  ASSERT_NE(desk.body.find("value=\"flag_emergency\""), std::string::npos);
  const std::string v = std::to_string(VersionOf(c, SignIn(c, "agent@dispatch.example"), id));
  HttpResponse posted = c.PostForm("/staff/requests/" + id + "/act",
                                   {{"action", "flag_emergency"},
                                    {"version", v},
                                    {"text", "caller says it is smoking"},
                                    {"csrf_token", csrf}},
                                   headers);
  EXPECT_EQ(posted.status, 303) << posted.Describe();
  auto pushes = PushesFor(*sink_, id, 1);
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0]["flagged_reason"].as_string(), "caller says it is smoking");
  // The desk now shows the emergency badge and no longer offers the form.
  HttpResponse after = c.Get("/staff/requests/" + id, headers);
  EXPECT_EQ(after.body.find("id=\"emergency-form\""), std::string::npos);
}

}  // namespace
}  // namespace civic311::it
