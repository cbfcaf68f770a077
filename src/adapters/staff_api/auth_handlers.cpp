// POST /api/v1/auth/token
#include "adapters/staff_api/handlers.hpp"
#include "adapters/staff_api/json_io.hpp"
#include "base/time_format.hpp"

namespace civic311::staff_api {

http::Response PostAuthToken(AuthService& auth, const http::Request& req) {
  auto body = ParseBody(req);
  if (!body.ok()) return ErrorResponse(body.error(), req);
  auto email = GetString(*body, "email");
  if (!email.ok()) return ErrorResponse(email.error(), req);
  auto password = GetString(*body, "password");
  if (!password.ok()) return ErrorResponse(password.error(), req);
  auto totp = GetString(*body, "totp");
  if (!totp.ok()) return ErrorResponse(totp.error(), req);
  Error missing = Error::InvalidArgument("email and password are required");
  if (!*email || (*email)->empty()) missing.fields.push_back({"email", "is required"});
  if (!*password || (*password)->empty()) missing.fields.push_back({"password", "is required"});
  if (!missing.fields.empty()) return ErrorResponse(missing, req);
  auto issued = auth.Login(**email, **password, totp->value_or(""));
  if (!issued.ok()) return ErrorResponse(issued.error(), req);
  return JsonResponse(200, boost::json::object{{"token", issued->token},
                                               {"token_type", "Bearer"},
                                               {"expires_at", FormatUtc(issued->expires_at)},
                                               {"user", UserJson(issued->user)}});
}

}  // namespace civic311::staff_api
