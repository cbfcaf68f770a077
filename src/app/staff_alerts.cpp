#include "app/staff_alerts.hpp"

#include <algorithm>

#include "app/request_events.hpp"
#include "base/time_format.hpp"

namespace civic311 {

std::string_view QueueAlertsName(QueueAlerts q) {
  switch (q) {
    case QueueAlerts::kImmediate:
      return "immediate";
    case QueueAlerts::kDigest:
      return "digest";
    case QueueAlerts::kOff:
      break;
  }
  return "off";
}

std::optional<QueueAlerts> ParseQueueAlerts(std::string_view name) {
  for (QueueAlerts q : {QueueAlerts::kOff, QueueAlerts::kImmediate, QueueAlerts::kDigest})
    if (QueueAlertsName(q) == name) return q;
  return std::nullopt;
}

std::vector<OutboxMessage> NewRequestAlerts(const TimelineEvent& created, const ServiceRequest& r,
                                            const std::vector<AlertRecipient>& to) {
  std::vector<OutboxMessage> out;
  for (const AlertRecipient& a : to) {
    OutboxMessage m = StaffMessage("new_request", a.email, r, "");
    m.lang = a.lang.empty() ? "en" : a.lang;
    m.key = EventKey(created.id, "email.staff." + std::to_string(a.user_id));
    m.Set("emergency", r.emergency).Set("internal", r.internal);
    out.push_back(std::move(m));
  }
  return out;
}

StaffDigestService::StaffDigestService(WorkflowStore& store, const Clock& clock,
                                       std::chrono::seconds period, int max_items)
    : store_(store), clock_(clock), period_(period), max_items_(max_items) {}

Result<int> StaffDigestService::SendDue() {
  // A request is stamped before its transaction commits: the digest stops a little short of now
  // (a minute; less for short test periods), so one stamped just before and committed just
  // after the read is in the next digest rather than in none.
  const Timestamp clock_now = clock_.Now();
  const Timestamp now =
      clock_now - std::min<std::chrono::seconds>(std::chrono::minutes(1), period_ / 2);
  int written = 0;
  // Pages of due digests; each one sent moves out of the list, so the loop ends.
  for (int round = 0; round < 1000; ++round) {
    auto due = store_.ListDueDigests(clock_now - period_, 50);
    if (!due.ok()) return std::move(due).error();
    if (due->empty()) break;
    int moved = 0;
    for (const DigestDue& d : *due) {
      auto filed = store_.ListFiledBetween(d.departments, d.since, now, max_items_ + 1);
      if (!filed.ok()) return std::move(filed).error();
      std::vector<OutboxMessage> mail;
      if (!filed->empty()) {
        const bool more = static_cast<int>(filed->size()) > max_items_;
        if (more) filed->resize(static_cast<size_t>(max_items_));
        std::vector<NoticeRow> rows;
        for (const ServiceRequest& r : *filed) {
          rows.push_back({{"service_request_id", std::to_string(r.id)},
                          {"service_name", r.service_name},
                          {"department", r.department_code},
                          {"address", r.address},
                          {"requested_at", FormatUtc(r.requested_at)},
                          {"emergency", r.emergency ? "yes" : ""}});
        }
        OutboxMessage m;
        m.kind = "email";
        m.event = "digest";
        m.recipient = d.to.email;
        m.lang = d.to.lang.empty() ? "en" : d.to.lang;
        // One digest per person and start: a repeat of this round writes the same key.
        m.key = "digest." + std::to_string(d.to.user_id) + "." +
                std::to_string(d.since.time_since_epoch().count());
        m.Set("count", static_cast<std::int64_t>(rows.size()))
            .Set("more", more)
            .Set("since", FormatUtc(d.since))
            .Set("until", FormatUtc(now))
            .Set("requests", std::move(rows));
        mail.push_back(std::move(m));
      }
      auto sent = store_.RecordDigest(d.to.user_id, d.since, now, mail);
      if (!sent.ok()) return std::move(sent).error();
      if (*sent) {
        ++moved;
        written += static_cast<int>(mail.size());
      }
    }
    if (moved == 0) break;  // everyone left was taken by another sweeper meanwhile
  }
  return written;
}

}  // namespace civic311
