#include "app/work_orders.hpp"

#include <cstdio>

#include "app/request_events.hpp"
#include "base/time_format.hpp"

namespace civic311 {
namespace {

constexpr std::int64_t kDaySeconds = 86400;

std::int64_t DayNumber(Timestamp t) {
  const std::int64_t s =
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  return s >= 0 ? s / kDaySeconds : (s - kDaySeconds + 1) / kDaySeconds;
}

std::string Quoted(const std::string& text) { return "\u201c" + text + "\u201d"; }

std::string Person(const std::optional<UserId>& id, const PersonName& name) {
  if (!id) return "nobody";
  std::string n = name ? name(*id) : std::string();
  return n.empty() ? "person " + std::to_string(*id) : n;
}

std::string Scheduled(const std::optional<Timestamp>& t) {
  return t ? UtcDay(*t) : std::string("not scheduled");
}

void Changed(std::vector<std::string>& out, std::string_view what, const std::string& from,
             const std::string& to) {
  if (from != to) out.push_back(std::string(what) + " " + from + " \u2192 " + to);
}

}  // namespace

std::string UtcDay(Timestamp t) { return FormatUtc(t).substr(0, 10); }

bool WorkOrderOverdue(const WorkOrder& w, Timestamp now) {
  return !w.done && w.scheduled_for && DayNumber(now) > DayNumber(*w.scheduled_for);
}

std::string FormatHours(double h) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", h);
  std::string out = buf;
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::string FormatCents(std::int64_t cents) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

std::vector<std::string> WorkOrderChanges(const WorkOrder& before, const WorkOrder& after,
                                          const PersonName& name) {
  std::vector<std::string> out;
  if (before.crew != after.crew) {
    out.push_back(after.crew.empty() ? "crew removed" : "crew " + Quoted(after.crew));
  }
  Changed(out, "person", Person(before.assignee_user_id, name),
          Person(after.assignee_user_id, name));
  Changed(out, "scheduled", Scheduled(before.scheduled_for), Scheduled(after.scheduled_for));
  // Tasks by their text: new ones, dropped ones, and those ticked or unticked.
  for (const WorkTask& t : after.tasks) {
    const WorkTask* old = nullptr;
    for (const WorkTask& b : before.tasks) {
      if (b.text == t.text) old = &b;
    }
    if (old == nullptr) {
      out.push_back("task " + Quoted(t.text) + " added" + (t.done ? " (done)" : ""));
    } else if (old->done != t.done) {
      out.push_back("task " + Quoted(t.text) + (t.done ? " done" : " not done"));
    }
  }
  for (const WorkTask& b : before.tasks) {
    bool kept = false;
    for (const WorkTask& t : after.tasks) kept = kept || t.text == b.text;
    if (!kept) out.push_back("task " + Quoted(b.text) + " removed");
  }
  Changed(out, "hours", FormatHours(before.labour_hours), FormatHours(after.labour_hours));
  Changed(out, "cost", FormatCents(before.cost_cents), FormatCents(after.cost_cents));
  if (before.materials != after.materials) out.push_back("materials changed");
  if (before.completion_note != after.completion_note) out.push_back("completion note changed");
  if (before.done != after.done) out.push_back(after.done ? "marked done" : "reopened");
  return out;
}

std::optional<TimelineEvent> WorkOrderEvent(const WorkOrder* before, const WorkOrder& after,
                                            UserId actor, Timestamp at, const PersonName& name) {
  std::vector<std::string> changes;
  std::string kind;
  if (before == nullptr) {
    kind = "work_order_created";
    // What it starts with, as changes from an empty order.
    changes = WorkOrderChanges(WorkOrder{}, after, name);
  } else {
    changes = WorkOrderChanges(*before, after, name);
    if (changes.empty()) return std::nullopt;
    kind = !before->done && after.done ? "work_order_done" : "work_order_updated";
  }
  std::string summary;
  for (const std::string& c : changes) summary += (summary.empty() ? "" : "; ") + c;
  TimelineEvent e;
  e.at = at;
  e.actor_user_id = actor;
  e.kind = kind;
  e.internal = true;  // crews, costs and people are staff business
  e.text = "Work order " + std::to_string(after.id) + (summary.empty() ? "" : ": " + summary);
  e.data = JsonStringObject({{"work_order", std::to_string(after.id)}, {"changes", summary}});
  return e;
}

}  // namespace civic311
