// ScopeOf describes the same decisions as Authorize: for every operation, every kind of actor and
// every relation between actor and request, Contains(target) == Authorize(...).allowed.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "domain/policy.hpp"

namespace civic311 {
namespace {

constexpr std::int64_t kMe = 42;
constexpr std::int64_t kSomeoneElse = 999;

std::vector<Actor> Actors() {
  std::vector<Actor> actors = {Actor::Anonymous()};
  Actor anonymous_with_departments = Actor::Anonymous();
  anonymous_with_departments.departments = {"PWD"};  // ignored: not signed in
  actors.push_back(anonymous_with_departments);
  for (Role role : kAllRoles) {
    for (const std::vector<std::string>& departments :
         {std::vector<std::string>{}, std::vector<std::string>{"PWD"},
          std::vector<std::string>{"PWD", "ROADS"}, std::vector<std::string>{""}}) {
      actors.push_back(Actor{kMe, role, departments, /*anonymous=*/false});
    }
  }
  return actors;
}

std::vector<Target> Targets() {
  std::vector<Target> targets;
  for (const char* department : {"PWD", "ROADS", "PARKS", ""}) {
    for (std::optional<std::int64_t> reporter :
         {std::optional<std::int64_t>(), std::optional<std::int64_t>(kMe),
          std::optional<std::int64_t>(kSomeoneElse), std::optional<std::int64_t>(0)}) {
      for (bool internal : {false, true}) targets.push_back(Target{department, reporter, internal});
    }
  }
  return targets;
}

TEST(PolicyScopeTest, ScopeAgreesWithAuthorizeForEveryRoleOperationAndRelation) {
  int checked = 0;
  for (const Actor& actor : Actors()) {
    for (Operation op : kAllOperations) {
      const RequestScope scope = ScopeOf(actor, op);
      for (const Target& t : Targets()) {
        const Decision d = Authorize(actor, op, t);
        EXPECT_EQ(scope.Contains(t), d.allowed)
            << "role=" << RoleName(actor.role) << " anonymous=" << actor.anonymous
            << " departments=" << actor.departments.size() << " op=" << OperationName(op)
            << " target=" << t.department_code << "/"
            << (t.reporter_user_id ? std::to_string(*t.reporter_user_id) : "-")
            << (t.internal ? "/internal" : "") << " reason: " << d.reason;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 5000);
}

TEST(PolicyScopeTest, ViewRequestScopes) {
  RequestScope anonymous = ScopeOf(Actor::Anonymous(), Operation::kViewRequest);
  EXPECT_TRUE(anonymous.anywhere);
  EXPECT_FALSE(anonymous.internal);

  RequestScope resident =
      ScopeOf(Actor{kMe, Role::kResident, {"PWD"}, false}, Operation::kViewRequest);
  EXPECT_TRUE(resident.anywhere);
  EXPECT_FALSE(resident.internal);

  for (Role role : {Role::kAdmin, Role::kManager, Role::kStaff, Role::kAgent}) {
    RequestScope staff = ScopeOf(Actor{kMe, role, {"PWD"}, false}, Operation::kViewRequest);
    EXPECT_TRUE(staff.anywhere) << RoleName(role);
    EXPECT_TRUE(staff.internal) << RoleName(role);
  }
}

TEST(PolicyScopeTest, WorkScopesAreOwnDepartmentsPlusOwnReports) {
  RequestScope staff =
      ScopeOf(Actor{kMe, Role::kStaff, {"PWD", "ROADS"}, false}, Operation::kClose);
  EXPECT_FALSE(staff.anywhere);
  EXPECT_EQ(staff.departments, (std::vector<std::string>{"PWD", "ROADS"}));
  EXPECT_FALSE(staff.reporter_user_id.has_value());

  RequestScope cancel = ScopeOf(Actor{kMe, Role::kResident, {"PWD"}, false}, Operation::kCancel);
  EXPECT_TRUE(cancel.departments.empty());  // residents have no departments
  EXPECT_EQ(cancel.reporter_user_id, kMe);
  EXPECT_FALSE(cancel.internal);

  EXPECT_TRUE(ScopeOf(Actor::Anonymous(), Operation::kFollow).Empty());
  EXPECT_TRUE(ScopeOf(Actor{kMe, Role::kManager, {"PWD"}, false}, Operation::kManageUsers).Empty());
}

}  // namespace
}  // namespace civic311
