// Internal to the admin screens: one handler per page or action (admin.hpp lists the routes).
#pragma once

#include "adapters/web/admin/admin.hpp"
#include "http/api/message.hpp"

namespace civic311::admin {

using A = AdminDeps;

http::Response GetOverview(const A& d, const http::Request& req);
http::Response GetVersion(const A& d, const http::Request& req);
http::Response PostRevert(const A& d, const http::Request& req);
http::Response GetDocument(const A& d, const http::Request& req);
http::Response PostDocument(const A& d, const http::Request& req);
http::Response GetRoute(const A& d, const http::Request& req);
http::Response GetSection(const A& d, const http::Request& req);
http::Response GetEntry(const A& d, const http::Request& req);
http::Response PostEntry(const A& d, const http::Request& req);
http::Response PostDelete(const A& d, const http::Request& req);
http::Response GetUsers(const A& d, const http::Request& req);
http::Response PostUserState(const A& d, const http::Request& req);

// Lines of a unified diff from `before` to `after` (dtl), for the version page.
struct DiffLine {
  char kind;  // '+', '-', ' ' or '@' (a hunk header)
  std::string text;
};
std::vector<DiffLine> LineDiff(const std::string& before, const std::string& after);

}  // namespace civic311::admin
