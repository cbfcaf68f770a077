#include "app/request_events.hpp"

#include "base/log.hpp"
#include "base/time_format.hpp"

namespace civic311 {
namespace {

void Field(std::string& out, std::string_view key, std::string_view value) {
  if (out.size() > 1) out += ',';
  out += '"';
  out += key;
  out += "\":\"";
  AppendJsonEscaped(out, value);
  out += '"';
}

}  // namespace

std::string JsonStringObject(const JsonFields& fields) {
  std::string out = "{";
  for (const auto& [key, value] : fields) Field(out, key, value);
  out += '}';
  return out;
}

std::string_view WebhookEventName(std::string_view kind) {
  if (kind == "created") return "created";
  if (kind == "escalated") return "escalated";
  if (kind == "assign") return "assigned";
  if (kind == "transfer") return "transferred";
  if (kind == "note" || kind == "internal_note") return "note";
  if (kind == "add_info") return "updated";
  return "state_changed";  // every other action moves the request to a new state
}

OutboxMessage WebhookMessage(const TimelineEvent& e, const ServiceRequest& r) {
  std::string out = "{";
  Field(out, "event", WebhookEventName(e.kind));
  Field(out, "action", e.kind);
  out += ",\"event_id\":" + std::to_string(e.id);
  Field(out, "service_request_id", std::to_string(r.id));
  Field(out, "service_code", r.service_code);
  Field(out, "state", StateName(r.state));
  Field(out, "status", Open311Status(r.state));
  Field(out, "department", r.department_code);
  Field(out, "at", FormatUtc(e.at));
  out += ",\"internal\":";
  out += e.internal ? "true" : "false";
  // The public note only: internal text stays inside the city's staff tools.
  Field(out, "public_note", e.internal ? std::string_view{} : std::string_view{e.text});
  out += '}';
  return OutboxMessage{"webhook", std::move(out)};
}

std::vector<OutboxMessage> WebhookMessages(const ServiceRequest& r,
                                           const std::vector<TimelineEvent>& events) {
  std::vector<OutboxMessage> out;
  out.reserve(events.size());
  for (const TimelineEvent& e : events) out.push_back(WebhookMessage(e, r));
  return out;
}

TimelineEvent CreatedEvent(const ServiceRequest& r, UserId actor) {
  TimelineEvent ev;
  ev.request_id = r.id;
  ev.at = r.requested_at;
  ev.actor_user_id = actor;
  ev.kind = "created";
  ev.state = r.state;
  ev.internal = true;
  ev.data = std::string("{\"channel\":\"") + std::string(ChannelName(r.channel)) + "\"}";
  return ev;
}

}  // namespace civic311
