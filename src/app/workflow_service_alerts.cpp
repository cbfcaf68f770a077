// WorkflowService: a member of staff's own alert settings (docs/notifications.md, "Staff alerts").
#include <algorithm>

#include "app/workflow_service.hpp"

namespace civic311 {
namespace {

Status CheckStaff(const Actor& actor) {
  if (actor.anonymous || actor.user_id <= 0) return Error::Unauthenticated("sign in first");
  if (actor.role == Role::kResident)
    return Error::PermissionDenied("alerts about department queues are for city staff");
  return OkStatus();
}

}  // namespace

Result<StaffAlertPrefs> WorkflowService::GetAlertSettings(const Actor& actor) {
  C311_TRY(CheckStaff(actor));
  return workflow_.GetStaffAlerts(actor.user_id);
}

Result<StaffAlertPrefs> WorkflowService::SetAlertSettings(const Actor& actor, QueueAlerts queue,
                                                          std::string_view lang) {
  C311_TRY(CheckStaff(actor));
  const bool letters =
      std::all_of(lang.begin(), lang.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (lang.size() < 2 || lang.size() > 3 || !letters)
    return Error::InvalidField("lang", "must be a language code such as \"en\" or \"es\"");
  C311_TRY(workflow_.SetStaffAlerts(actor.user_id, queue, lang, clock_.Now()));
  return workflow_.GetStaffAlerts(actor.user_id);
}

}  // namespace civic311
