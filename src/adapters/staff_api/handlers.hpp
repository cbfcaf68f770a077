// One handler per staff API endpoint (see routes.hpp).
#pragma once

#include "adapters/staff_api/routes.hpp"
#include "http/api/message.hpp"

namespace civic311::staff_api {

// The actor of "Authorization: Bearer TOKEN", or of the session cookie (then, for methods other
// than GET/HEAD/OPTIONS, only with the session's CSRF token in X-CSRF-Token or csrf_token:
// kPermissionDenied otherwise). kUnauthenticated without a valid token.
Result<Actor> SignedIn(const StaffApiDeps& d, const http::Request& req);

// Asynchronous handlers (they answer through `reply`, see http::AsyncHandler): each checks a
// password or hashes one, which waits for AuthService's hashing pool, not on a request worker.
void PostAuthToken(const StaffApiDeps& d, const http::Request& req, http::Responder reply);
void PostSession(const StaffApiDeps& d, const http::Request& req, http::Responder reply);
void PostPasswordResetConfirm(const StaffApiDeps& d, const http::Request& req,
                              http::Responder reply);
void PostTotp(const StaffApiDeps& d, const http::Request& req, http::Responder reply);
// Answers 202 first, then looks the address up and writes the reset: the answer takes the same
// time whether or not the address has an account.
void PostPasswordReset(const StaffApiDeps& d, const http::Request& req, http::Responder reply);

http::Response GetMe(const StaffApiDeps& d, const http::Request& req);
http::Response PatchMe(const StaffApiDeps& d, const http::Request& req);
http::Response GetMyAlerts(const StaffApiDeps& d, const http::Request& req);
http::Response PutMyAlerts(const StaffApiDeps& d, const http::Request& req);
http::Response PostLogout(const StaffApiDeps& d, const http::Request& req);
http::Response DeleteSession(const StaffApiDeps& d, const http::Request& req);
http::Response PutFollow(const StaffApiDeps& d, const http::Request& req);
http::Response DeleteFollow(const StaffApiDeps& d, const http::Request& req);
http::Response GetAudit(const StaffApiDeps& d, const http::Request& req);
http::Response GetCrews(const StaffApiDeps& d, const http::Request& req);
http::Response GetRequests(const StaffApiDeps& d, const http::Request& req);
http::Response GetRequest(const StaffApiDeps& d, const http::Request& req);
http::Response PostRequest(const StaffApiDeps& d, const http::Request& req);
http::Response PostAction(const StaffApiDeps& d, const http::Request& req);
http::Response PostEmergency(const StaffApiDeps& d, const http::Request& req);
http::Response GetRequestTemplates(const StaffApiDeps& d, const http::Request& req);
http::Response PostWorkOrder(const StaffApiDeps& d, const http::Request& req);
http::Response PutWorkOrder(const StaffApiDeps& d, const http::Request& req);
http::Response PatchWorkOrder(const StaffApiDeps& d, const http::Request& req);
http::Response GetOpenApi(const http::Request& req);

}  // namespace civic311::staff_api
