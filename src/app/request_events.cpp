#include "app/request_events.hpp"

#include <cstdio>

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

void AddPublicFacts(OutboxMessage& m, const ServiceRequest& r) {
  m.Set("service_request_id", std::to_string(r.id))
      .Set("service_code", r.service_code)
      .Set("service_name", r.service_name)
      .Set("state", std::string(StateName(r.state)))
      .Set("status", std::string(Open311Status(r.state)))
      .Set("address", r.address)
      .Set("expected_at", r.expected_at ? FormatUtc(*r.expected_at) : std::string());
}

namespace {

std::string ReporterEvent(const TimelineEvent& e) {
  if (e.kind == "created") return "received";
  if (e.kind == "resolve_fixed") return "resolved";
  if (e.kind == "wait_resident") return "information_requested";
  if (e.kind == "close_duplicate") return "duplicate";
  if (e.kind == "add_info") return "";        // the reporter's own reply: nothing to tell them
  if (e.kind == "flag_emergency") return "";  // staff business (and internal)
  return "state_changed";
}

}  // namespace

std::string EventKey(std::int64_t event_id, std::string_view what) {
  // snprintf, not operator+: g++ 12 reports a false -Wrestrict on "e" + std::to_string(…).
  char head[32];
  const int n = std::snprintf(head, sizeof head, "e%lld.", static_cast<long long>(event_id));
  std::string out(head, static_cast<size_t>(n));
  out.append(what);
  return out;
}

std::string OutboxMessage::Text(std::string_view name) const {
  for (const NoticeField& f : fields) {
    if (f.name != name) continue;
    if (const auto* s = std::get_if<std::string>(&f.value)) return *s;
    if (const auto* n = std::get_if<std::int64_t>(&f.value)) return std::to_string(*n);
    if (const auto* b = std::get_if<bool>(&f.value)) return *b ? "true" : "false";
    return {};
  }
  return {};
}

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
  if (kind == "flag_emergency") return "updated";  // no new state: the request was marked
  return "state_changed";  // every other action moves the request to a new state
}

OutboxMessage WebhookMessage(const TimelineEvent& e, const ServiceRequest& r) {
  OutboxMessage m;
  m.kind = "webhook";
  m.event = std::string(WebhookEventName(e.kind));
  m.request_id = r.id;
  // The order and names of the webhook body (docs/webhooks.md): receivers rely on them.
  m.Set("event", m.event)
      .Set("action", e.kind)
      .Set("event_id", std::int64_t{e.id})
      .Set("service_request_id", std::to_string(r.id))
      .Set("service_code", r.service_code)
      .Set("state", std::string(StateName(r.state)))
      .Set("status", std::string(Open311Status(r.state)))
      .Set("department", r.department_code)
      .Set("at", FormatUtc(e.at))
      .Set("internal", e.internal)
      // The public note only: internal text stays inside the city's staff tools.
      .Set("public_note", e.internal ? std::string() : e.text);
  return m;
}

std::vector<OutboxMessage> WebhookMessages(const TimelineEvent& e, const ServiceRequest& r,
                                           const std::vector<WebhookEndpoint>& endpoints) {
  std::vector<OutboxMessage> out;
  const OutboxMessage body = WebhookMessage(e, r);
  for (const WebhookEndpoint& endpoint : endpoints) {
    if (!endpoint.Wants(body.event)) continue;
    OutboxMessage m = body;
    m.recipient = endpoint.name;
    m.lane = 2;
    m.key = EventKey(e.id, "webhook." + endpoint.name);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<OutboxMessage> ReporterMessages(const TimelineEvent& e, const ServiceRequest& r) {
  std::vector<OutboxMessage> out;
  // "created" is internal (who took a call is staff business) but the reporter hears of it.
  if (r.internal || (e.internal && e.kind != "created")) return out;
  const std::string event = ReporterEvent(e);
  if (event.empty()) return out;
  const std::string lang = r.contact.lang.empty() ? "en" : r.contact.lang;
  auto make = [&](const char* kind, const std::string& to) {
    OutboxMessage m;
    m.kind = kind;
    m.event = event;
    m.recipient = to;
    m.lang = lang;
    m.request_id = r.id;
    // One message per event, channel and address: the event id makes the key stable.
    m.key = EventKey(e.id, std::string(kind) + ".reporter");
    AddPublicFacts(m, r);
    m.Set("public_note", e.kind == "created" ? std::string() : e.text)
        .Set("token", r.token)
        .Set("at", FormatUtc(e.at));
    if (r.parent_id) m.Set("parent_id", std::to_string(*r.parent_id));
    out.push_back(std::move(m));
  };
  if (!r.contact.email.empty()) make("email", r.contact.email);
  if (!r.contact.phone.empty()) make("sms", r.contact.phone);
  return out;
}

std::vector<OutboxMessage> ParentOutcomeMessages(const TimelineEvent& e,
                                                 const ServiceRequest& parent,
                                                 const std::vector<ServiceRequest>& duplicates) {
  std::vector<OutboxMessage> out;
  if (parent.internal || e.internal) return out;
  for (const ServiceRequest& d : duplicates) {
    if (d.internal || d.parent_id != parent.id) continue;
    const std::string lang = d.contact.lang.empty() ? "en" : d.contact.lang;
    auto make = [&](const char* kind, const std::string& to) {
      OutboxMessage m;
      m.kind = kind;
      m.event = "parent_outcome";
      m.recipient = to;
      m.lang = lang;
      m.request_id = d.id;  // their own request: its stop link and status page
      m.key = EventKey(e.id, std::string(kind) + ".dup" + std::to_string(d.id));
      m.Set("service_request_id", std::to_string(d.id))
          .Set("service_name", d.service_name)
          .Set("parent_id", std::to_string(parent.id))
          .Set("state", std::string(StateName(parent.state)))  // the parent's outcome
          .Set("status", std::string(Open311Status(parent.state)))
          .Set("public_note", e.text)
          .Set("at", FormatUtc(e.at));
      out.push_back(std::move(m));
    };
    if (!d.contact.email.empty()) make("email", d.contact.email);
    if (!d.contact.phone.empty()) make("sms", d.contact.phone);
  }
  return out;
}

OutboxMessage DispatchMessage(const TimelineEvent& e, const ServiceRequest& r) {
  OutboxMessage m;
  m.kind = "dispatch";
  m.event = "emergency";
  m.lane = 1;
  m.request_id = r.id;
  m.key = EventKey(e.id, "dispatch");
  AddPublicFacts(m, r);
  m.Set("description", r.description)
      .Set("lat", r.lat ? std::to_string(*r.lat) : std::string())
      .Set("lon", r.lon ? std::to_string(*r.lon) : std::string())
      .Set("department", r.department_code)
      .Set("callback_phone", r.contact.phone)
      .Set("requested_at", FormatUtc(r.requested_at));
  if (e.kind == "flag_emergency") m.Set("flagged_reason", e.text);
  return m;
}

std::vector<OutboxMessage> RequestNotices(const ServiceRequest& r,
                                          const std::vector<TimelineEvent>& events,
                                          const std::vector<WebhookEndpoint>& endpoints) {
  std::vector<OutboxMessage> out;
  for (const TimelineEvent& e : events) {
    // Dispatch first: its row is written (and claimed) before anything else of the change.
    if ((e.kind == "created" && r.emergency && !r.internal) || e.kind == "flag_emergency")
      out.push_back(DispatchMessage(e, r));
    for (OutboxMessage& m : WebhookMessages(e, r, endpoints)) out.push_back(std::move(m));
    for (OutboxMessage& m : ReporterMessages(e, r)) out.push_back(std::move(m));
  }
  return out;
}

OutboxMessage StaffMessage(std::string_view event, std::string_view to, const ServiceRequest& r,
                           std::string_view note) {
  OutboxMessage m;
  m.kind = "email";
  m.event = std::string(event);
  m.recipient = std::string(to);
  m.request_id = r.id;
  AddPublicFacts(m, r);
  m.Set("department", r.department_code).Set("note", std::string(note));
  return m;
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
