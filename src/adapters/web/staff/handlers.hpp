// Internal to the console: one handler per page or action (console.hpp lists the routes).
#pragma once

#include <memory>

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
http::Response GetRequestDesk(const D& d, const http::Request& req);
http::Response PostRequestAction(const D& d, const http::Request& req);
http::Response GetDesk(const D& d, const http::Request& req);
http::Response GetDeskAnswers(const D& d, const http::Request& req);
http::Response PostAnswered(const D& d, const http::Request& req);
http::Response PostDeskCreate(const D& d, const http::Request& req);
http::Response GetForgot(const D& d, const http::Request& req);
void PostForgot(const D& d, const http::Request& req, http::Responder reply);
void PostReset(const D& d, const http::Request& req, http::Responder reply);
// Streams (Server-Sent Events) outlive the call: the subscriber keeps the deps alive.
http::Response GetLive(const std::shared_ptr<const D>& deps, const http::Request& req);

}  // namespace civic311::console
