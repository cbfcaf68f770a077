// Escalation rules: who is told when a request is about to miss, or has missed, its SLA target.
// The config loader ([[escalations]], docs/config.md) builds them; the workflow evaluates them.
// Thread-safety: plain immutable values.
#pragma once

#include <string>
#include <string_view>

namespace civic311 {

enum class EscalationTrigger {
  kDueSoon,  // the request is open and within City::due_soon of its due time ("at risk")
  kOverdue,  // the request is open and past its due time
};

inline std::string_view EscalationTriggerName(EscalationTrigger t) {
  return t == EscalationTrigger::kDueSoon ? "due_soon" : "overdue";
}

struct EscalationRule {
  std::string name;  // unique, e.g. "Overdue potholes to the yard supervisor"
  EscalationTrigger when = EscalationTrigger::kOverdue;
  std::string service_code = "*";  // a service code, or "*" for every service
  // Exactly one of these is set: a department code (its e-mail, its staff) or an e-mail address.
  std::string notify_department;
  std::string notify_email;

  bool AppliesTo(std::string_view service) const {
    return service_code == "*" || service_code == service;
  }
};

}  // namespace civic311
