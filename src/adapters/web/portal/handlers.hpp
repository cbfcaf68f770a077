// Internal to the portal: one handler per page (portal.hpp lists the routes).
#pragma once

#include "adapters/web/portal/portal.hpp"
#include "http/api/message.hpp"

namespace civic311::portal {

using D = PortalDeps;

http::Response GetHome(const D& d, const http::Request& req);
http::Response GetReportStep(const D& d, const http::Request& req);  // GET/POST /report/{step}
http::Response PostReportSubmit(const D& d, const http::Request& req);
http::Response GetReportSent(const D& d, const http::Request& req);
http::Response GetPlaces(const D& d, const http::Request& req);
http::Response GetDraftPhoto(const D& d, const http::Request& req);
http::Response GetRequestPage(const D& d, const http::Request& req);
http::Response PostRequestAction(const D& d, const http::Request& req);  // follow, info, reopen
http::Response GetRequestList(const D& d, const http::Request& req);
http::Response GetFindRequest(const D& d, const http::Request& req);
http::Response GetKudos(const D& d, const http::Request& req);
http::Response PostKudos(const D& d, const http::Request& req);
http::Response GetAnswers(const D& d, const http::Request& req);
http::Response GetAnswer(const D& d, const http::Request& req);
http::Response GetSuggest(const D& d, const http::Request& req);
http::Response GetAccount(const D& d, const http::Request& req);
void PostSignIn(const D& d, const http::Request& req, http::Responder reply);
http::Response PostSignOut(const D& d, const http::Request& req);
http::Response GetRegister(const D& d, const http::Request& req);
void PostRegister(const D& d, const http::Request& req, http::Responder reply);
http::Response GetConfirm(const D& d, const http::Request& req);
http::Response PostConfirm(const D& d, const http::Request& req);
http::Response GetStatic(const D& d, const http::Request& req);
http::Response GetManifest(const D& d, const http::Request& req);
http::Response GetServiceWorker(const D& d, const http::Request& req);
http::Response GetTheme(const D& d, const http::Request& req);

// Services matching what a resident typed ("my trash wasn't picked up" → Missed trash pickup):
// words of 3+ letters that are not common words, compared by their first 4 letters with the
// service's name, keywords, group and description; best first.
std::vector<const Service*> MatchServices(const City& city, std::string_view query);

}  // namespace civic311::portal
