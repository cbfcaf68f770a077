// The staff JSON API's wire format: errors, requests, timeline events, work orders, and the
// reading of JSON bodies. Only this adapter knows HTTP status codes for the staff API.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "app/workflow_service.hpp"
#include "http/api/message.hpp"

namespace civic311::staff_api {

// 400 invalid argument (with "fields"), 401 unauthenticated, 403 permission denied, 404 not
// found, 409 conflict, 429 throttled sign-in, 503 unavailable, 500 internal.
int HttpStatusOf(const Error& e);
// {"error":{"message":…,"fields":[{"field":…,"message":…}]}}; never the detail.
http::Response ErrorResponse(const Error& e, const http::Request& req);
http::Response JsonResponse(int status, const boost::json::value& v);

// The request body as a JSON object, or kInvalidArgument.
Result<boost::json::object> ParseBody(const http::Request& req);
// Optional typed members: kInvalidArgument naming the field when present with the wrong type.
Result<std::optional<std::string>> GetString(const boost::json::object& o, std::string_view key);
Result<std::optional<std::int64_t>> GetInt(const boost::json::object& o, std::string_view key);

// "Authorization: Bearer TOKEN" -> TOKEN, or empty.
std::string_view BearerToken(const http::Request& req);

// A positive id from a path capture.
std::optional<std::int64_t> PathId(std::string_view s);

boost::json::object RequestJson(const ServiceRequest& r, bool with_contact);
boost::json::object EventJson(const TimelineEvent& e);
boost::json::object WorkOrderJson(const WorkOrder& w);
// An account as the API shows it: never the password hash or the TOTP secret.
boost::json::object UserJson(const User& u);
Result<WorkOrder> WorkOrderFromJson(const boost::json::object& o);

}  // namespace civic311::staff_api
