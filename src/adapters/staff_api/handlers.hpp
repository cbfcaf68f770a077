// One handler per staff API endpoint (see routes.hpp).
#pragma once

#include "adapters/staff_api/routes.hpp"
#include "http/api/message.hpp"

namespace civic311::staff_api {

http::Response PostAuthToken(AuthService& auth, const http::Request& req);
http::Response GetRequests(const StaffApiDeps& d, const http::Request& req);
http::Response GetRequest(const StaffApiDeps& d, const http::Request& req);
http::Response PostRequest(const StaffApiDeps& d, const http::Request& req);
http::Response PostAction(const StaffApiDeps& d, const http::Request& req);
http::Response PostWorkOrder(const StaffApiDeps& d, const http::Request& req);
http::Response PutWorkOrder(const StaffApiDeps& d, const http::Request& req);
http::Response GetOpenApi(const http::Request& req);

}  // namespace civic311::staff_api
