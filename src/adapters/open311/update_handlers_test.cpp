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
    AddOpen311UpdateRoutes(router, svc, world.service);
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

  http::Response Post(const std::string& path,
                      std::vector<std::pair<std::string, std::string>> form) {
    http::Request req;
    req.method = http::Method::kPost;
    req.path = path;
    req.form = std::move(form);
    auto m = router.Find(http::Method::kPost, path);
    EXPECT_NE(m.handler, nullptr);
    req.path_params = m.params;
    return (*m.handler)(req);
  }
  ServiceRequest Stored(RequestId id) { return world.store.Get(id).value().value(); }

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

TEST_F(UpdatesTest, PostNeedsAValidApiKey) {
  RequestId id = world.Submit(world.Pothole());
  auto none = Post("/open311/v2/servicerequestupdates.json",
                   {{"service_request_id", std::to_string(id)}, {"status", "closed"}});
  EXPECT_EQ(none.status, 403);
  auto bogus = Post(
      "/open311/v2/servicerequestupdates.json",
      {{"api_key", "c311_nope"}, {"service_request_id", std::to_string(id)}, {"status", "closed"}});
  EXPECT_EQ(bogus.status, 403);
  EXPECT_EQ(Stored(id).state, RequestState::kSubmitted);
}

TEST_F(UpdatesTest, PostMovesTheRequestOnceAndShowsInTheFeed) {
  std::string key = world.ApiKey("Cityworks");
  RequestId id = world.Submit(world.Pothole());
  std::vector<std::pair<std::string, std::string>> form = {
      {"api_key", key},          {"service_request_id", std::to_string(id)},
      {"status", "IN_PROGRESS"}, {"description", "Crew 4 is on site"},
      {"update_id", "WO-17"},    {"updated_datetime", "2026-11-23T14:59:00Z"}};
  auto res = Post("/open311/v2/servicerequestupdates.json", form);
  ASSERT_EQ(res.status, 200) << res.body;
  auto v = boost::json::parse(res.body).as_array();
  ASSERT_EQ(v.size(), 1u);
  std::string update_id(v[0].at("update_id").as_string());
  EXPECT_EQ(Stored(id).state, RequestState::kInProgress);
  EXPECT_EQ(Stored(id).status_notes, "Crew 4 is on site");
  // The same update again: applied once, same answer.
  auto again = Post("/open311/v2/servicerequestupdates.json", form);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(boost::json::parse(again.body).as_array()[0].at("update_id").as_string(), update_id);
  EXPECT_EQ(Stored(id).version, 2);
  // Plain Open311 "closed" resolves it; the feed shows both updates.
  auto closed =
      Post("/open311/v2/servicerequestupdates.xml", {{"api_key", key},
                                                     {"service_request_id", std::to_string(id)},
                                                     {"status", "closed"},
                                                     {"description", "Patched"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_NE(closed.body.find("<service_request_updates><request_update><update_id>"),
            std::string::npos);
  EXPECT_EQ(Stored(id).state, RequestState::kFixed);
  auto feed = Get("/open311/v2/servicerequestupdates.json",
                  {{"start_date", "2026-11-23T00:00:00Z"}, {"end_date", "2026-11-24T00:00:00Z"}});
  auto updates = boost::json::parse(feed.body).as_array();
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].at("update_id").as_string(), update_id);
  EXPECT_EQ(updates[1].at("status").as_string(), "fixed");
  // "open" on a closed request reopens it.
  auto reopened =
      Post("/open311/v2/servicerequestupdates.json", {{"api_key", key},
                                                      {"service_request_id", std::to_string(id)},
                                                      {"status", "open"},
                                                      {"description", "The patch failed"}});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(Stored(id).state, RequestState::kReopened);
}

TEST_F(UpdatesTest, PostErrorsUseTheOpen311Format) {
  std::string key = world.ApiKey();
  RequestId id = world.Submit(world.Pothole());
  auto missing = Post("/open311/v2/servicerequestupdates.json", {{"api_key", key}});
  ASSERT_EQ(missing.status, 400);
  auto errs = boost::json::parse(missing.body).as_array();
  EXPECT_EQ(errs.size(), 2u);  // service_request_id and status
  auto unknown = Post(
      "/open311/v2/servicerequestupdates.json",
      {{"api_key", key}, {"service_request_id", std::to_string(id)}, {"status", "teleported"}});
  EXPECT_EQ(unknown.status, 400);
  auto nothing =
      Post("/open311/v2/servicerequestupdates.json",
           {{"api_key", key}, {"service_request_id", std::to_string(id)}, {"status", "open"}});
  EXPECT_EQ(nothing.status, 400);  // no change and no description
  auto dup =
      Post("/open311/v2/servicerequestupdates.json",
           {{"api_key", key}, {"service_request_id", std::to_string(id)}, {"status", "duplicate"}});
  EXPECT_EQ(dup.status, 400);
  auto absent = Post("/open311/v2/servicerequestupdates.json",
                     {{"api_key", key}, {"service_request_id", "999"}, {"status", "closed"}});
  EXPECT_EQ(absent.status, 404);
  ASSERT_EQ(
      Post("/open311/v2/servicerequestupdates.json",
           {{"api_key", key}, {"service_request_id", std::to_string(id)}, {"status", "fixed"}})
          .status,
      200);
  auto forbidden = Post(
      "/open311/v2/servicerequestupdates.json",
      {{"api_key", key}, {"service_request_id", std::to_string(id)}, {"status", "in_progress"}});
  EXPECT_EQ(forbidden.status, 409) << forbidden.body;
}

}  // namespace
}  // namespace civic311::testing
