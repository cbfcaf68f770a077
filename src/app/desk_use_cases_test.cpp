// The request desk's use cases (docs/console.md, "The request desk"): duplicate candidates near a
// request (FindDuplicateCandidates) and internal requests raised from a request
// (WorkflowService::RaiseInternalRequest / ListInternalRequests).
#include <gtest/gtest.h>

#include "app/duplicate_candidates.hpp"
#include "app/testing/in_memory_workflow.hpp"
#include "app/testing/test_city.hpp"
#include "app/workflow_service.hpp"

namespace civic311::testing {
namespace {

class DeskUseCases : public ::testing::Test {
 protected:
  DeskUseCases() : wf(world.store), svc(world.city, world.store, wf, wf, wf, world.clock) {}

  Actor MakeUser(Role role, std::vector<std::string> departments) {
    User u;
    u.email = "u" + std::to_string(++n_) + "@testville.example";
    u.role = role;
    u.departments = std::move(departments);
    return wf.CreateUser(u).value().ToActor();
  }
  RequestId Pothole(std::string lat = "40.5", std::string lon = "-74.5") {
    SubmissionInput in = TestWorld::Pothole();
    in.lat = std::move(lat);
    in.lon = std::move(lon);
    return world.Submit(in);
  }
  void Act(RequestId id, Action a, std::optional<RequestId> parent = std::nullopt) {
    ActionInput in;
    in.action = a;
    in.version = svc.Get(admin, id).value().version;
    in.parent_id = parent;
    in.text = "x";
    ASSERT_TRUE(svc.Act(admin, id, in).ok());
  }
  std::vector<RequestId> Candidates(RequestId id, DuplicateSearch s = {}) {
    auto r = world.service->Get(id).value();
    std::vector<RequestId> out;
    auto found = FindDuplicateCandidates(*world.service, r, s);  // kept: value() is a reference
    for (const auto& c : found.value()) out.push_back(c.request.id);
    return out;
  }

  TestWorld world;
  InMemoryWorkflow wf;
  WorkflowService svc;
  int n_ = 0;  // before admin: members are initialised in this order
  Actor admin = MakeUser(Role::kAdmin, {});
};

TEST_F(DeskUseCases, CandidatesAreTheSameServiceNearbyOpenOrRecentlyClosedNearestFirst) {
  const RequestId self = Pothole();
  const RequestId near = Pothole("40.5005", "-74.5");  // about 55 m north
  const RequestId nearest = Pothole("40.5001", "-74.5");
  const RequestId far = Pothole("40.52", "-74.5");  // about 2.2 km
  SubmissionInput graffiti = TestWorld::Pothole();
  graffiti.service_code = "GRAFFITI";
  graffiti.attributes.clear();
  const RequestId other_service = world.Submit(graffiti);
  const RequestId fixed = Pothole("40.5002", "-74.5");
  Act(fixed, Action::kResolveFixed);
  const RequestId dup = Pothole("40.5003", "-74.5");
  Act(dup, Action::kCloseDuplicate, near);

  EXPECT_EQ(Candidates(self), (std::vector<RequestId>{nearest, fixed, near}));
  (void)far;
  (void)other_service;
  // A wider circle (clamped to 2 km) still leaves the far one out; a narrower one keeps the
  // nearest only.
  DuplicateSearch wide;
  wide.radius_m = 1e9;
  EXPECT_EQ(Candidates(self, wide).size(), 3u);
  DuplicateSearch narrow;
  narrow.radius_m = 20;
  EXPECT_EQ(Candidates(self, narrow), (std::vector<RequestId>{nearest}));
  DuplicateSearch one;
  one.limit = 1;
  EXPECT_EQ(Candidates(self, one), (std::vector<RequestId>{nearest}));
  // Closed long ago: no longer a candidate.
  world.clock.Advance(std::chrono::days(31));
  EXPECT_EQ(Candidates(self), (std::vector<RequestId>{nearest, near}));
}

TEST_F(DeskUseCases, ARequestWithoutAPointHasNoCandidates) {
  Pothole();
  SubmissionInput in = TestWorld::Pothole();
  in.lat.clear();
  in.lon.clear();
  in.address_string = "1 Main St";
  auto r = world.service->Submit(in);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(FindDuplicateCandidates(*world.service, r->request, {}).value().empty());
}

TEST_F(DeskUseCases, AnInternalRequestIsLinkedToTheRequestItWasRaisedFrom) {
  const RequestId from = Pothole();
  const Actor staff = MakeUser(Role::kStaff, {"PWD"});
  SubmissionInput in = TestWorld::Pothole();
  in.description = "Trim the tree over the hole";
  auto raised = svc.RaiseInternalRequest(staff, from, in, "SAN");
  ASSERT_TRUE(raised.ok()) << raised.error().message;
  EXPECT_TRUE(raised->internal);
  EXPECT_EQ(raised->department_code, "SAN");
  EXPECT_EQ(raised->channel, Channel::kInternal);

  auto listed = svc.ListInternalRequests(staff, from);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].request.id, raised->id);
  EXPECT_TRUE((*listed)[0].request.contact.empty());
  // Another request has none; the public view never sees it.
  EXPECT_TRUE(svc.ListInternalRequests(staff, Pothole()).value().empty());
  EXPECT_FALSE(world.service->Get(raised->id).ok());
  // The reporter (a resident) does not learn of it.
  const Actor resident = MakeUser(Role::kResident, {});
  auto seen = svc.ListInternalRequests(resident, from);
  EXPECT_TRUE(!seen.ok() || seen->empty());
}

TEST_F(DeskUseCases, RaisingAnInternalRequestFollowsThePolicy) {
  const RequestId from = Pothole();
  SubmissionInput in = TestWorld::Pothole();
  const Actor agent = MakeUser(Role::kAgent, {"CC311"});
  auto refused = svc.RaiseInternalRequest(agent, from, in, "SAN");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  const Actor resident = MakeUser(Role::kResident, {});
  EXPECT_FALSE(svc.RaiseInternalRequest(resident, from, in, "SAN").ok());
  const Actor staff = MakeUser(Role::kStaff, {"PWD"});
  auto unknown = svc.RaiseInternalRequest(staff, from, in, "NOPE");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(svc.RaiseInternalRequest(staff, 999999, in, "SAN").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(svc.ListInternalRequests(staff, from).value().empty());
}

}  // namespace
}  // namespace civic311::testing
