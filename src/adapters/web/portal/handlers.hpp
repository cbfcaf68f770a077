// Internal to the portal: one handler per page (portal.hpp lists the routes).
#pragma once

#include <boost/json.hpp>

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

// The public list's filters (/requests and its feed /requests.atom): service, state
// (open|closed), area (one of the city's named areas), days (7|30|90), page. Unknown values are
// ignored, never echoed.
struct ListFilters {
  RequestQuery query;  // service, states and start set; limit/offset left to the caller
  std::string service, state;
  const Area* area = nullptr;  // in d.city; null: anywhere
  int window = 90;             // days
  int page = 1;
  std::string link_query;  // "service=…&state=…&area=…&days=…" of the recognised values
};
ListFilters ParseListFilters(const D& d, const http::Request& req, Timestamp now);
// The requests of `f` (its query's limit/offset as set): in its area, or anywhere.
Result<std::vector<ServiceRequest>> ListFiltered(const D& d, const ListFilters& f);

// Follows and area alerts (alert_pages.cpp, docs/portal.md).
http::Response PostFollowByEmail(const D& d, const http::Request& req, RequestId id);
// The status page's follow block: followers count, the e-mail follow form (view keys
// "followers", "follow_email_form", "follow_notice").
void AddFollowView(const D& d, const struct Visit& v, const http::Request& req,
                   const ServiceRequest& r, boost::json::object& view);
http::Response GetAccountAlerts(const D& d, const http::Request& req);
http::Response PostAccountAlerts(const D& d, const http::Request& req);  // create
http::Response PostAccountAlertDelete(const D& d, const http::Request& req);
http::Response PostAccountUnfollow(const D& d, const http::Request& req);
http::Response PostAccountPrefs(const D& d, const http::Request& req);
// Feeds (feed_pages.cpp): /requests.atom, /feeds/areas/{area}.atom, /alerts/{token}.atom.
http::Response GetRequestsFeed(const D& d, const http::Request& req);
http::Response GetAreaFeed(const D& d, const http::Request& req);
http::Response GetAlertFeed(const D& d, const http::Request& req);

// Services matching what a resident typed ("my trash wasn't picked up" → Missed trash pickup):
// words of 3+ letters that are not common words, compared by their first 4 letters with the
// service's name, keywords, group and description; best first.
std::vector<const Service*> MatchServices(const City& city, std::string_view query);

}  // namespace civic311::portal
