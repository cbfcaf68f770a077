// SubmitRequest: the one use case that files a new service request, whatever the front door —
// Open311 POST requests, the staff API (on behalf of a caller, internal requests, a resident's
// own report) and the resident portal all end here, so validation, routing, the expected date,
// the token and the records written with the request can never drift apart again.
//
// Run() validates (ValidateSubmission: errors and their order), refuses services that take no
// reports (Service::takes_reports false: the notice points elsewhere), routes (RouteRequest),
// stamps requested/updated times, computes expected_at on the city calendar from the service's
// SLA, issues a random 20-byte token, records the reporter's language, and stores the request
// durably — with the workflow store: the request, its "created" event, the audit entry and the
// webhook outbox message in ONE transaction. Returns only once the request is committed.
// Permission is the caller's business (WorkflowService checks it before calling).
//
// Ownership: holds the city (shared) and references to the stores and clock, which must outlive
// it. Thread-safety: safe from many threads (no mutable state; the stores are). Blocks on the
// stores: call from worker threads.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/geocoder.hpp"
#include "app/media_ports.hpp"
#include "app/ports.hpp"
#include "app/workflow_ports.hpp"
#include "base/clock.hpp"
#include "domain/city.hpp"
#include "domain/live_city.hpp"
#include "domain/validation.hpp"

namespace civic311 {

// What Submit produced: the stored request and what to tell the submitter.
struct SubmitOutcome {
  ServiceRequest request;  // as stored: id assigned, token, department, expected_at set
  ServiceType service_type = ServiceType::kRealtime;  // batch: answer with the token, else the id
  std::string service_notice;  // the service's notice; never empty for emergencies
};

// Who files the request and what else its creation records.
struct SubmitContext {
  UserId actor_user_id = 0;                 // recorded on the "created" event; 0: anonymous/API
  std::optional<UserId> reporter_user_id;   // a signed-in resident filing their own report
  std::optional<std::string> internal_for;  // internal request raised for this department
  std::string audit_action;                 // non-empty: an audit entry with this action
  std::string locale;                       // the reporter's language; empty: unknown
  std::vector<MediaItem> media;             // stored photos/videos, linked in the same transaction
  // An internal request raised from another request's desk: that request (linked in the same
  // transaction, WorkflowStore::ListRaisedFrom).
  std::optional<RequestId> raised_from;
};

class SubmitRequest {
 public:
  // timeline: when set, the request is written with its records in one transaction
  // (WorkflowStore::CreateRequest); null: the request alone (tools and tests without workflow).
  SubmitRequest(CitySource city, RequestStore& store, WorkflowStore* timeline, const Clock& clock);

  Result<SubmitOutcome> Run(const SubmissionInput& input, const SubmitContext& context) const;

  // The city's gazetteer: a submission with an address but no point gets the address's point
  // when the gazetteer knows it well (ConfidentPlace), marked location_approximate. Null: none.
  // Set before serving; `geocoder` must outlive this object.
  void set_geocoder(Geocoder* geocoder) { geocoder_ = geocoder; }

  // 20 random bytes: 32 base32 characters, 160 bits — unguessable, so a token is as good as a
  // capability for "which id did my batch request get".
  static constexpr std::size_t kTokenBytes = 20;

 private:
  CitySource city_;
  RequestStore& store_;
  WorkflowStore* timeline_;
  const Clock& clock_;
  Geocoder* geocoder_ = nullptr;
};

}  // namespace civic311
