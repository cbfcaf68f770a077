#include "app/dispatch_alerts.hpp"

#include "base/time_format.hpp"

namespace civic311 {

std::vector<OutboxMessage> DispatchAlerts(const OutboxItem& d,
                                          const std::vector<OnDutyContact>& on_duty,
                                          Timestamp now) {
  std::vector<OutboxMessage> out;
  const auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - d.created_at);
  const bool never_sent = d.attempt == 0;
  auto make = [&](const char* kind, const OnDutyContact& c, const std::string& to) {
    OutboxMessage m;
    m.kind = kind;
    m.event = "dispatch_unacknowledged";
    m.recipient = to;
    m.lang = c.lang.empty() ? "en" : c.lang;
    m.lane = 1;
    m.request_id = d.request_id;
    m.key = d.StableKey() + ".alert." + kind + "." + to;
    m.Set("on_duty_name", c.name)
        .Set("dispatch_id", d.StableKey())
        .Set("dispatch_attempts", std::int64_t{d.attempt})
        .Set("dispatch_error",
             never_sent
                 ? std::string("never sent (no dispatch URL configured, or no worker running)")
                 : (d.last_error.empty() ? std::string("no answer yet") : d.last_error))
        .Set("dispatch_parked", d.parked_at.has_value())
        .Set("waited_seconds", std::int64_t{waited.count()})
        .Set("dispatched_at", FormatUtc(d.created_at));
    out.push_back(std::move(m));
  };
  for (const OnDutyContact& c : on_duty) {
    if (!c.email.empty()) make("email", c, c.email);
    if (!c.phone.empty()) make("sms", c, c.phone);
  }
  return out;
}

}  // namespace civic311
