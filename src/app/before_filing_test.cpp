// The portal's "is this it?" asks the desk's duplicate query (FindDuplicateCandidates) with the
// rules for a resident about to file (DuplicateSearch::BeforeFiling, docs/portal.md): open
// requests of the same service within 200 m, filed in the last 60 days, at most 3, nearest first.
#include <gtest/gtest.h>

#include "app/duplicate_candidates.hpp"
#include "app/testing/in_memory_workflow.hpp"
#include "app/testing/test_city.hpp"
#include "app/workflow_service.hpp"

namespace civic311::testing {
namespace {

class BeforeFiling : public ::testing::Test {
 protected:
  BeforeFiling() : wf(world.store), svc(world.city, world.store, wf, wf, wf, world.clock) {
    User u;
    u.email = "admin@testville.example";
    u.role = Role::kAdmin;
    admin = wf.CreateUser(u).value().ToActor();
  }
  RequestId Pothole(std::string lat) {
    SubmissionInput in = TestWorld::Pothole();
    in.lat = std::move(lat);
    in.lon = "-74.5";
    return world.Submit(in);
  }
  // What a resident's draft at (40.5, -74.5) is offered: the draft is not stored (id 0).
  std::vector<RequestId> Offered(std::string service = "POTHOLE") {
    ServiceRequest draft;
    draft.service_code = std::move(service);
    draft.lat = 40.5;
    draft.lon = -74.5;
    auto found = FindDuplicateCandidates(*world.service, draft, DuplicateSearch::BeforeFiling());
    std::vector<RequestId> out;
    for (const auto& c : found.value()) out.push_back(c.request.id);
    return out;
  }

  TestWorld world;
  InMemoryWorkflow wf;
  WorkflowService svc;
  Actor admin;
};

TEST_F(BeforeFiling, OpenRequestsOfTheServiceWithin200mAnd60DaysAtMostThreeNearestFirst) {
  const RequestId old = Pothole("40.50005");  // about 6 m, but filed 61 days ago
  world.clock.Advance(std::chrono::days(61));
  const RequestId at_11m = Pothole("40.5001");
  const RequestId at_55m = Pothole("40.5005");
  const RequestId at_110m = Pothole("40.501");
  const RequestId at_165m = Pothole("40.5015");
  const RequestId at_330m = Pothole("40.503");  // beyond 200 m
  const RequestId fixed = Pothole("40.50002");  // the nearest, but closed
  ActionInput in;
  in.action = Action::kResolveFixed;
  in.version = svc.Get(admin, fixed).value().version;
  in.text = "x";
  ASSERT_TRUE(svc.Act(admin, fixed, in).ok());

  EXPECT_EQ(Offered(), (std::vector<RequestId>{at_11m, at_55m, at_110m}));
  EXPECT_TRUE(Offered("GRAFFITI").empty());
  (void)old;
  (void)at_165m;
  (void)at_330m;
  // The rules themselves, as docs/portal.md states them.
  const DuplicateSearch s = DuplicateSearch::BeforeFiling();
  EXPECT_EQ(s.radius_m, 200);
  EXPECT_EQ(s.open_within, std::chrono::days(60));
  EXPECT_EQ(s.closed_within, std::chrono::days(0));
  EXPECT_EQ(s.limit, 3);
}

}  // namespace
}  // namespace civic311::testing
