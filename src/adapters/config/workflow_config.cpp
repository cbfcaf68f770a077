#include "adapters/config/workflow_config.hpp"

#include <map>
#include <utility>

#include "domain/request_state.hpp"

namespace civic311::config {
namespace {

// "28 days", "72 hours", "90 minutes" or "none" (zero: reporters may never reopen).
void ReadReopenWindow(const TableReader& r, LifecycleConfig& lifecycle) {
  auto text = r.String("reopen_window");
  if (!text) return;
  auto target = ParseSlaTarget(*text);
  if (!target.ok()) {
    r.Add("reopen_window", target.error().message);
    return;
  }
  using std::chrono::seconds;
  switch (target->unit) {
    case SlaUnit::kNone:
      lifecycle.reopen_window = seconds(0);
      return;
    case SlaUnit::kMinutes:
      lifecycle.reopen_window = std::chrono::minutes(target->amount);
      return;
    case SlaUnit::kHours:
      lifecycle.reopen_window = std::chrono::hours(target->amount);
      return;
    case SlaUnit::kDays:
      lifecycle.reopen_window = std::chrono::days(target->amount);
      return;
    case SlaUnit::kBusinessHours:
    case SlaUnit::kBusinessDays:
      break;
  }
  r.Add("reopen_window", "\"" + *text +
                             "\": the reopen window is elapsed time, so use minutes, hours or "
                             "days (e.g. \"28 days\"), or \"none\"");
}

void ReadClockStopping(const TableReader& r, LifecycleConfig& lifecycle) {
  auto names = r.StringList("clock_stopping_states");
  if (!names) return;
  std::set<RequestState> states;
  for (const std::string& name : *names) {
    auto state = ParseState(Trim(name));
    if (!state) {
      std::string open;
      for (RequestState s : kAllStates) {
        if (!IsOpen(s) || s == RequestState::kSubmitted) continue;
        open += open.empty() ? "" : ", ";
        open += StateName(s);
      }
      r.Add("clock_stopping_states", "\"" + name + "\" is not a state; open states: " + open);
    } else if (!IsOpen(*state)) {
      r.Add("clock_stopping_states",
            "\"" + name +
                "\" is a closed state: the clock stops only in open states, such as "
                "waiting_resident and waiting_third_party");
    } else if (!states.insert(*state).second) {
      r.Add("clock_stopping_states", "\"" + name + "\" is listed twice");
    }
  }
  lifecycle.clock_stopping = std::move(states);
}

EscalationRule ReadEscalation(const TableReader& r, const City& city) {
  EscalationRule rule;
  rule.name = r.Text("name", Need::kRequired);
  const std::string when = Lower(Trim(r.String("when", Need::kRequired).value_or("")));
  if (when == "due_soon") {
    rule.when = EscalationTrigger::kDueSoon;
    if (city.due_soon.empty())
      r.Add("when",
            "\"due_soon\" needs a threshold: set due_soon in [workflow], e.g. due_soon = "
            "\"4 business hours\"");
  } else if (when == "overdue") {
    rule.when = EscalationTrigger::kOverdue;
  } else if (r.table().contains("when")) {
    r.Add("when", "\"" + when + "\" is not a trigger: use \"overdue\" or \"due_soon\"");
  }
  const std::string notify = r.Text("notify", Need::kRequired);
  if (notify.find('@') != std::string::npos) {
    if (LooksLikeEmail(notify)) {
      rule.notify_email = notify;
    } else {
      r.Add("notify", "\"" + notify + "\" is not an e-mail address (name@example.org)");
    }
  } else if (!notify.empty()) {
    if (city.FindDepartment(notify) != nullptr) {
      rule.notify_department = notify;
    } else {
      r.Add("notify", "\"" + notify +
                          "\" is neither a department code nor an e-mail address: use the code "
                          "of a [[departments]] section or name@example.org");
    }
  }
  if (auto service = r.String("service")) {
    rule.service_code = Trim(*service);
    if (rule.service_code != "*" && city.FindService(rule.service_code) == nullptr)
      r.Add("service", "unknown service \"" + rule.service_code +
                           "\": use a [[services]] code, or \"*\" for every service");
  }
  return rule;
}

}  // namespace

void ReadWorkflow(const TableReader& root, City& city) {
  if (const toml::table* t = root.Table("workflow")) {
    TableReader r(
        *t, "workflow", root.mistakes(),
        {"reopen_window", "clock_stopping_states", "transfer_restarts_clock", "due_soon"});
    ReadReopenWindow(r, city.lifecycle);
    ReadClockStopping(r, city.lifecycle);
    city.transfer_restarts_clock = r.Bool("transfer_restarts_clock").value_or(false);
    if (auto text = r.String("due_soon")) {
      auto target = ParseSlaTarget(*text);
      if (target.ok()) {
        city.due_soon = *target;
      } else {
        r.Add("due_soon", target.error().message);
      }
    }
    if (Status s = city.lifecycle.Validate(); !s.ok()) r.Add("reopen_window", s.error().message);
    r.Finish();
  }
  std::map<std::string, const toml::source_region*> names;
  ForEachTable(
      root, "escalations", Need::kOptional, [&](const toml::table& t, std::string path, size_t) {
        TableReader r(t, std::move(path), root.mistakes(), {"name", "when", "notify", "service"});
        EscalationRule rule = ReadEscalation(r, city);
        if (!rule.name.empty()) {
          if (auto [it, fresh] = names.emplace(Lower(rule.name), &r.Where("name")); !fresh)
            r.Add("name", "duplicate escalation name \"" + rule.name + "\" (first used on " +
                              LineOf(*it->second) + ")");
        }
        r.Finish();
        city.escalations.push_back(std::move(rule));
      });
}

}  // namespace civic311::config
