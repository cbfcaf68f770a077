// Work orders as the timeline and the desk tell them (docs/console.md, "Work orders"): when one
// is overdue, how its numbers read, and the internal timeline event each change writes (one per
// create or update, in the order's transaction: WorkflowStore::CreateWorkOrder/UpdateWorkOrder).
//
// Pure functions; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/workflow_ports.hpp"

namespace civic311 {

// Scheduled dates are days: the city's calendar is kept in UTC days (as the dashboard counts).
// The UTC day of `t` as "YYYY-MM-DD".
std::string UtcDay(Timestamp t);
// Overdue: not done, and the UTC day it is scheduled for has ended by `now`.
bool WorkOrderOverdue(const WorkOrder& w, Timestamp now);

// "2.5" (up to two decimals, no trailing zeros) and "1234.50" (cents in the city's currency).
std::string FormatHours(double hours);
std::string FormatCents(std::int64_t cents);

// The name of a person for the timeline's text ("" if unknown).
using PersonName = std::function<std::string(UserId)>;

// What changed from `before` to `after`, one short phrase each, in field order: crew, person,
// schedule, tasks added / removed / done / not done, hours, cost, materials, completion note,
// done. Empty: nothing changed.
std::vector<std::string> WorkOrderChanges(const WorkOrder& before, const WorkOrder& after,
                                          const PersonName& name);

// The internal timeline event of a change by `actor` at `at`: kind "work_order_created" (before
// is null), "work_order_done" (marked done by this change) or "work_order_updated"; text
// "Work order 3: …" saying what changed; data {"work_order":"3","changes":"…"}. nullopt for an
// update that changed nothing. request_id and state are left for the store.
std::optional<TimelineEvent> WorkOrderEvent(const WorkOrder* before, const WorkOrder& after,
                                            UserId actor, Timestamp at, const PersonName& name);

}  // namespace civic311
