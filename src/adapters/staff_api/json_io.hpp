// The staff JSON API's wire format: errors, requests, timeline events, work orders, and the
// reading of JSON bodies. Only this adapter knows HTTP status codes for the staff API.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "app/auth_service.hpp"
#include "app/workflow_service.hpp"
#include "http/api/message.hpp"

namespace civic311::staff_api {

// 400 invalid argument (with "fields"), 401 unauthenticated, 403 permission denied, 404 not
// found, 409 conflict, 429 throttled sign-in, 503 unavailable, 500 internal.
int HttpStatusOf(const Error& e);
// {"error":{"message":…,"fields":[{"field":…,"message":…}]}}; never the detail. Retry-After
// when the error says when to try again.
http::Response ErrorResponse(const Error& e, const http::Request& req);
// 415 unless the request says its body is JSON (Content-Type: application/json, any
// parameters): endpoints that read a JSON body refuse anything else, so that a plain HTML form
// on another site (which can only send form encodings or text/plain without a CORS preflight)
// cannot drive them.
std::optional<http::Response> RequireJsonBody(const http::Request& req);
http::Response JsonResponse(int status, const boost::json::value& v);
// The same shape for an error of the transport (404 unknown route, 405, 413, …), for /api/ paths.
http::Response TransportErrorResponse(int status, const std::string& message,
                                      const http::Request& req);
// boost::json::serialize, but doubles as plain decimals ("42.35", never "4.235E1").
std::string SerializeJson(const boost::json::value& v);

// The request body as a JSON object, or kInvalidArgument.
Result<boost::json::object> ParseBody(const http::Request& req);
// Optional typed members: kInvalidArgument naming the field when present with the wrong type.
Result<std::optional<std::string>> GetString(const boost::json::object& o, std::string_view key);
Result<std::optional<std::int64_t>> GetInt(const boost::json::object& o, std::string_view key);
// A latitude or longitude: a JSON number or a decimal string, as decimal text.
Result<std::optional<std::string>> GetCoordinate(const boost::json::object& o,
                                                 std::string_view key);

// {email, password, totp?} of a sign-in body, with the client's address; kInvalidArgument with
// a field error for each missing or mistyped member.
Result<Credentials> CredentialsFrom(const http::Request& req);

// "Authorization: Bearer TOKEN" -> TOKEN, or empty.
std::string_view BearerToken(const http::Request& req);

// A positive id from a path capture.
std::optional<std::int64_t> PathId(std::string_view s);

boost::json::object RequestJson(const ServiceRequest& r, bool with_contact);
// `internal_fields`: the actor's id and the event's data (who did it, assignees, departments…),
// for those the policy lets see a request's internal side (RequestDetail::internal_visible).
boost::json::object EventJson(const TimelineEvent& e, bool internal_fields = true);
boost::json::object WorkOrderJson(const WorkOrder& w);
// An account as the API shows it: never the password hash or the TOTP secret.
boost::json::object UserJson(const User& u);
// An action on a request (POST /api/v1/requests/{id}/actions): strict types for every member;
// a note is internal unless "internal" is false (the flag fails closed).
Result<ActionInput> ActionFromJson(const boost::json::object& o);

// The editable members present in `o` (strict types: a member of the wrong type, a non-finite
// number, an unknown task shape is kInvalidArgument naming it).
Result<WorkOrderPatch> WorkOrderPatchFromJson(const boost::json::object& o);
// The editable members a PUT must carry, all of them (PUT replaces; PATCH merges).
inline constexpr const char* kWorkOrderMembers[] = {
    "crew",      "assignee_user_id", "tasks",           "scheduled_for", "labour_hours",
    "materials", "cost_cents",       "completion_note", "done"};
// A new work order (POST): the editable members present, plus department_code.
Result<WorkOrder> WorkOrderFromJson(const boost::json::object& o);

}  // namespace civic311::staff_api
