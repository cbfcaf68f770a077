// The staff API through its router, over in-memory stores: status codes, error shape, the
// contact rule, and that the OpenAPI document describes every route.
#include <gtest/gtest.h>

#include <boost/json.hpp>

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
    auto match = router.Find(m, path);
    if (match.handler == nullptr) {
      http::Response none;
      none.status = 404;
      return none;
    }
    req.path_params = match.params;
    return (*match.handler)(req);
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
  auto done = Call(http::Method::kPut, "/api/v1/work_orders/" + std::to_string(wid), pwd,
                   R"({"crew":"crew 2","done":true,"tasks":[{"text":"patch","done":true}]})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Call(http::Method::kPost, actions, pwd,
                 R"({"action":"set_state","state":"fixed","version":1})")
                .status,
            200);
}

TEST_F(StaffApiTest, OpenApiDescribesEveryRoute) {
  auto doc = Call(http::Method::kGet, "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  json::value v = json::parse(doc.body);
  EXPECT_EQ(std::string(v.at("openapi").as_string()).substr(0, 2), "3.");
  for (const char* p : {"/api/v1/auth/token", "/api/v1/requests", "/api/v1/requests/{id}",
                        "/api/v1/requests/{id}/actions", "/api/v1/requests/{id}/work_orders",
                        "/api/v1/work_orders", "/api/v1/work_orders/{id}", "/api/v1/openapi.json"})
    EXPECT_TRUE(v.at("paths").as_object().contains(p)) << p;
}

}  // namespace
}  // namespace civic311::testing
