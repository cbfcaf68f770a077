// Internal to the request desk (/staff/requests/{id}, docs/console.md "The request desk"): the
// page itself is request_desk.cpp; its sections beside the workflow's forms are built here —
// duplicate candidates (desk_duplicates.cpp), internal requests (desk_internal.cpp), work orders
// (desk_work.cpp) and the counts and clock (desk_sections.cpp). Each builder adds template data
// to the page's view; failures of a side section leave it out (the page still works). Every
// action goes through WorkflowService, so the policy and the audit are the workflow's.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/handlers.hpp"

namespace civic311::console {

// The desk with a problem to show beside its forms: `status` (4xx), `error` (safe to show) and
// the text the person typed, kept. `kept_form` names the form the problem belongs to (its id
// without "-form"), so the page opens it.
struct DeskProblem {
  int status = 200;
  std::string error;
  boost::json::array conflict;  // the other person's events the form did not know about
  std::string kept_text;
  std::string kept_action;
  std::string kept_form;
  // A work-order form that failed: {"wid": its order (0: the new one), "typed": {field: text},
  // "errors": {"err_<field>": problem}}. Empty: none.
  boost::json::object work;
  // The internal-request form that failed: {"department", "service", "attributes": [[code,
  // value]…], "errors": {"attribute[CODE]": problem}}. Empty: none.
  boost::json::object internal;
};
http::Response RenderDesk(const D& d, const StaffVisit& s, const http::Request& req, RequestId id,
                          DeskProblem problem);

// An error as one line for the page: its public message and each field's problem. And the HTTP
// status the page answers with.
std::string ProblemText(const Error& e);
int ProblemStatus(const Error& e);

// "Now" for page texts (ages, the clock).
Timestamp DeskNow();

// Nearby requests this one may duplicate (app/duplicate_candidates.hpp), with thumbnails,
// state and age; the radius from ?dup_radius= (metres; default and choices in docs/console.md).
void AddDuplicateCandidates(const D& d, const StaffVisit& s, const http::Request& req,
                            const ServiceRequest& r, boost::json::object* view);
// The internal requests raised from this one, and what the "ask another department" form needs.
// `kept`: the form that failed (DeskProblem::internal), shown as sent.
void AddInternalRequests(const D& d, const StaffVisit& s, const ServiceRequest& r,
                         const boost::json::object& kept, boost::json::object* view);
// The request's work orders, each with its edit form, and the people one may give work to
// (`people`: the view's list of the department's staff).
// `kept`: a work-order form that failed (DeskProblem::work), shown as typed with its problems.
void AddWorkOrders(const D& d, const StaffVisit& s, const RequestDetail& detail,
                   const boost::json::array& people, const boost::json::object& kept,
                   boost::json::object* view);
// Followers, "me too" supporters and the time the SLA clock has been stopped.
void AddCountsAndClock(const D& d, const StaffVisit& s, const RequestDetail& detail,
                       boost::json::object* view);

// The queue's crew filter (`crew_filter`: the crews of the departments the person works in,
// the one in ?crew= selected): requests with an unfinished work order for that crew
// (desk_crews.cpp). Nothing when no department of theirs has registered crews.
void AddCrewFilter(const D& d, const StaffVisit& s, const http::Request& req,
                   boost::json::object* view);

// POST /staff/requests/{id}/internal: raise an internal request for another department.
http::Response PostInternalRequest(const D& d, const http::Request& req);
// POST /staff/requests/{id}/work_orders: a new work order for the request.
http::Response PostWorkOrderCreate(const D& d, const http::Request& req);
// POST /staff/requests/{id}/work_orders/{wid}: the edit form of one work order.
http::Response PostWorkOrderUpdate(const D& d, const http::Request& req);

// Money in the city's currency as typed ("12", "12.5", "1,234.56") → cents; nullopt if it is not
// a non-negative amount with at most two decimals (back: FormatCents, app/work_orders.hpp).
std::optional<std::int64_t> ParseCents(std::string_view text);

}  // namespace civic311::console
