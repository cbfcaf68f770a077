// Internal to the console: one handler per page or action (console.hpp lists the routes).
#pragma once

#include "adapters/web/staff/console.hpp"
#include "http/api/message.hpp"

namespace civic311::console {

using D = ConsoleDeps;

http::Response GetSignIn(const D& d, const http::Request& req);
void PostSignIn(const D& d, const http::Request& req, http::Responder reply);
http::Response PostSignOut(const D& d, const http::Request& req);
http::Response GetHome(const D& d, const http::Request& req);
http::Response GetQueue(const D& d, const http::Request& req);
http::Response PostBulk(const D& d, const http::Request& req);
http::Response PostAlerts(const D& d, const http::Request& req);
http::Response GetRequestDesk(const D& d, const http::Request& req);
http::Response PostRequestAction(const D& d, const http::Request& req);
http::Response GetDesk(const D& d, const http::Request& req);
http::Response GetDeskAnswers(const D& d, const http::Request& req);
http::Response PostAnswered(const D& d, const http::Request& req);
http::Response PostDeskCreate(const D& d, const http::Request& req);
http::Response GetDashboard(const D& d, const http::Request& req);
http::Response GetDashboardCsv(const D& d, const http::Request& req);

}  // namespace civic311::console
