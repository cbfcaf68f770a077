// GET /open311/v2/servicerequestupdates.{json,xml}: shape, window, no internal updates.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "adapters/open311/update_routes.hpp"
#include "app/testing/in_memory_workflow.hpp"
#include "app/testing/test_city.hpp"

namespace civic311::testing {
namespace {

class UpdatesTest : public ::testing::Test {
 protected:
  UpdatesTest() : wf(world.store) {
    svc = std::make_shared<WorkflowService>(world.city, world.store, wf, wf, wf, world.clock);
    AddOpen311UpdateRoutes(router, svc);
    staff = wf.CreateUser({.email = "s@t.example", .role = Role::kStaff, .departments = {"PWD"}})
                .value()
                .ToActor();
  }
  http::Response Get(const std::string& path,
                     std::vector<std::pair<std::string, std::string>> query) {
    http::Request req;
    req.path = path;
    req.query = std::move(query);
    auto m = router.Find(http::Method::kGet, path);
    EXPECT_NE(m.handler, nullptr);
    req.path_params = m.params;
    return (*m.handler)(req);
  }

  TestWorld world;
  InMemoryWorkflow wf;
  std::shared_ptr<WorkflowService> svc;
  http::Router router;
  Actor staff;
};

TEST_F(UpdatesTest, PublicUpdatesInTheWindowOnly) {
  RequestId id = world.Submit(world.Pothole());
  ASSERT_TRUE(svc->Act(staff, id,
                       {.action = Action::kResolveFixed, .version = 1, .text = "Filled the hole"})
                  .ok());
  ASSERT_TRUE(
      svc->Act(staff, id, {.action = Action::kInternalNote, .version = 2, .text = "crew 3 did it"})
          .ok());
  auto res = Get("/open311/v2/servicerequestupdates.json",
                 {{"start_date", "2026-11-23T00:00:00Z"}, {"end_date", "2026-11-24T00:00:00Z"}});
  ASSERT_EQ(res.status, 200) << res.body;
  auto v = boost::json::parse(res.body).as_array();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].at("service_request_id").as_string(), std::to_string(id));
  EXPECT_EQ(v[0].at("status").as_string(), "fixed");
  EXPECT_EQ(v[0].at("description").as_string(), "Filled the hole");
  EXPECT_EQ(v[0].at("updated_datetime").as_string(), "2026-11-23T15:00:00Z");
  EXPECT_TRUE(v[0].as_object().contains("update_id"));
  EXPECT_TRUE(v[0].as_object().contains("media_url"));
  EXPECT_EQ(res.body.find("crew 3"), std::string::npos);

  auto xml = Get("/open311/v2/servicerequestupdates.xml",
                 {{"start_date", "2026-11-23T00:00:00Z"}, {"end_date", "2026-11-24T00:00:00Z"}});
  ASSERT_EQ(xml.status, 200);
  EXPECT_NE(xml.body.find("<service_request_updates><request_update>"), std::string::npos);

  auto later = Get("/open311/v2/servicerequestupdates.json",
                   {{"start_date", "2026-11-24T00:00:00Z"}, {"end_date", "2026-11-25T00:00:00Z"}});
  EXPECT_EQ(later.body, "[]");
  auto bad = Get("/open311/v2/servicerequestupdates.json", {{"start_date", "nope"}});
  EXPECT_EQ(bad.status, 400);
}

}  // namespace
}  // namespace civic311::testing
