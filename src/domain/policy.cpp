#include "domain/policy.hpp"

#include <algorithm>
#include <initializer_list>

namespace civic311 {
namespace {

using Op = Operation;

struct RoleInfo {
  Role role;
  std::string_view name;
  std::string_view plural;  // for reasons: "agents may …"
};
constexpr RoleInfo kRoles[] = {
    {Role::kAdmin, "admin", "admins"},          {Role::kManager, "manager", "managers"},
    {Role::kStaff, "staff", "staff"},           {Role::kAgent, "agent", "agents"},
    {Role::kResident, "resident", "residents"},
};
const RoleInfo& Info(Role r) {
  for (const auto& i : kRoles)
    if (i.role == r) return i;
  return kRoles[4];
}

struct OpInfo {
  Op op;
  std::string_view name;
  std::string_view phrase;  // completes "… may <phrase>"
};
constexpr OpInfo kOps[] = {
    {Op::kViewRequest, "view_request", "view requests"},
    {Op::kViewContact, "view_contact", "see the contact details of requests"},
    {Op::kViewInternalNotes, "view_internal_notes", "read internal notes"},
    {Op::kCreateRequest, "create_request", "report problems"},
    {Op::kCreateOnBehalf, "create_on_behalf", "report problems for callers"},
    {Op::kChangeState, "change_state", "change the state of requests"},
    {Op::kClose, "close", "close requests"},
    {Op::kMarkDuplicate, "mark_duplicate", "mark requests as duplicates"},
    {Op::kCancel, "cancel", "cancel requests"},
    {Op::kReopen, "reopen", "reopen requests"},
    {Op::kAssign, "assign", "assign requests"},
    {Op::kTransfer, "transfer", "transfer requests"},
    {Op::kAddPublicNote, "add_public_note", "add public notes"},
    {Op::kAddInternalNote, "add_internal_note", "add internal notes"},
    {Op::kAddInfo, "add_info", "add information to requests"},
    {Op::kFollow, "follow", "follow requests"},
    {Op::kCreateInternalRequest, "create_internal_request", "raise internal requests"},
    {Op::kManageWorkOrders, "manage_work_orders", "manage work orders"},
    {Op::kViewReports, "view_reports", "view reports"},
    {Op::kViewAuditLog, "view_audit_log", "view the audit log"},
    {Op::kManageUsers, "manage_users", "manage users"},
    {Op::kManageConfiguration, "manage_configuration", "manage the configuration"},
};
const OpInfo& Info(Op op) {
  for (const auto& i : kOps)
    if (i.op == op) return i;
  return kOps[0];
}

bool In(Op op, std::initializer_list<Op> ops) {
  return std::find(ops.begin(), ops.end(), op) != ops.end();
}

// What every signed-in member of city staff (manager, staff, agent) may do on any request.
constexpr std::initializer_list<Op> kAnyStaffAnywhere = {
    Op::kViewRequest, Op::kViewInternalNotes, Op::kCreateRequest, Op::kCreateOnBehalf, Op::kFollow};

// What a role may do on requests of any department (beyond kAnyStaffAnywhere).
bool AllowedAnywhere(Role role, Op op) {
  switch (role) {
    case Role::kAdmin:
      return true;
    case Role::kManager:
    case Role::kStaff:
      return In(op, kAnyStaffAnywhere) || op == Op::kCreateInternalRequest;
    case Role::kAgent:
      return In(op, kAnyStaffAnywhere) ||
             In(op, {Op::kViewContact, Op::kAddPublicNote, Op::kAddInternalNote, Op::kAddInfo});
    case Role::kResident:
      return In(op, {Op::kViewRequest, Op::kCreateRequest, Op::kFollow});
  }
  return false;
}

// Working a request: what staff and managers may do in their own departments.
constexpr std::initializer_list<Op> kWork = {
    Op::kViewContact,   Op::kChangeState,     Op::kClose,   Op::kMarkDuplicate,
    Op::kCancel,        Op::kReopen,          Op::kAssign,  Op::kTransfer,
    Op::kAddPublicNote, Op::kAddInternalNote, Op::kAddInfo, Op::kManageWorkOrders};

// What a role may do on requests of its own departments.
bool AllowedInOwnDepartment(Role role, Op op) {
  switch (role) {
    case Role::kAdmin:
      return true;
    case Role::kManager:
      return In(op, kWork) || In(op, {Op::kViewReports, Op::kViewAuditLog});
    case Role::kStaff:
      return In(op, kWork) || op == Op::kViewReports;
    case Role::kAgent:  // an agent who belongs to a department may also close its work
      return In(op, {Op::kChangeState, Op::kClose, Op::kMarkDuplicate, Op::kCancel, Op::kReopen,
                     Op::kAssign, Op::kTransfer});
    case Role::kResident:
      return false;
  }
  return false;
}

// What whoever reported a request may do on it, whatever their role.
bool AllowedAsReporter(Op op) {
  return In(op, {Op::kViewRequest, Op::kViewContact, Op::kFollow, Op::kAddInfo, Op::kCancel,
                 Op::kReopen});
}

std::string Phrase(Op op) { return std::string(Info(op).phrase); }
std::string Plural(Role r) { return std::string(Info(r).plural); }

Decision Allow(std::string reason, Condition c = Condition::kNone) {
  return Decision{true, std::move(reason), c};
}
Decision Deny(std::string reason) { return Decision{false, std::move(reason), Condition::kNone}; }

}  // namespace

std::string_view RoleName(Role r) { return Info(r).name; }

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "crew") return Role::kStaff;
  for (const auto& i : kRoles)
    if (i.name == name) return i.role;
  return std::nullopt;
}

std::string_view OperationName(Operation op) { return Info(op).name; }

std::optional<Operation> ParseOperation(std::string_view name) {
  for (const auto& i : kOps)
    if (i.name == name) return i.op;
  return std::nullopt;
}

bool Actor::InDepartment(std::string_view code) const {
  return std::find(departments.begin(), departments.end(), code) != departments.end();
}

Operation OperationFor(Action a) {
  switch (a) {
    case Action::kAcknowledge:
    case Action::kStartWork:
    case Action::kSchedule:
    case Action::kWaitThirdParty:
    case Action::kWaitResident:
      return Op::kChangeState;
    case Action::kResolveFixed:
    case Action::kCloseNotResponsible:
    case Action::kCloseNoFurtherAction:
    case Action::kCloseReferred:
      return Op::kClose;
    case Action::kCloseDuplicate:
      return Op::kMarkDuplicate;
    case Action::kCancel:
      return Op::kCancel;
    case Action::kReopen:
      return Op::kReopen;
    case Action::kNote:
      return Op::kAddPublicNote;
    case Action::kInternalNote:
    // Whoever may write the staff-only timeline of a request may flag it an emergency: its
    // department's staff, call-taking agents (who hear it first), managers and admins.
    case Action::kFlagEmergency:
      return Op::kAddInternalNote;
    case Action::kAssign:
      return Op::kAssign;
    case Action::kTransfer:
      return Op::kTransfer;
    case Action::kAddInfo:
      return Op::kAddInfo;
  }
  return Op::kChangeState;  // unreachable
}

Decision Authorize(const Actor& actor, Operation op, const Target& target) {
  if (actor.anonymous || actor.user_id == 0) {
    // Anonymous: the public Open311 API and the public web site.
    if (target.internal) return Deny("internal requests are visible to city staff only");
    if (op == Op::kViewRequest || op == Op::kCreateRequest)
      return Allow("anyone may " + Phrase(op));
    return Deny("sign in to " + Phrase(op));
  }
  const Role role = actor.role;
  if (role == Role::kAdmin) return Allow("admins may do everything");
  if (op == Op::kManageUsers || op == Op::kManageConfiguration)
    return Deny("only admins may " + Phrase(op));
  if (target.internal && role == Role::kResident)
    return Deny("internal requests are visible to city staff only");

  if (AllowedAnywhere(role, op)) return Allow(Plural(role) + " may " + Phrase(op));

  // Residents have no departments, whatever the account record says.
  const bool own_department = role != Role::kResident && !target.department_code.empty() &&
                              actor.InDepartment(target.department_code);
  if (own_department && AllowedInOwnDepartment(role, op))
    return Allow(Plural(role) + " may " + Phrase(op) + " in their own departments");

  const bool reporter = target.reporter_user_id && *target.reporter_user_id == actor.user_id;
  if (reporter && AllowedAsReporter(op)) {
    if (op == Op::kReopen)
      return Allow("the reporter may reopen their request for a while after it is closed",
                   Condition::kWithinReopenWindow);
    return Allow("reporters may " + Phrase(op) + " they reported");
  }

  if (AllowedInOwnDepartment(role, op)) {
    std::string where = target.department_code.empty() ? std::string("this is city-wide")
                                                       : "this is " + target.department_code + "'s";
    return Deny(Plural(role) + " may " + Phrase(op) + " only in their own departments (" + where +
                ")");
  }
  if (AllowedAsReporter(op))
    return Deny(Plural(role) + " may " + Phrase(op) + " only if they reported them");
  return Deny(Plural(role) + " may not " + Phrase(op));
}

RequestView ViewOf(const Actor& actor, const Target& target) {
  return RequestView{Authorize(actor, Op::kViewContact, target).allowed,
                     Authorize(actor, Op::kViewInternalNotes, target).allowed};
}

bool MaySearchWork(const Actor& actor) { return !ScopeOf(actor, Op::kViewInternalNotes).Empty(); }

bool RequestScope::Contains(const Target& t) const {
  if (t.internal && !internal) return false;
  if (anywhere) return true;
  if (!t.department_code.empty() &&
      std::find(departments.begin(), departments.end(), t.department_code) != departments.end())
    return true;
  return reporter_user_id && t.reporter_user_id == reporter_user_id;
}

// Mirrors Authorize() clause by clause; keep the two in step (policy_scope_test checks them).
RequestScope ScopeOf(const Actor& actor, Operation op) {
  RequestScope scope;
  if (actor.anonymous || actor.user_id == 0) {
    scope.anywhere = op == Op::kViewRequest || op == Op::kCreateRequest;
    return scope;
  }
  const Role role = actor.role;
  if (role == Role::kAdmin) {
    scope.anywhere = true;
    scope.internal = true;
    return scope;
  }
  if (op == Op::kManageUsers || op == Op::kManageConfiguration) return scope;
  scope.internal = role != Role::kResident;
  if (AllowedAnywhere(role, op)) {
    scope.anywhere = true;
    return scope;
  }
  if (role != Role::kResident && AllowedInOwnDepartment(role, op)) {
    for (const std::string& d : actor.departments)
      if (!d.empty()) scope.departments.push_back(d);
  }
  if (AllowedAsReporter(op)) scope.reporter_user_id = actor.user_id;
  return scope;
}

Status ToStatus(const Decision& d, const Actor& actor) {
  if (d.allowed) return OkStatus();
  if (actor.anonymous || actor.user_id == 0) return Error::Unauthenticated(d.reason);
  return Error::PermissionDenied(d.reason);
}

}  // namespace civic311
