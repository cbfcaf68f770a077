#include "app/submit_request.hpp"

#include "app/request_events.hpp"
#include "app/staff_alerts.hpp"
#include "base/crypto.hpp"
#include "domain/routing.hpp"

namespace civic311 {
namespace {

const char kDefaultEmergencyNotice[] =
    "This may be an emergency. If anyone is in danger, call the emergency number now.";

// A language tag we keep: short, letters, digits and '-' only (it names a message file later).
std::string CleanLocale(std::string_view s) {
  if (s.empty() || s.size() > 16) return "";
  for (char c : s) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return "";
  }
  return std::string(s);
}

}  // namespace

SubmitRequest::SubmitRequest(CitySource city, RequestStore& store, WorkflowStore* timeline,
                             const Clock& clock)
    : city_(std::move(city)), store_(store), timeline_(timeline), clock_(clock) {}

Result<SubmitOutcome> SubmitRequest::Run(const SubmissionInput& input,
                                         const SubmitContext& context) const {
  const std::shared_ptr<const City> city = city_.Current();  // one snapshot per call
  auto validated = ValidateSubmission(input, *city);
  if (!validated.ok()) return std::move(validated).error();
  ServiceRequest r = std::move(validated).value();
  if (!r.lat && !r.lon && !r.address.empty() && geocoder_ != nullptr) {
    if (auto place = ConfidentPlace(*geocoder_, r.address)) {
      r.lat = place->lat;
      r.lon = place->lon;
      r.location_approximate = true;
    }
  }
  const Service* service = city->FindService(r.service_code);
  if (service == nullptr) return Error::Internal("validated service vanished: " + r.service_code);
  if (!service->takes_reports) {
    Error e = Error::InvalidField(
        "service_code", service->service_notice.empty()
                            ? "this service does not take reports"
                            : "this service does not take reports: " + service->service_notice);
    return e;
  }

  std::optional<LonLat> location;
  if (r.lat && r.lon) location = LonLat{*r.lon, *r.lat};
  auto routed = RouteRequest(*city, *service, location);
  if (!routed.ok()) return std::move(routed).error();
  r.department_code = std::move(routed->department_code);
  r.emergency = routed->emergency;
  if (context.internal_for) {
    r.internal = true;
    r.department_code = *context.internal_for;
    r.channel = Channel::kInternal;
  }
  r.state = RequestState::kSubmitted;
  r.requested_at = r.updated_at = clock_.Now();
  if (city->calendar) r.expected_at = city->calendar->Due(r.requested_at, service->sla);
  r.token = RandomToken(kTokenBytes);
  // One language per request (it chooses the language of every message to the reporter): the
  // door's explicit choice, else the submission's `locale` (Open311), both cleaned the same way.
  r.locale = CleanLocale(context.locale);
  if (r.locale.empty()) r.locale = r.contact.lang;
  if (!r.locale.empty()) {  // messages use the primary subtag: "es-MX" → "es"
    std::string primary = r.locale.substr(0, r.locale.find('-'));
    for (char& c : primary) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    r.contact.lang = std::move(primary);
  }

  Result<ServiceRequest> stored = Error::Internal("not stored");
  if (timeline_ != nullptr) {
    // The request, its "created" event, the audit entry and the webhook message: one
    // transaction, so receivers hear of every request and of nothing that was not stored, and no
    // request is ever stored without the record of who filed it.
    RequestChange change;
    change.events.push_back(CreatedEvent(r, context.actor_user_id));
    if (context.reporter_user_id) change.workflow.reporter_user_id = *context.reporter_user_id;
    if (!context.audit_action.empty()) {
      change.audit.push_back(AuditEntry{0, r.requested_at, context.actor_user_id,
                                        context.audit_action, r.department_code, std::nullopt, ""});
    }
    // Staff of the department who chose to hear of each new request (docs/notifications.md).
    auto alerted = timeline_->ListQueueAlertRecipients(r.department_code, QueueAlerts::kImmediate);
    if (!alerted.ok()) return std::move(alerted).error();
    change.make_outbox = [to = std::move(*alerted), city](
                             const ServiceRequest& filed,
                             const std::vector<TimelineEvent>& events) {
      std::vector<OutboxMessage> out = RequestNotices(filed, events, city->webhooks);
      for (OutboxMessage& m : NewRequestAlerts(events.front(), filed, to))
        out.push_back(std::move(m));
      return out;
    };
    change.media = context.media;
    change.raised_from = context.raised_from;
    stored = timeline_->CreateRequest(std::move(r), change);
  } else if (!context.media.empty()) {
    return Error::Internal("media given to SubmitRequest without a workflow store");
  } else {
    stored = store_.Create(std::move(r));
  }
  if (!stored.ok()) return std::move(stored).error();

  SubmitOutcome out;
  out.request = std::move(stored).value();
  out.service_type = service->type;
  out.service_notice = service->service_notice;
  if (out.request.emergency && out.service_notice.empty()) {
    out.service_notice = kDefaultEmergencyNotice;
  }
  return out;
}

}  // namespace civic311
