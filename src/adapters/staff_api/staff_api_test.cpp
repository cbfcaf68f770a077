// The staff API through its router, over in-memory stores: status codes, error shape, the
// contact rule, and that the OpenAPI document describes every route.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
#include <set>

#include "adapters/staff_api/json_io.hpp"
#include "adapters/staff_api/openapi.hpp"
#include "adapters/staff_api/routes.hpp"
#include "app/testing/in_memory_workflow.hpp"
#include "app/testing/test_city.hpp"

namespace civic311::testing {
namespace {
namespace json = boost::json;

class StaffApiTest : public ::testing::Test {
 protected:
  StaffApiTest() : wf(world.store) {
    AuthOptions o;
    o.cost = PasswordHashCost::Minimum();
    auth = std::make_shared<AuthService>(wf, wf, world.clock, o);
    workflow = std::make_shared<WorkflowService>(world.city, world.store, wf, wf, wf, world.clock);
    AddStaffApiRoutes(router, {workflow, auth});
  }

  std::string Token(Role role, std::vector<std::string> departments) {
    std::string email = "u" + std::to_string(++n_) + "@testville.example";
    Actor admin{999, Role::kAdmin, {}, false};
    EXPECT_TRUE(
        auth->CreateUser(admin, {email, "", role, departments, "long enough password"}).ok());
    return auth->Login(email, "long enough password", "").value().token;
  }

  http::Response Call(http::Method m, const std::string& path, const std::string& token = "",
                      const std::string& body = "",
                      std::vector<std::pair<std::string, std::string>> query = {}) {
    http::Request req;
    req.method = m;
    req.path = path;
    req.body = body;
    req.query = std::move(query);
    if (!token.empty()) req.headers.push_back({"authorization", "Bearer " + token});
    if (!body.empty()) req.content_type = "application/json";
    auto match = router.Find(m, path);
    if (!match.found()) {
      http::Response none;
      none.status = 404;
      return none;
    }
    req.path_params = match.params;
    return http::CallAndWait(match, req);
  }
  static json::value Body(const http::Response& r) { return json::parse(r.body); }

  TestWorld world;
  InMemoryWorkflow wf;
  std::shared_ptr<AuthService> auth;
  std::shared_ptr<WorkflowService> workflow;
  http::Router router;
  int n_ = 0;
};

TEST_F(StaffApiTest, TokenEndpoint) {
  Token(Role::kStaff, {"PWD"});
  auto ok = Call(http::Method::kPost, "/api/v1/auth/token", "",
                 R"({"email":"u1@testville.example","password":"long enough password"})");
  EXPECT_EQ(ok.status, 200);
  EXPECT_TRUE(Body(ok).as_object().contains("token"));
  auto bad = Call(http::Method::kPost, "/api/v1/auth/token", "",
                  R"({"email":"u1@testville.example","password":"wrong"})");
  EXPECT_EQ(bad.status, 401);
  auto missing = Call(http::Method::kPost, "/api/v1/auth/token", "", R"({"email":""})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(Body(missing).at("error").at("fields").as_array().size(), 2u);
}

TEST_F(StaffApiTest, NoTokenIs401) {
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/requests").status, 401);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/requests", "bogus").status, 401);
}

TEST_F(StaffApiTest, ActionsMapToStatusCodes) {
  std::string pwd = Token(Role::kStaff, {"PWD"});
  std::string san = Token(Role::kStaff, {"SAN"});
  RequestId id = world.Submit(world.Pothole());
  const std::string path = "/api/v1/requests/" + std::to_string(id) + "/actions";
  EXPECT_EQ(Call(http::Method::kPost, path, san, R"({"action":"acknowledge","version":1})").status,
            403);
  auto ok = Call(http::Method::kPost, path, pwd, R"({"action":"acknowledge","version":1})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Body(ok).at("version").as_int64(), 2);
  EXPECT_EQ(
      Call(http::Method::kPost, path, pwd, R"({"action":"note","version":1,"text":"x"})").status,
      409);  // stale
  auto fixed = Call(http::Method::kPost, path, pwd,
                    R"({"action":"set_state","state":"fixed","version":2,"text":"done"})");
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(Call(http::Method::kPost, path, pwd,
                 R"({"action":"set_state","state":"in_progress","version":3})")
                .status,
            409);  // forbidden transition
  auto bad = Call(http::Method::kPost, path, pwd, R"({"action":"fly","version":3})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Body(bad).at("error").at("fields").at(0).at("field").as_string(), "action");
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/requests/999/actions", pwd,
                 R"({"action":"acknowledge","version":1})")
                .status,
            404);
}

TEST_F(StaffApiTest, DetailShowsContactOnlyToAllowedRoles) {
  std::string agent = Token(Role::kAgent, {});
  std::string resident = Token(Role::kResident, {});
  RequestId id = world.Submit(world.Pothole());
  const std::string path = "/api/v1/requests/" + std::to_string(id);
  auto seen = Call(http::Method::kGet, path, resident);
  ASSERT_EQ(seen.status, 200);
  EXPECT_FALSE(Body(seen).as_object().contains("contact"));
  EXPECT_EQ(seen.body.find("jane@example.org"), std::string::npos);
  auto staff = Call(http::Method::kGet, path, agent);
  ASSERT_EQ(staff.status, 200);
  EXPECT_EQ(Body(staff).at("contact").at("email").as_string(), "jane@example.org");
}

TEST_F(StaffApiTest, AgentCreatesOnBehalfAndListsWithFilters) {
  std::string agent = Token(Role::kAgent, {});
  auto created = Call(http::Method::kPost, "/api/v1/requests", agent,
                      R"({"service_code":"GRAFFITI","description":"tags on the bridge",
                          "lat":"40.5","lon":"-74.5","channel":"phone","phone":"555-0101"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Body(created).at("channel").as_string(), "phone");
  world.Submit(world.Pothole());
  auto list = Call(http::Method::kGet, "/api/v1/requests", agent, "",
                   {{"service", "GRAFFITI"}, {"q", "bridge"}});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Body(list).at("requests").as_array().size(), 1u);
  EXPECT_EQ(list.body.find("555-0101"), std::string::npos);  // lists never carry contact
  auto bad = Call(http::Method::kGet, "/api/v1/requests", agent, "", {{"state", "bogus"}});
  EXPECT_EQ(bad.status, 400);
}

// The tidy of issue 9: lat/long as JSON numbers (strings still read), written back as plain
// decimals under the one name "long"; the id as service_request_id, "id" kept as an alias.
TEST_F(StaffApiTest, CoordinatesAsNumbersComeBackAsPlainDecimalsUnderLong) {
  std::string agent = Token(Role::kAgent, {});
  auto created = Call(http::Method::kPost, "/api/v1/requests", agent,
                      R"({"service_code":"GRAFFITI","description":"tags",
                          "lat":40.5,"long":-74.5,"channel":"phone"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_NE(created.body.find(R"("lat":40.5,"long":-74.5)"), std::string::npos) << created.body;
  EXPECT_EQ(created.body.find("E1"), std::string::npos) << created.body;  // not 4.05E1
  EXPECT_FALSE(Body(created).as_object().contains("lon"));
  EXPECT_EQ(Body(created).at("service_request_id"), Body(created).at("id"));
  auto strings = Call(http::Method::kPost, "/api/v1/requests", agent,
                      R"({"service_code":"GRAFFITI","description":"tags",
                          "lat":"40.5","long":"-74.5","channel":"phone"})");
  EXPECT_EQ(strings.status, 201) << strings.body;
  auto wrong = Call(http::Method::kPost, "/api/v1/requests", agent,
                    R"({"service_code":"GRAFFITI","description":"x","lat":true,"long":1})");
  ASSERT_EQ(wrong.status, 400);
  EXPECT_EQ(Body(wrong).at("error").at("fields").at(0).at("field").as_string(), "lat");
}

TEST(StaffApiJson, DoublesAreWrittenWithoutExponent) {
  EXPECT_EQ(staff_api::SerializeJson(json::parse(R"({"a":[42.35,-71.0589,0.0000001,1e21,3]})")),
            R"({"a":[42.35,-71.0589,0.0000001,1000000000000000000000,3]})");
}

TEST_F(StaffApiTest, WorkOrdersGateResolution) {
  std::string pwd = Token(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  auto w = Call(http::Method::kPost, "/api/v1/requests/" + std::to_string(id) + "/work_orders", pwd,
                R"({"crew":"crew 2","tasks":[{"text":"patch"}]})");
  ASSERT_EQ(w.status, 201) << w.body;
  const std::string actions = "/api/v1/requests/" + std::to_string(id) + "/actions";
  EXPECT_EQ(Call(http::Method::kPost, actions, pwd,
                 R"({"action":"set_state","state":"fixed","version":1})")
                .status,
            409);
  auto wid = Body(w).at("id").as_int64();
  auto done = Call(http::Method::kPatch, "/api/v1/work_orders/" + std::to_string(wid), pwd,
                   R"({"done":true,"tasks":[{"text":"patch","done":true}]})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Call(http::Method::kPost, actions, pwd,
                 R"({"action":"set_state","state":"fixed","version":1})")
                .status,
            200);
}

// The router's table and the document's operations are the same set, both ways: a route added
// without its description (or a description left after its route went) fails here.
TEST_F(StaffApiTest, OpenApiDescribesEveryRouteAndNothingElse) {
  auto doc = Call(http::Method::kGet, "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  json::value v = json::parse(doc.body);
  EXPECT_EQ(std::string(v.at("openapi").as_string()).substr(0, 2), "3.");
  std::set<std::string> routed, described;
  for (std::string_view label : router.Labels()) {
    if (label.find(" /api/v1/") != std::string_view::npos) routed.emplace(label);
  }
  for (const auto& path : v.at("paths").as_object()) {
    for (const auto& op : path.value().as_object()) {
      std::string method(op.key());
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      described.insert(method + " " + std::string(path.key()));
    }
  }
  EXPECT_GT(routed.size(), 20u);
  EXPECT_EQ(routed, described);
}

// Every operation lists its error answers with the one error shape; a body is read only by
// operations that document 400, 413 and 415; a sign-in only by those that document 401.
TEST_F(StaffApiTest, OpenApiGivesEveryOperationItsErrorAnswers) {
  const json::value& v = staff_api::OpenApiDocument();
  for (const auto& path : v.at("paths").as_object()) {
    for (const auto& op : path.value().as_object()) {
      const std::string where = std::string(op.key()) + " " + std::string(path.key());
      const json::object& responses = op.value().at("responses").as_object();
      bool success = false;
      for (const auto& r : responses) {
        if (r.key().starts_with("2")) success = true;
      }
      EXPECT_TRUE(success) << where;
      for (const char* code : {"500", "503", "default"})
        EXPECT_TRUE(responses.contains(code)) << where << " " << code;
      const bool body = op.value().as_object().contains("requestBody");
      for (const char* code : {"400", "413", "415"}) {
        if (body) {
          EXPECT_TRUE(responses.contains(code)) << where << " " << code;
        }
      }
      const auto* security = op.value().as_object().if_contains("security");
      if (security == nullptr || !security->as_array().empty()) {
        EXPECT_TRUE(responses.contains("401")) << where;
      }
    }
  }
  const json::object& detail = v.at("components").at("schemas").at("RequestDetail").as_object();
  EXPECT_TRUE(detail.at("properties").as_object().contains("timeline"));
  EXPECT_TRUE(detail.at("properties").as_object().contains("service_request_id"));
}

TEST_F(StaffApiTest, TemplatesEndpointListsWhatFitsTheRequest) {
  std::string pwd = Token(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  const std::string path = "/api/v1/requests/" + std::to_string(id) + "/templates";
  auto ok = Call(http::Method::kGet, path, pwd);
  ASSERT_EQ(ok.status, 200) << ok.body;
  const json::value body = Body(ok);
  const json::array& list = body.at("templates").as_array();
  ASSERT_EQ(list.size(), 4u);  // test_city.hpp: pothole_fixed, not_ours, more_info, thanks
  const json::object& first = list[0].as_object();
  EXPECT_EQ(first.at("id").as_string(), "pothole_fixed");
  EXPECT_EQ(first.at("title").as_string(), "Pothole filled");
  EXPECT_EQ(first.at("state").as_string(), "fixed");
  EXPECT_EQ(first.at("text").as_string(), "Our crew filled this pothole.");
  EXPECT_EQ(first.at("text_es").as_string(), "Nuestro equipo rellenó este bache.");
  EXPECT_EQ(list[3].at("state").as_string(), "note");
  EXPECT_FALSE(list[3].as_object().contains("text_es"));  // none written
  EXPECT_EQ(Call(http::Method::kGet, path).status, 401);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/requests/999/templates", pwd).status, 404);
}

TEST_F(StaffApiTest, ActionWithATemplate) {
  std::string pwd = Token(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  const std::string path = "/api/v1/requests/" + std::to_string(id) + "/actions";
  auto wrong = Call(http::Method::kPost, path, pwd,
                    R"({"action":"acknowledge","version":1,"template":"pothole_fixed"})");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(Body(wrong).at("error").at("fields").at(0).at("field").as_string(), "template");
  auto bad_type =
      Call(http::Method::kPost, path, pwd, R"({"action":"note","version":1,"template":7})");
  EXPECT_EQ(bad_type.status, 400);
  auto fixed = Call(http::Method::kPost, path, pwd,
                    R"({"action":"set_state","state":"fixed","version":1,
                        "template":"pothole_fixed"})");
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(Body(fixed).at("status_notes").as_string(), "Our crew filled this pothole.");
  auto detail = Call(http::Method::kGet, "/api/v1/requests/" + std::to_string(id), pwd);
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(Body(detail).at("timeline").at(0).at("data").at("template").as_string(),
            "pothole_fixed");
}

TEST_F(StaffApiTest, PasswordResetAnswersAlikeAndTheTokenSetsANewPassword) {
  Token(Role::kStaff, {"PWD"});  // u1@testville.example
  auto known = Call(http::Method::kPost, "/api/v1/auth/password_reset", "",
                    R"({"email":"u1@testville.example"})");
  auto unknown = Call(http::Method::kPost, "/api/v1/auth/password_reset", "",
                      R"({"email":"nobody@testville.example"})");
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(unknown.status, 202);
  EXPECT_EQ(known.body, unknown.body);
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/auth/password_reset", "", "{}").status, 400);
  ASSERT_EQ(wf.outbox.size(), 1u);  // one e-mail, for the known address
  std::string token = wf.outbox[0].Text("token");
  auto missing = Call(http::Method::kPost, "/api/v1/auth/password_reset/confirm", "", "{}");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(Body(missing).at("error").at("fields").as_array().size(), 2u);
  auto set = Call(http::Method::kPost, "/api/v1/auth/password_reset/confirm", "",
                  R"({"token":")" + token + R"(","password":"my new long password"})");
  EXPECT_EQ(set.status, 204) << set.body;
  auto again = Call(http::Method::kPost, "/api/v1/auth/password_reset/confirm", "",
                    R"({"token":")" + token + R"(","password":"my other long password"})");
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/auth/token", "",
                 R"({"email":"u1@testville.example","password":"my new long password"})")
                .status,
            200);
}

TEST_F(StaffApiTest, MeTotpAndLogout) {
  std::string token = Token(Role::kManager, {"PWD"});
  auto me = Call(http::Method::kGet, "/api/v1/me", token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(Body(me).at("role").as_string(), "manager");
  EXPECT_EQ(me.body.find("password"), std::string::npos);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/me").status, 401);
  auto renamed = Call(http::Method::kPatch, "/api/v1/me", token,
                      R"({"display_name":"  Pat Manager ","hide_name":true})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Body(renamed).at("display_name").as_string(), "Pat Manager");
  EXPECT_TRUE(Body(renamed).at("hide_name").as_bool());
  EXPECT_TRUE(Body(Call(http::Method::kGet, "/api/v1/me", token)).at("hide_name").as_bool());
  EXPECT_EQ(Call(http::Method::kPatch, "/api/v1/me", token, R"({"hide_name":"yes"})").status, 400);
  EXPECT_EQ(Call(http::Method::kPatch, "/api/v1/me", token, R"({"display_name":"ab"})").status,
            400);
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/me/totp", token, R"({"password":"wrong"})").status,
            401);
  auto totp =
      Call(http::Method::kPost, "/api/v1/me/totp", token, R"({"password":"long enough password"})");
  ASSERT_EQ(totp.status, 200) << totp.body;
  EXPECT_EQ(std::string(Body(totp).at("otpauth_uri").as_string()).rfind("otpauth://totp/", 0), 0u);
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/auth/logout", token).status, 204);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/me", token).status, 401);
}

TEST_F(StaffApiTest, FollowAndUnfollow) {
  std::string resident = Token(Role::kResident, {});
  RequestId id = world.Submit(world.Pothole());
  const std::string path = "/api/v1/requests/" + std::to_string(id) + "/follow";
  EXPECT_EQ(Call(http::Method::kPut, path, resident).status, 204);
  EXPECT_EQ(wf.ListFollowers(id)->size(), 1u);
  EXPECT_EQ(Call(http::Method::kDelete, path, resident).status, 204);
  EXPECT_TRUE(wf.ListFollowers(id)->empty());
  EXPECT_EQ(Call(http::Method::kPut, path).status, 401);
  EXPECT_EQ(Call(http::Method::kPut, "/api/v1/requests/999/follow", resident).status, 404);
}

TEST_F(StaffApiTest, AuditLogForAdminsAndManagersOnly) {
  std::string admin = Token(Role::kAdmin, {});
  std::string manager = Token(Role::kManager, {"PWD"});
  std::string staff = Token(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  ASSERT_EQ(Call(http::Method::kGet, "/api/v1/requests/" + std::to_string(id), staff).status, 200);
  auto all = Call(http::Method::kGet, "/api/v1/audit", admin);
  ASSERT_EQ(all.status, 200) << all.body;
  auto entries = Body(all).at("entries").as_array();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0].at("action").as_string(), "view_contact");
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/audit", manager, "", {{"department", "PWD"}}).status,
            200);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/audit", manager, "", {{"department", "SAN"}}).status,
            403);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/audit", staff, "", {{"department", "PWD"}}).status,
            403);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/audit", admin, "", {{"limit", "0"}}).status, 400);
}

TEST_F(StaffApiTest, CookieSessionsNeedTheCsrfTokenToChangeAnything) {
  Token(Role::kStaff, {"PWD"});  // u1@testville.example
  http::Request login;
  login.method = http::Method::kPost;
  login.path = "/api/v1/auth/session";
  login.body = R"({"email":"u1@testville.example","password":"long enough password"})";
  login.secure = true;
  login.content_type = "application/json";
  auto m = router.Find(http::Method::kPost, login.path);
  ASSERT_TRUE(m.found());
  http::Response res = http::CallAndWait(m, login);
  ASSERT_EQ(res.status, 200) << res.body;
  std::string cookie;
  for (const auto& [k, v] : res.headers)
    if (k == "Set-Cookie") cookie = v;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  const std::string session =
      cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  const std::string csrf(Body(res).at("csrf_token").as_string());
  RequestId id = world.Submit(world.Pothole());
  const std::string actions = "/api/v1/requests/" + std::to_string(id) + "/actions";

  auto with_cookie = [&](http::Method method, const std::string& path, const std::string& body,
                         const std::string& csrf_header) {
    http::Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    req.headers.push_back({"cookie", "other=1; c311_session=" + session});
    if (!csrf_header.empty()) req.headers.push_back({"x-csrf-token", csrf_header});
    if (!body.empty()) req.content_type = "application/json";
    auto found = router.Find(method, path);
    req.path_params = found.params;
    return http::CallAndWait(found, req);
  };
  // Reading needs only the cookie.
  EXPECT_EQ(with_cookie(http::Method::kGet, "/api/v1/me", "", "").status, 200);
  // Changing needs the CSRF token: missing or wrong is 403 and nothing happens.
  const std::string ack = R"({"action":"acknowledge","version":1})";
  EXPECT_EQ(with_cookie(http::Method::kPost, actions, ack, "").status, 403);
  EXPECT_EQ(with_cookie(http::Method::kPost, actions, ack, std::string(64, 'a')).status, 403);
  EXPECT_EQ(world.store.Get(id).value()->version, 1);
  EXPECT_EQ(with_cookie(http::Method::kPost, actions, ack, csrf).status, 200);
  // Signing out clears the cookie and ends the session.
  auto out = with_cookie(http::Method::kDelete, "/api/v1/auth/session", "", csrf);
  EXPECT_EQ(out.status, 204);
  EXPECT_EQ(with_cookie(http::Method::kGet, "/api/v1/me", "", "").status, 401);
}

// ---- regression tests for issue 7, named after its findings (the black-box versions are in
// tests/integration/security_*_test.cpp) ----

TEST_F(StaffApiTest, Finding3_ANoteWhoseInternalFlagIsNotABooleanIsRefused) {
  std::string pwd = Token(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  const std::string path = "/api/v1/requests/" + std::to_string(id) + "/actions";
  for (const char* flag : {R"("true")", "1", R"("yes")", "null", "{}"}) {
    auto r = Call(
        http::Method::kPost, path, pwd,
        std::string(R"({"action":"note","version":1,"text":"secret","internal":)") + flag + "}");
    EXPECT_EQ(r.status, 400) << flag << ": " << r.body;
  }
  // A missing flag fails closed: the note is internal.
  auto missing =
      Call(http::Method::kPost, path, pwd, R"({"action":"note","version":1,"text":"secret"})");
  ASSERT_EQ(missing.status, 200) << missing.body;
  EXPECT_TRUE(workflow->PublicUpdates(Timestamp{}, world.clock.Now(), 100)->empty());
}

TEST_F(StaffApiTest, Finding6_ResidentsCannotSearchByAssignee) {
  std::string resident = Token(Role::kResident, {});
  std::string staff = Token(Role::kStaff, {"PWD"});
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/requests", resident, "", {{"assignee", "1"}}).status,
            403);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/requests", staff, "", {{"assignee", "1"}}).status,
            200);
}

TEST_F(StaffApiTest, Finding10_WorkOrdersAreValidatedAndPutNeverBlanks) {
  std::string pwd = Token(Role::kStaff, {"PWD"});
  RequestId id = world.Submit(world.Pothole());
  const std::string orders = "/api/v1/requests/" + std::to_string(id) + "/work_orders";
  const std::string big_crew = R"({"crew":")" + std::string(900 * 1024, 'x') + R"("})";
  for (const std::string& body :
       std::vector<std::string>{R"({"labour_hours":1e309})", R"({"labour_hours":-1})",
                                R"({"cost_cents":-5})", R"({"assignee_user_id":424242})", big_crew,
                                R"({"tasks":[{"text":"a","done":"yes"}]})"}) {
    auto r = Call(http::Method::kPost, orders, pwd, body);
    EXPECT_EQ(r.status, 400) << body.substr(0, 60) << ": " << r.body.substr(0, 200);
  }
  auto created = Call(http::Method::kPost, orders, pwd,
                      R"({"crew":"Crew 4","materials":"asphalt","labour_hours":2.5})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string order =
      "/api/v1/work_orders/" + std::to_string(Body(created).at("id").as_int64());
  // PUT replaces, so it must say everything; PATCH changes what it says.
  auto partial_put = Call(http::Method::kPut, order, pwd, R"({"done":true})");
  EXPECT_EQ(partial_put.status, 400);
  auto patched = Call(http::Method::kPatch, order, pwd, R"({"done":true})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Body(patched).at("crew").as_string(), "Crew 4");
  EXPECT_EQ(Body(patched).at("materials").as_string(), "asphalt");
  EXPECT_TRUE(Body(patched).at("done").as_bool());
  auto detail = Call(http::Method::kGet, "/api/v1/requests/" + std::to_string(id), pwd);
  ASSERT_EQ(detail.status, 200);
  EXPECT_NO_THROW(json::parse(detail.body));
}

TEST_F(StaffApiTest, AlsoJsonEndpointsRefuseOtherContentTypes) {
  Token(Role::kStaff, {"PWD"});
  http::Request req;
  req.method = http::Method::kPost;
  req.path = "/api/v1/auth/token";
  req.body = R"({"email":"u1@testville.example","password":"long enough password"})";
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", ""}) {
    req.content_type = type;
    auto r = http::CallAndWait(router.Find(req.method, req.path), req);
    EXPECT_EQ(r.status, 415) << type;
  }
}

}  // namespace
}  // namespace civic311::testing
