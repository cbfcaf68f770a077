#include "domain/policy.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace civic311 {
namespace {

constexpr std::int64_t kMe = 42;
constexpr std::int64_t kSomeoneElse = 999;
const char* const kRelations[] = {"own_dept", "other_dept", "own_request"};
const char* const kActorKinds[] = {"admin", "manager", "staff", "agent", "resident", "anonymous"};

// The actor of a matrix column: user 42 in department PWD (the anonymous actor: user 0).
Actor MatrixActor(const std::string& kind) {
  Actor a;
  a.departments = {"PWD"};
  if (kind == "anonymous") return a;  // anonymous = true, user_id = 0
  a.anonymous = false;
  a.user_id = kMe;
  a.role = *ParseRole(kind);
  return a;
}

Target MatrixTarget(const std::string& relation, const Actor& actor) {
  if (relation == "own_dept") return Target{"PWD", kSomeoneElse, false};
  if (relation == "other_dept") return Target{"PARKS", kSomeoneElse, false};
  return Target{"PARKS", actor.user_id, false};  // own_request
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, '\t')) out.push_back(cell);
  return out;
}

TEST(Policy, MatrixMatchesDataFile) {
  const std::string path = std::string(CIVIC311_SOURCE_DIR) + "/tests/data/policy_matrix.tsv";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot open " << path;
  std::set<std::pair<Operation, std::string>> seen;
  std::string line;
  int line_no = 0;
  bool header = true;
  int cells_checked = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    auto cells = SplitTabs(line);
    if (header) {
      std::vector<std::string> want = {"operation", "relation"};
      want.insert(want.end(), std::begin(kActorKinds), std::end(kActorKinds));
      ASSERT_EQ(cells, want) << path << ":" << line_no << ": unexpected header";
      header = false;
      continue;
    }
    ASSERT_EQ(cells.size(), 2 + std::size(kActorKinds)) << path << ":" << line_no << ": " << line;
    auto op = ParseOperation(cells[0]);
    ASSERT_TRUE(op) << path << ":" << line_no << ": unknown operation " << cells[0];
    const std::string& relation = cells[1];
    ASSERT_TRUE(relation == "own_dept" || relation == "other_dept" || relation == "own_request")
        << path << ":" << line_no << ": unknown relation " << relation;
    EXPECT_TRUE(seen.emplace(*op, relation).second) << path << ":" << line_no << ": duplicate";
    for (size_t i = 0; i < std::size(kActorKinds); ++i) {
      const std::string& want = cells[2 + i];
      ASSERT_TRUE(want == "allow" || want == "deny" || want == "window")
          << path << ":" << line_no << ": bad cell " << want;
      Actor actor = MatrixActor(kActorKinds[i]);
      Decision d = Authorize(actor, *op, MatrixTarget(relation, actor));
      std::string got = !d.allowed                                      ? "deny"
                        : d.condition == Condition::kWithinReopenWindow ? "window"
                                                                        : "allow";
      EXPECT_EQ(got, want) << path << ":" << line_no << ": " << kActorKinds[i] << " " << cells[0]
                           << " " << relation << " (reason: " << d.reason << ")";
      EXPECT_FALSE(d.reason.empty());
      ++cells_checked;
    }
  }
  // Complete: every operation × relation, and each row has every role (checked above).
  EXPECT_EQ(seen.size(), std::size(kAllOperations) * std::size(kRelations));
  for (Operation op : kAllOperations)
    for (const char* rel : kRelations)
      EXPECT_TRUE(seen.count({op, rel})) << "missing row " << OperationName(op) << " " << rel;
  EXPECT_EQ(cells_checked, static_cast<int>(std::size(kAllOperations) * std::size(kRelations) *
                                            std::size(kActorKinds)));
}

// A request in my department that I also reported: the rights of both relations, no more.
TEST(Policy, OwnDepartmentAndOwnRequestIsTheUnion) {
  for (const char* kind : kActorKinds) {
    Actor actor = MatrixActor(kind);
    for (Operation op : kAllOperations) {
      bool dept = Authorize(actor, op, MatrixTarget("own_dept", actor)).allowed;
      bool mine = Authorize(actor, op, Target{"PARKS", actor.user_id, false}).allowed;
      bool both = Authorize(actor, op, Target{"PWD", actor.user_id, false}).allowed;
      EXPECT_EQ(both, dept || mine) << kind << " " << OperationName(op);
    }
  }
}

TEST(Policy, StaffReopenInOwnDepartmentHasNoWindow) {
  Actor staff = MatrixActor("staff");
  Decision d = Authorize(staff, Operation::kReopen, Target{"PWD", kMe, false});
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.condition, Condition::kNone);
}

TEST(Policy, InternalRequestsAreForStaffOnly) {
  Target internal{"PARKS", std::nullopt, true};
  for (Operation op : {Operation::kViewRequest, Operation::kFollow, Operation::kCreateRequest}) {
    EXPECT_FALSE(Authorize(MatrixActor("resident"), op, internal).allowed) << OperationName(op);
    EXPECT_FALSE(Authorize(Actor::Anonymous(), op, internal).allowed) << OperationName(op);
    for (const char* kind : {"admin", "manager", "staff", "agent"})
      EXPECT_TRUE(Authorize(MatrixActor(kind), op, internal).allowed) << kind;
  }
  // Even a resident named as the reporter (bad data) does not see it.
  Actor resident = MatrixActor("resident");
  EXPECT_FALSE(
      Authorize(resident, Operation::kViewRequest, Target{"PARKS", resident.user_id, true}));
}

TEST(Policy, AgentsCloseOnlyWhereTheyBelong) {
  Actor agent;
  agent.anonymous = false;
  agent.user_id = 7;
  agent.role = Role::kAgent;  // no departments: the default for a call centre
  Target pwd{"PWD", 999, false};
  EXPECT_TRUE(Authorize(agent, Operation::kViewContact, pwd));
  EXPECT_TRUE(Authorize(agent, Operation::kAddInternalNote, pwd));
  EXPECT_TRUE(Authorize(agent, Operation::kCreateOnBehalf, pwd));
  Decision close = Authorize(agent, Operation::kClose, pwd);
  EXPECT_FALSE(close);
  EXPECT_EQ(close.reason,
            "agents may close requests only in their own departments (this is PWD's)");
  agent.departments = {"CALL", "PWD"};
  EXPECT_TRUE(Authorize(agent, Operation::kClose, pwd));
}

TEST(Policy, SeveralDepartmentsCount) {
  Actor staff = MatrixActor("staff");
  staff.departments = {"PARKS", "PWD"};
  EXPECT_TRUE(Authorize(staff, Operation::kClose, Target{"PWD", 1, false}));
  EXPECT_TRUE(Authorize(staff, Operation::kClose, Target{"PARKS", 1, false}));
  EXPECT_FALSE(Authorize(staff, Operation::kClose, Target{"WATER", 1, false}));
}

TEST(Policy, CityWideReportsAreForAdmins) {
  Target city_wide{"", std::nullopt, false};
  EXPECT_TRUE(Authorize(MatrixActor("admin"), Operation::kViewReports, city_wide));
  Decision d = Authorize(MatrixActor("manager"), Operation::kViewReports, city_wide);
  EXPECT_FALSE(d);
  EXPECT_EQ(d.reason,
            "managers may view reports only in their own departments (this is city-wide)");
}

TEST(Policy, ReasonsAreClear) {
  EXPECT_EQ(Authorize(MatrixActor("resident"), Operation::kClose, Target{"PWD", 1, false}).reason,
            "residents may not close requests");
  EXPECT_EQ(Authorize(MatrixActor("resident"), Operation::kCancel, Target{"PWD", 1, false}).reason,
            "residents may cancel requests only if they reported them");
  Actor resident = MatrixActor("resident");
  EXPECT_EQ(Authorize(resident, Operation::kAddInfo, Target{"PWD", kMe, false}).reason,
            "reporters may add information to requests they reported");
  EXPECT_EQ(Authorize(resident, Operation::kViewContact, Target{"PWD", 1, false}).reason,
            "residents may see the contact details of requests only if they reported them");
  EXPECT_EQ(Authorize(MatrixActor("manager"), Operation::kManageUsers, Target{}).reason,
            "only admins may manage users");
  EXPECT_EQ(Authorize(Actor::Anonymous(), Operation::kFollow, Target{"PWD", 1, false}).reason,
            "sign in to follow requests");
}

TEST(Policy, ToStatusDistinguishesSigningInFromBeingRefused) {
  Target t{"PWD", 1, false};
  Actor anon = Actor::Anonymous();
  EXPECT_EQ(ToStatus(Authorize(anon, Operation::kFollow, t), anon).error().code,
            ErrorCode::kUnauthenticated);
  Actor resident = MatrixActor("resident");
  auto s = ToStatus(Authorize(resident, Operation::kClose, t), resident);
  EXPECT_EQ(s.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(s.error().message, "residents may not close requests");
  EXPECT_TRUE(ToStatus(Authorize(resident, Operation::kViewRequest, t), resident).ok());
  // A signed-in actor record without a user id is treated as anonymous, never as a reporter.
  Actor broken = resident;
  broken.user_id = 0;
  EXPECT_FALSE(Authorize(broken, Operation::kCancel, Target{"PWD", 0, false}));
}

TEST(Policy, NamesRoundTrip) {
  for (Role r : kAllRoles) EXPECT_EQ(ParseRole(RoleName(r)), r);
  EXPECT_EQ(ParseRole("crew"), Role::kStaff);
  EXPECT_EQ(ParseRole("root"), std::nullopt);
  for (Operation op : kAllOperations) EXPECT_EQ(ParseOperation(OperationName(op)), op);
  EXPECT_EQ(ParseOperation("fly"), std::nullopt);
}

TEST(Policy, EveryActionNeedsAnOperation) {
  EXPECT_EQ(OperationFor(Action::kAcknowledge), Operation::kChangeState);
  EXPECT_EQ(OperationFor(Action::kWaitResident), Operation::kChangeState);
  EXPECT_EQ(OperationFor(Action::kResolveFixed), Operation::kClose);
  EXPECT_EQ(OperationFor(Action::kCloseReferred), Operation::kClose);
  EXPECT_EQ(OperationFor(Action::kCloseDuplicate), Operation::kMarkDuplicate);
  EXPECT_EQ(OperationFor(Action::kCancel), Operation::kCancel);
  EXPECT_EQ(OperationFor(Action::kReopen), Operation::kReopen);
  EXPECT_EQ(OperationFor(Action::kNote), Operation::kAddPublicNote);
  EXPECT_EQ(OperationFor(Action::kInternalNote), Operation::kAddInternalNote);
  EXPECT_EQ(OperationFor(Action::kAssign), Operation::kAssign);
  EXPECT_EQ(OperationFor(Action::kTransfer), Operation::kTransfer);
  EXPECT_EQ(OperationFor(Action::kAddInfo), Operation::kAddInfo);
  // Every state-changing action maps to a state-changing operation, and back.
  for (Action a : kAllActions) {
    Operation op = OperationFor(a);
    bool changes_state = TargetState(a).has_value();
    bool op_changes_state = op == Operation::kChangeState || op == Operation::kClose ||
                            op == Operation::kMarkDuplicate || op == Operation::kCancel ||
                            op == Operation::kReopen;
    EXPECT_EQ(changes_state, op_changes_state) << ActionName(a);
  }
}

}  // namespace
}  // namespace civic311

// ---- issue 7, finding 6: the answer about a request is shaped by role (ViewOf), one test per
// role. Target: a PWD request reported by user 77.

namespace civic311 {
namespace {

const Target kPwdRequest{"PWD", 77, false};

TEST(Policy, Finding6_ResidentsSeeNoWorkDataEvenOnTheirOwnRequest) {
  Actor resident{77, Role::kResident, {"PWD"}, false};  // departments of residents are ignored
  EXPECT_FALSE(ViewOf(resident, kPwdRequest).internal);
  EXPECT_TRUE(ViewOf(resident, kPwdRequest).contact);  // their own contact details
  Actor other{78, Role::kResident, {}, false};
  EXPECT_FALSE(ViewOf(other, kPwdRequest).internal);
  EXPECT_FALSE(ViewOf(other, kPwdRequest).contact);
  EXPECT_FALSE(MaySearchWork(other));
}

TEST(Policy, Finding6_AnonymousReadersSeeOnlyPublicFields) {
  EXPECT_FALSE(ViewOf(Actor::Anonymous(), kPwdRequest).internal);
  EXPECT_FALSE(ViewOf(Actor::Anonymous(), kPwdRequest).contact);
  EXPECT_FALSE(MaySearchWork(Actor::Anonymous()));
}

TEST(Policy, Finding6_StaffSeeWorkDataAndContactOnlyInTheirDepartments) {
  Actor staff{5, Role::kStaff, {"SAN"}, false};
  EXPECT_TRUE(ViewOf(staff, kPwdRequest).internal);
  EXPECT_FALSE(ViewOf(staff, kPwdRequest).contact);
  Actor pwd{6, Role::kStaff, {"PWD"}, false};
  EXPECT_TRUE(ViewOf(pwd, kPwdRequest).contact);
  EXPECT_TRUE(MaySearchWork(staff));
}

TEST(Policy, Finding6_ManagersSeeWorkDataAndContactInTheirDepartments) {
  Actor manager{7, Role::kManager, {"PWD"}, false};
  EXPECT_TRUE(ViewOf(manager, kPwdRequest).internal);
  EXPECT_TRUE(ViewOf(manager, kPwdRequest).contact);
  EXPECT_TRUE(MaySearchWork(manager));
}

TEST(Policy, Finding6_AgentsSeeEverythingOfAnyRequest) {
  Actor agent{8, Role::kAgent, {}, false};
  EXPECT_TRUE(ViewOf(agent, kPwdRequest).internal);
  EXPECT_TRUE(ViewOf(agent, kPwdRequest).contact);
  EXPECT_TRUE(MaySearchWork(agent));
}

TEST(Policy, Finding6_AdminsSeeEverything) {
  Actor admin{9, Role::kAdmin, {}, false};
  EXPECT_TRUE(ViewOf(admin, Target{"PWD", 77, true}).internal);
  EXPECT_TRUE(ViewOf(admin, kPwdRequest).contact);
  EXPECT_TRUE(MaySearchWork(admin));
}

}  // namespace
}  // namespace civic311
