// POST /api/v1/auth/token
#include "adapters/staff_api/handlers.hpp"
#include "adapters/staff_api/json_io.hpp"
#include "base/time_format.hpp"

namespace civic311::staff_api {

void PostAuthToken(const StaffApiDeps& d, const http::Request& req, http::Responder reply) {
  auto creds = CredentialsFrom(req);
  if (!creds.ok()) return reply.Send(ErrorResponse(creds.error(), req));
  // `req` is valid until reply.Send(): the callback builds the answer from it, then sends.
  d.auth->LoginAsync(std::move(*creds), [&req, reply](Result<IssuedToken> issued) {
    if (!issued.ok()) return reply.Send(ErrorResponse(issued.error(), req));
    reply.Send(JsonResponse(200, boost::json::object{{"token", issued->token},
                                                     {"token_type", "Bearer"},
                                                     {"expires_at", FormatUtc(issued->expires_at)},
                                                     {"user", UserJson(issued->user)}}));
  });
}

}  // namespace civic311::staff_api
