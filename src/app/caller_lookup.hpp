// CallerLookup: the call-centre desk's "who is calling?" — the requests a caller reported,
// found by the e-mail, phone number or name they give (docs/console.md, "The call-centre desk").
//
// Contact details are personal data: only actors whose role may see reporters' contact details
// (kViewContact, domain/policy.hpp) may search by them, only within the requests they may see
// them on (ScopeOf), and every request shown is read through WorkflowService::GetDetail, which
// checks the policy once more and writes the same "view_contact" audit entry as the request
// desk — one per request shown.
//
// Errors: kUnauthenticated (anonymous), kPermissionDenied (a role without kViewContact, or a
// resident), kInvalidArgument (the text is neither an e-mail, a phone number nor a name).
// Ownership: borrows the workflow and the store, which must outlive it. Thread-safety: as they.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "app/console_ports.hpp"
#include "app/workflow_service.hpp"

namespace civic311 {

// What the typed text asks for, normalised as the store's indexes are (migration 0017): an
// e-mail (has '@') lower-case; a phone number (7 to 15 digits, with spaces, dashes, dots,
// brackets or a leading '+' allowed) as its digits — a 10-digit number also as "1" + digits and
// an 11-digit one starting with 1 also without it (NANP); otherwise one or more words of
// letters as a name, lower-case (one word: first or last name; more: first and last). nullopt:
// none of these (empty, a tracking number, punctuation).
std::optional<ContactQuery> ParseContactQuery(std::string_view text);

class CallerLookup {
 public:
  CallerLookup(WorkflowService& workflow, CallerStore& callers)
      : workflow_(workflow), callers_(callers) {}

  // The caller's requests, newest first (at most `limit`, 1..50), each with its contact.
  Result<std::vector<RequestDetail>> Find(const Actor& actor, std::string_view text,
                                          int limit = 20);

  // Whether `actor` may look callers up at all (the desk shows the fields only then).
  static bool MayLookUp(const Actor& actor);

 private:
  WorkflowService& workflow_;
  CallerStore& callers_;
};

}  // namespace civic311
