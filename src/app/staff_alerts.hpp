// Staff alerts (docs/notifications.md, "Staff alerts"): what a member of staff hears of new
// requests in their departments' queues — nothing, one e-mail per request ("immediate"), or one
// daily digest — and the digest sweep that writes the digests.
//
// The per-request alerts are written with the request (SubmitRequest asks the store who chose
// "immediate" before it files, and the e-mails are in the request's transaction). A digest is
// written by StaffDigestService::SendDue in one transaction with moving the person's digest
// start (WorkflowStore::RecordDigest, conditional): two sweepers, or a crash between two
// sweeps, never send one digest twice nor skip a request.
//
// Thread-safety: the functions are pure; StaffDigestService is safe from many threads (the
// store decides who sent a digest). SendDue blocks on the store.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "app/workflow_ports.hpp"
#include "base/clock.hpp"

namespace civic311 {

// The "new_request" e-mails of a new request (its "created" event as stored) to `to`: the
// request's facts a member of its department may see (never the reporter's details). Key
// "e<event>.email.staff.<user id>": one per person and request.
std::vector<OutboxMessage> NewRequestAlerts(const TimelineEvent& created, const ServiceRequest& r,
                                            const std::vector<AlertRecipient>& to);

class StaffDigestService {
 public:
  // `period`: how often a person gets a digest (a day). At most `max_items` requests are listed
  // in one digest (the count says how many there were).
  StaffDigestService(WorkflowStore& store, const Clock& clock,
                     std::chrono::seconds period = std::chrono::hours(24), int max_items = 100);

  // Writes every digest that is due: for each person whose digest started a period ago or
  // more, one "digest" e-mail listing the requests of their departments filed since (none:
  // no e-mail, the start still moves on). Returns how many e-mails it wrote.
  Result<int> SendDue();

 private:
  WorkflowStore& store_;
  const Clock& clock_;
  std::chrono::seconds period_;
  int max_items_;
};

}  // namespace civic311
