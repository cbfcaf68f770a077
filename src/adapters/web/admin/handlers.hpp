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
http::Response GetUserNew(const A& d, const http::Request& req);
http::Response PostUserNew(const A& d, const http::Request& req);
http::Response GetUserEdit(const A& d, const http::Request& req);
http::Response PostUserEdit(const A& d, const http::Request& req);
http::Response GetKeys(const A& d, const http::Request& req);
http::Response PostKey(const A& d, const http::Request& req);
http::Response PostKeyRevoke(const A& d, const http::Request& req);
http::Response GetArticles(const A& d, const http::Request& req);
http::Response GetArticleNew(const A& d, const http::Request& req);
// Both languages of one article side by side (article_pair_handlers.cpp); the one-language
// address redirects there.
http::Response GetArticlePair(const A& d, const http::Request& req);
http::Response PostArticlePair(const A& d, const http::Request& req);
http::Response GetArticleOneLanguage(const A& d, const http::Request& req);
http::Response PostArticle(const A& d, const http::Request& req);
http::Response PostArticlePublish(const A& d, const http::Request& req);
http::Response GetOutbox(const A& d, const http::Request& req);
http::Response PostOutboxRetry(const A& d, const http::Request& req);
http::Response PostOutboxRetryAll(const A& d, const http::Request& req);
http::Response GetCrews(const A& d, const http::Request& req);
http::Response PostCrew(const A& d, const http::Request& req);
http::Response PostCrewUpdate(const A& d, const http::Request& req);

// How a recipient is shown to admins: e-mail "a…@example.org", a number "…42", a webhook's
// endpoint name as is.
std::string MaskRecipient(std::string_view kind, std::string_view recipient);

// Lines of a unified diff from `before` to `after` (dtl), for the version page.
struct DiffLine {
  char kind;  // '+', '-', ' ' or '@' (a hunk header)
  std::string text;
};
std::vector<DiffLine> LineDiff(const std::string& before, const std::string& after);

}  // namespace civic311::admin
