// Policy: every permission decision of civic311, in one function.
//
// Use cases call Authorize(actor, operation, target) before they do anything on someone's
// behalf, and nothing else in the code base decides who may do what. The rules, in prose and as
// a table, are in docs/permissions.md; tests/data/policy_matrix.tsv is the same table, walked by
// policy_test.cpp, which also checks that it covers every role × operation × relation.
//
// The policy knows people and departments, not states or time: whether the request's state
// allows the action is lifecycle's business (domain/lifecycle.hpp), checked after this.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/lifecycle.hpp"

namespace civic311 {

// Crew members are kStaff.
enum class Role { kAdmin, kManager, kStaff, kAgent, kResident };
inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kManager, Role::kStaff, Role::kAgent,
                                     Role::kResident};
std::string_view RoleName(Role r);  // "admin", "manager", "staff", "agent", "resident"
std::optional<Role> ParseRole(std::string_view name);  // also accepts "crew" for kStaff

// Who is asking. An anonymous actor (no account: a public Open311 client, a visitor) has
// user_id 0, role kResident and no departments. Departments are Department::code values; a
// person may belong to several. Departments of residents are ignored.
struct Actor {
  std::int64_t user_id = 0;
  Role role = Role::kResident;
  std::vector<std::string> departments;
  bool anonymous = true;

  static Actor Anonymous() { return Actor{}; }
  bool InDepartment(std::string_view code) const;
};

enum class Operation {
  kViewRequest,            // the public fields
  kViewContact,            // the reporter's contact details
  kViewInternalNotes,      // staff-only notes and the internal timeline
  kCreateRequest,          // report a problem as oneself
  kCreateOnBehalf,         // report for a caller (phone, walk-in); contact is the caller's
  kChangeState,            // acknowledge, start work, schedule, wait on someone
  kClose,                  // resolve fixed, close not fixed (not responsible, no action, referred)
  kMarkDuplicate,          // close as duplicate of another request
  kCancel,                 // withdraw the request
  kReopen,                 // reopen a closed request
  kAssign,                 // give to a person or crew
  kTransfer,               // move to another department
  kAddPublicNote,          // an update the reporter and the public see
  kAddInternalNote,        // an update only staff see
  kAddInfo,                // more details or photos
  kFollow,                 // get updates about a request
  kCreateInternalRequest,  // raise a request for a department (never public)
  kManageWorkOrders,       // create and schedule work orders for a request
  kViewReports,            // statistics and SLA reports of a department
  kViewAuditLog,           // who did what, for a department
  kManageUsers,            // accounts and roles
  kManageConfiguration,    // the city configuration
};
inline constexpr Operation kAllOperations[] = {
    Operation::kViewRequest,
    Operation::kViewContact,
    Operation::kViewInternalNotes,
    Operation::kCreateRequest,
    Operation::kCreateOnBehalf,
    Operation::kChangeState,
    Operation::kClose,
    Operation::kMarkDuplicate,
    Operation::kCancel,
    Operation::kReopen,
    Operation::kAssign,
    Operation::kTransfer,
    Operation::kAddPublicNote,
    Operation::kAddInternalNote,
    Operation::kAddInfo,
    Operation::kFollow,
    Operation::kCreateInternalRequest,
    Operation::kManageWorkOrders,
    Operation::kViewReports,
    Operation::kViewAuditLog,
    Operation::kManageUsers,
    Operation::kManageConfiguration,
};
std::string_view OperationName(Operation op);  // "view_request", "create_on_behalf", …
std::optional<Operation> ParseOperation(std::string_view name);

// The operation a lifecycle action needs.
Operation OperationFor(Action a);

// What the operation is about.
//  - For an existing request: its department, reporter and internal flag.
//  - For creating one: the department it will be routed to (reporter: the actor, or nobody).
//  - For reports, audit log: the department they cover; empty = city-wide (admin only).
//  - For users and configuration: nothing (admin only).
struct Target {
  std::string department_code;
  std::optional<std::int64_t> reporter_user_id;  // nullopt: anonymous report or no request
  bool internal = false;  // internal requests are invisible to residents and the public
};

// Extra checks an allowed decision still depends on.
enum class Condition {
  kNone,
  kWithinReopenWindow,  // allowed as the reporter: also pass CheckReopenWindow (lifecycle)
};

struct Decision {
  bool allowed = false;
  std::string reason;  // why; safe to show ("staff may close requests of their own departments")
  Condition condition = Condition::kNone;
  explicit operator bool() const { return allowed; }
};

// The one permission function. Rules (docs/permissions.md):
//  admin     everything.
//  manager   everything in their departments, including reports and the audit log; elsewhere
//            only what any member of staff may do (view, follow, report, raise internal
//            requests, take calls).
//  staff     work requests of their own departments; reports of their own departments; never
//            users, configuration or the audit log.
//  agent     create on behalf of callers; view any request incl. contact details and internal
//            notes; add notes and information anywhere; change state, close, assign, transfer
//            only in a department they belong to (none by default).
//  resident  view public requests, report, follow; on their own requests: contact details,
//            add information, cancel, reopen (within the window). Never internal notes, never
//            internal requests.
//  anonymous view public requests and report; nothing else.
// Anyone who reported a request has the reporter's rights on it, whatever their role.
Decision Authorize(const Actor& actor, Operation op, const Target& target);

// Which fields of one request an actor may see, beyond its public ones (description, address,
// state, public notes…). Every answer about a request is shaped from this, so the policy alone
// decides, per role, what leaves the server:
//   contact   the reporter's contact details                           (kViewContact)
//   internal  the work behind it: internal timeline events, who acted  (kViewInternalNotes)
//             (actor ids, event data), the assignee, work orders (crew,
//             materials, cost, completion note), and the id of an internal
//             request it duplicates
// Residents (even the reporter) and anonymous readers get neither, except the reporter's own
// contact details.
struct RequestView {
  bool contact = false;
  bool internal = false;
};
RequestView ViewOf(const Actor& actor, const Target& target);

// Whether `actor` may search requests by internal work data (assignee): those who may read the
// internal side of at least some requests.
bool MaySearchWork(const Actor& actor);

// The requests on which an actor may do `op`, described so that a store can turn it into a
// query instead of asking Authorize() row by row: the union of every request (`anywhere`), the
// requests of `departments` and those `reporter_user_id` reported, of which internal requests
// only when `internal`. Derived from the same rules as Authorize(); policy_scope_test walks every
// role x operation x relation to prove Contains(t) == Authorize(actor, op, t).allowed.
struct RequestScope {
  bool anywhere = false;
  std::vector<std::string> departments;          // non-empty codes
  std::optional<std::int64_t> reporter_user_id;  // the actor, when reporting grants `op`
  bool internal = false;
  bool Empty() const { return !anywhere && departments.empty() && !reporter_user_id; }
  bool Contains(const Target& t) const;
};
RequestScope ScopeOf(const Actor& actor, Operation op);

// Decision -> Status: kPermissionDenied with the reason (or kUnauthenticated when an anonymous
// actor needs to sign in). Use cases that must not reveal a request's existence (residents
// asking for internal requests) answer kNotFound themselves.
Status ToStatus(const Decision& d, const Actor& actor);

}  // namespace civic311
