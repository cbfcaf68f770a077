#include "app/alert_messages.hpp"

#include <chrono>

#include "app/request_events.hpp"
#include "base/crypto.hpp"
#include "base/log.hpp"
#include "base/time_format.hpp"

namespace civic311 {
namespace {

constexpr size_t kDigestListed = 50;

// A short, stable stand-in for an address inside idempotency keys (keys are logged and listed
// by `outbox list`; the address itself is the row's recipient).
std::string AddressKey(std::string_view address) { return Sha256Hex(address).substr(0, 16); }

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

void AlertFacts(OutboxMessage& m, const AreaAlert& a) {
  m.Set("alert_id", std::to_string(a.id))
      .Set("alert_label", a.label)
      .Set("alert_area", a.area)
      .Set("alert_radius_m", std::int64_t{a.radius_m})
      .Set("alert_mode", std::string(AlertModeName(a.mode)))
      .Set("alert_services", Join(a.services));
}

OutboxMessage Email(std::string event, std::string_view to, std::string_view lang) {
  OutboxMessage m;
  m.kind = "email";
  m.event = std::move(event);
  m.recipient = std::string(to);
  m.lang = lang.empty() ? "en" : std::string(lang);
  return m;
}

}  // namespace

OutboxMessage FollowConfirmMessage(const ServiceRequest& r, std::string_view address,
                                   std::string_view lang, Timestamp now) {
  OutboxMessage m = Email("follow_confirm", address, lang);
  m.request_id = r.id;
  const auto day = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  m.key = "follow." + std::to_string(r.id) + "." + AddressKey(address) + ".confirm." +
          std::to_string(day);
  m.Set("service_request_id", std::to_string(r.id))
      .Set("service_name", r.service_name)
      .Set("address", r.address);
  return m;
}

std::optional<OutboxMessage> FollowUpdateMessage(const TimelineEvent& e, const ServiceRequest& r,
                                                 std::string_view address, std::string_view lang) {
  if (r.internal || e.internal || e.kind == "created" || e.kind == "add_info") return std::nullopt;
  OutboxMessage m = Email("follow_update", address, lang);
  m.request_id = r.id;
  m.key = EventKey(e.id, "email.follow." + AddressKey(address));
  // The state the change moved to (the request may have moved on since).
  ServiceRequest at_event = r;
  at_event.state = e.state;
  AddPublicFacts(m, at_event);
  m.Set("public_note", e.text)
      .Set("resolved", e.state == RequestState::kFixed)
      .Set("closed", IsClosed(e.state))
      .Set("at", FormatUtc(e.at));
  return m;
}

OutboxMessage AlertConfirmMessage(const AreaAlert& a) {
  OutboxMessage m = Email("alert_confirm", a.address, a.lang);
  m.key = "alert." + std::to_string(a.id) + ".confirm";
  AlertFacts(m, a);
  return m;
}

OutboxMessage AlertNewMessage(const AreaAlert& a, const TimelineEvent& e, const ServiceRequest& r) {
  OutboxMessage m = Email("alert_new", a.address, a.lang);
  m.key = EventKey(e.id, "email.alert." + std::to_string(a.id));
  AlertFacts(m, a);
  AddPublicFacts(m, r);
  m.Set("requested_at", FormatUtc(r.requested_at));
  return m;
}

OutboxMessage AlertDigestMessage(const AreaAlert& a, const std::vector<ServiceRequest>& requests,
                                 Timestamp now) {
  OutboxMessage m = Email("alert_digest", a.address, a.lang);
  m.key =
      "alert." + std::to_string(a.id) + ".digest." + std::to_string(now.time_since_epoch().count());
  AlertFacts(m, a);
  m.Set("count", static_cast<std::int64_t>(requests.size()));
  // The list travels as one JSON array in a text field (the payload is a flat object); the
  // renderer unpacks it into `items` for the templates.
  std::string items = "[";
  for (size_t i = 0; i < requests.size() && i < kDigestListed; ++i) {
    const ServiceRequest& r = requests[i];
    if (i > 0) items += ',';
    items += JsonStringObject({{"service_request_id", std::to_string(r.id)},
                               {"service_name", r.service_name},
                               {"address", r.address},
                               {"state", std::string(StateName(r.state))},
                               {"requested_at", FormatUtc(r.requested_at)}});
  }
  items += ']';
  m.Set("items", items);
  return m;
}

}  // namespace civic311
