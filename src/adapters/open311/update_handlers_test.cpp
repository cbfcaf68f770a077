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
  auto absent = Post("/open311/v2/servicerequestupdates.json",
                     {{"api_key", key}, {"service_request_id", "999"}, {"status", "closed"}});
  EXPECT_EQ(absent.status, 404);
  auto bad_parent =
      Post("/open311/v2/servicerequestupdates.json", {{"api_key", key},
                                                      {"service_request_id", std::to_string(id)},
                                                      {"status", "DUPLICATE"},
                                                      {"duplicate_of", "x1"}});
  EXPECT_EQ(bad_parent.status, 400);
  EXPECT_NE(bad_parent.body.find("duplicate_of: is not a service request id"), std::string::npos)
      << bad_parent.body;
  auto no_parent =
      Post("/open311/v2/servicerequestupdates.json", {{"api_key", key},
                                                      {"service_request_id", std::to_string(id)},
                                                      {"status", "DUPLICATE"},
                                                      {"duplicate_of", "999"}});
  EXPECT_EQ(no_parent.status, 400);
  EXPECT_NE(no_parent.body.find("duplicate_of: no such service request"), std::string::npos)
      << no_parent.body;
  EXPECT_EQ(Stored(id).state, RequestState::kSubmitted);
}

// FixMyStreet's extended statuses: the whole vocabulary moves requests, REOPEN on an open request
// is a note, DUPLICATE without a parent closes with no link.
TEST_F(UpdatesTest, FixMyStreetVocabulary) {
  std::string key = world.ApiKey("FixMyStreet");
  auto update = [&](RequestId id, std::string_view status) {
    return Post("/open311/v2/servicerequestupdates.xml",
                {{"api_key", key},
                 {"service_request_id", std::to_string(id)},
                 {"status", std::string(status)},
                 {"description", "Update from FixMyStreet"}});
  };
  const std::pair<std::string_view, RequestState> cases[] = {
      {"INVESTIGATING", RequestState::kAcknowledged},
      {"ACTION_SCHEDULED", RequestState::kActionScheduled},
      {"in progress", RequestState::kInProgress},
      {"FOR_TRIAGE", RequestState::kSubmitted},
      {"REOPEN", RequestState::kSubmitted},
      {"OPEN", RequestState::kSubmitted},
      {"FIXED", RequestState::kFixed},
      {"CLOSED", RequestState::kFixed},
      {"DUPLICATE", RequestState::kDuplicate},
      {"NOT_COUNCILS_RESPONSIBILITY", RequestState::kNotResponsible},
      {"NO_FURTHER_ACTION", RequestState::kNoFurtherAction},
      {"INTERNAL_REFERRAL", RequestState::kReferred},
      {"CANCELLED", RequestState::kCancelled},
  };
  for (const auto& [status, state] : cases) {
    RequestId id = world.Submit(world.Pothole());
    auto res = update(id, status);
    ASSERT_EQ(res.status, 200) << status << ": " << res.body;
    EXPECT_EQ(Stored(id).state, state) << status;
    EXPECT_EQ(Stored(id).status_notes, "Update from FixMyStreet") << status;
    EXPECT_FALSE(Stored(id).parent_id) << status;
  }
  // A "not fixed" from a resident: REOPEN after FIXED reopens.
  RequestId id = world.Submit(world.Pothole());
  ASSERT_EQ(update(id, "FIXED").status, 200);
  ASSERT_EQ(update(id, "REOPEN").status, 200);
  EXPECT_EQ(Stored(id).state, RequestState::kReopened);
}

TEST_F(UpdatesTest, DuplicateWithAParentLinksIt) {
  std::string key = world.ApiKey("FixMyStreet");
  RequestId original = world.Submit(world.Pothole());
  for (std::string_view name : {"duplicate_of", "attribute[parent_service_request_id]"}) {
    RequestId id = world.Submit(world.Pothole());
    auto res = Post("/open311/v2/servicerequestupdates.json",
                    {{"api_key", key},
                     {"service_request_id", std::to_string(id)},
                     {"status", "DUPLICATE"},
                     {std::string(name), std::to_string(original)}});
    ASSERT_EQ(res.status, 200) << name << ": " << res.body;
    EXPECT_EQ(Stored(id).state, RequestState::kDuplicate);
    EXPECT_EQ(Stored(id).parent_id, original) << name;
  }
}

// A move a person could not make (FIXED then NOT_COUNCILS_RESPONSIBILITY, FIXED then
// IN_PROGRESS) is an external correction: applied, and recorded as one in the timeline and the
// audit log; the SLA clock does what the new state implies.
TEST_F(UpdatesTest, ExternalCorrectionsInsteadOfConflicts) {
  std::string key = world.ApiKey("FixMyStreet");
  RequestId id = world.Submit(world.Pothole());
  auto post = [&](std::string_view status, std::string_view update_id) {
    return Post("/open311/v2/servicerequestupdates.xml",
                {{"api_key", key},
                 {"service_request_id", std::to_string(id)},
                 {"status", std::string(status)},
                 {"description", "From FixMyStreet"},
                 {"update_id", std::string(update_id)}});
  };
  ASSERT_EQ(post("FIXED", "57399").status, 200);
  const Timestamp closed_at = wf.GetWorkflow(id).value().closed_at.value();
  world.clock.Advance(std::chrono::hours(1));
  auto corrected = post("NOT_COUNCILS_RESPONSIBILITY", "57400");
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  EXPECT_EQ(Stored(id).state, RequestState::kNotResponsible);
  EXPECT_EQ(wf.GetWorkflow(id).value().closed_at, closed_at);  // closed since the first close
  auto events = wf.ListEvents(id, true).value();
  ASSERT_FALSE(events.empty());
  const TimelineEvent& e = events.back();
  EXPECT_EQ(e.kind, "external_correction");
  EXPECT_EQ(e.state, RequestState::kNotResponsible);
  EXPECT_NE(
      e.data.find(R"("action":"close_not_responsible","from":"fixed","to":"not_responsible")"),
      std::string::npos)
      << e.data;
  EXPECT_NE(e.data.find(R"("via":"api_key:FixMyStreet","external_id":"57400")"), std::string::npos)
      << e.data;
  auto audit = wf.ListAudit("", 10).value();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.front().action, "external_correction");
  EXPECT_EQ(audit.front().request_id, id);

  // Closed to open by correction: open again, the SLA clock starts a new cycle, closed_at goes.
  auto reopened = post("IN_PROGRESS", "57401");
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(Stored(id).state, RequestState::kInProgress);
  EXPECT_EQ(wf.GetWorkflow(id).value().sla_cycle, 1);
  EXPECT_FALSE(wf.GetWorkflow(id).value().closed_at);

  // A person still gets the lifecycle's conflict.
  ASSERT_TRUE(
      svc->Act(staff, id, {.action = Action::kResolveFixed, .version = Stored(id).version}).ok());
  auto refused = svc->Act(staff, id, {.action = Action::kStartWork, .version = Stored(id).version});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  auto pretend = svc->Act(
      staff, id,
      {.action = Action::kStartWork, .version = Stored(id).version, .external_authority = true});
  ASSERT_FALSE(pretend.ok());
  EXPECT_EQ(pretend.error().code, ErrorCode::kPermissionDenied);
}

// FixMyStreet's double-encoded bodies are repaired on this endpoint too, before anything is read.
TEST_F(UpdatesTest, DoubleEncodedUpdateIsRepaired) {
  std::string key = world.ApiKey("FixMyStreet");
  RequestId id = world.Submit(world.Pothole());
  auto res =
      Post("/open311/v2/servicerequestupdates.xml", {{"api_key", key},
                                                     {"service_request_id", std::to_string(id)},
                                                     {"status", "IN_PROGRESS"},
                                                     {"description",
                                                      "Stra\xC3\x83\xC2\x9F"
                                                      "e gesperrt"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Stored(id).status_notes,
            "Stra\xC3\x9F"
            "e gesperrt");
}

}  // namespace
}  // namespace civic311::testing
