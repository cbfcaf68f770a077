#include "app/escalation_service.hpp"

#include <algorithm>
#include <string>

#include "app/request_events.hpp"
#include "base/log.hpp"
#include "base/time_format.hpp"
#include "domain/sla_clock.hpp"

namespace civic311 {
namespace {

// {"key":"value",…}: keys are fixed words, values are escaped.
class JsonFields {
 public:
  JsonFields& Add(std::string_view key, std::string_view value) {
    out_ += out_.size() > 1 ? ",\"" : "\"";
    out_ += key;
    out_ += "\":\"";
    AppendJsonEscaped(out_, value);
    out_ += '"';
    return *this;
  }
  std::string Done() const { return out_ + "}"; }

 private:
  std::string out_ = "{";
};

struct Recipient {
  std::string notify;      // the rule's target: e-mail address or department code
  std::string email;       // where the e-mail goes ("" when the department has none)
  std::string department;  // the department told ("" for a plain address)
};

Recipient RecipientOf(const City& city, const EscalationRule& rule) {
  if (!rule.notify_email.empty()) return {rule.notify_email, rule.notify_email, ""};
  const Department* d = city.FindDepartment(rule.notify_department);
  return {rule.notify_department, d != nullptr ? d->email : "", rule.notify_department};
}

EscalationRecord MakeRecord(const City& city, const SlaCandidate& c, const EscalationRule& rule,
                            Timestamp now, Timestamp due_by) {
  const Recipient to = RecipientOf(city, rule);
  const std::string_view trigger = EscalationTriggerName(rule.when);
  EscalationRecord e;
  e.request_id = c.id;
  e.sla_cycle = c.sla_cycle;
  e.rule = rule.name;
  e.level = rule.when == EscalationTrigger::kDueSoon ? 1 : 2;
  e.notify = to.notify;
  e.at = now;
  e.due_by = due_by;
  const std::string data = JsonFields()
                               .Add("rule", rule.name)
                               .Add("trigger", trigger)
                               .Add("notify", to.notify)
                               .Add("expected_at", FormatUtc(c.expected_at))
                               .Add("sla_cycle", std::to_string(c.sla_cycle))
                               .Done();
  e.event.at = now;
  e.event.actor_user_id = 0;  // the system
  e.event.kind = "escalated";
  e.event.internal = true;  // who is told is staff business
  e.event.text = std::string(rule.when == EscalationTrigger::kDueSoon ? "Due soon" : "Overdue") +
                 ": escalated by rule \"" + rule.name + "\"; notify " + to.notify;
  e.event.data = data;
  e.audit = AuditEntry{0, now, 0, "escalate", c.department_code, c.id, data};
  ServiceRequest shown;  // the public facts the webhook payload carries
  shown.id = c.id;
  shown.service_code = c.service_code;
  shown.department_code = c.department_code;
  shown.internal = c.internal;
  OutboxMessage email;  // to the rule's address or department (once: the escalation is)
  email.kind = "email";
  email.event = "escalation";
  email.recipient = to.email;
  email.request_id = c.id;
  email.Set("department", to.department)
      .Set("service_request_id", std::to_string(c.id))
      .Set("service_code", c.service_code)
      .Set("rule", rule.name)
      .Set("trigger", std::string(trigger))
      .Set("expected_at", FormatUtc(c.expected_at));
  e.make_outbox = [shown, email, hooks = city.webhooks](const TimelineEvent& stored) {
    ServiceRequest r = shown;
    r.state = stored.state;
    std::vector<OutboxMessage> out = WebhookMessages(stored, r, hooks);
    if (!email.recipient.empty()) {  // a department without an address: recorded, not mailed
      out.push_back(email);
      out.back().key = EventKey(stored.id, "email.escalation");
    }
    return out;
  };
  return e;
}

}  // namespace

EscalationService::EscalationService(CitySource city, WorkflowStore& store, const Clock& clock,
                                     std::chrono::hours catch_up)
    : city_(std::move(city)), store_(store), clock_(clock), catch_up_(catch_up) {}

Result<SweepResult> EscalationService::Sweep(const std::atomic<bool>* cancel) {
  SweepResult result;
  const std::shared_ptr<const City> snapshot = city_.Current();  // one version per sweep
  const City& city = *snapshot;
  if (city.escalations.empty()) return result;
  const Timestamp now = clock_.Now();
  const Timestamp overdue_by = now - std::chrono::seconds(1);  // overdue: expected_at < now
  const bool any_due_soon =
      std::any_of(city.escalations.begin(), city.escalations.end(),
                  [](const EscalationRule& r) { return r.when == EscalationTrigger::kDueSoon; });
  const std::optional<Timestamp> soon = DueSoonHorizon(city, now);
  const Timestamp horizon = any_due_soon && soon ? std::max(*soon, overdue_by) : overdue_by;

  // Candidates come in expected_at order: start at the catch-up window's edge.
  Timestamp from_at = now - catch_up_;
  RequestId after_id = 0;
  for (;;) {
    auto page = store_.ListSlaCandidates(horizon, from_at, after_id, kPageSize);
    if (!page.ok()) return std::move(page).error();
    for (const SlaCandidate& c : *page) {
      if (cancel != nullptr && cancel->load()) return result;
      ++result.examined;
      const bool overdue = c.expected_at < now;
      const EscalationTrigger trigger =
          overdue ? EscalationTrigger::kOverdue : EscalationTrigger::kDueSoon;
      for (const EscalationRule& rule : city.escalations) {
        if (rule.when != trigger || !rule.AppliesTo(c.service_code)) continue;
        if (std::find(c.recorded_rules.begin(), c.recorded_rules.end(), rule.name) !=
            c.recorded_rules.end())
          continue;
        EscalationRecord e = MakeRecord(city, c, rule, now, overdue ? overdue_by : horizon);
        auto recorded = store_.RecordEscalation(e);
        if (!recorded.ok()) return std::move(recorded).error();
        if (*recorded) ++result.recorded;
      }
    }
    if (static_cast<int>(page->size()) < kPageSize) break;
    from_at = page->back().expected_at;
    after_id = page->back().id;
  }
  return result;
}

EscalationSweeper::EscalationSweeper(EscalationService& service, std::chrono::milliseconds interval,
                                     Counter* recorded)
    : service_(service), interval_(interval), recorded_(recorded), thread_([this] { Loop(); }) {}

EscalationSweeper::~EscalationSweeper() { Stop(); }

void EscalationSweeper::Stop() {
  cancel_ = true;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EscalationSweeper::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto swept = service_.Sweep(&cancel_);
    if (!swept.ok()) {
      Log(LogLevel::kWarn, "escalation sweep failed",
          {{"error", swept.error().message}, {"detail", swept.error().detail}});
    } else if (swept->recorded > 0) {
      if (recorded_ != nullptr) recorded_->Inc(static_cast<std::uint64_t>(swept->recorded));
      Log(LogLevel::kInfo, "escalations recorded", {{"count", std::to_string(swept->recorded)}});
    }
    lock.lock();
    cv_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace civic311
