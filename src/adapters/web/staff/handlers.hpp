// Internal to the console: one handler per page or action (console.hpp lists the routes).
#pragma once

#include <boost/json.hpp>
#include <memory>

#include "adapters/web/staff/console.hpp"
#include "app/workflow_service.hpp"
#include "http/api/message.hpp"

namespace civic311::console {

using D = ConsoleDeps;
struct StaffVisit;  // console_page.hpp

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
http::Response PostDeskInfo(const D& d, const http::Request& req);
// The desk's look-up section (desk_lookup.cpp), added to the desk's view.
void AddDeskLookup(const D& d, const StaffVisit& s, const http::Request& req,
                   boost::json::object* view);
// Saved queue filters (saved_filters.cpp): the person's list added to the queue's view, and the
// save / delete actions.
void AddSavedFilters(const D& d, const StaffVisit& s, const http::Request& req,
                     boost::json::object* view);
http::Response PostSaveFilter(const D& d, const http::Request& req);
http::Response PostDeleteFilter(const D& d, const http::Request& req);
http::Response GetDashboard(const D& d, const http::Request& req);
http::Response GetDashboardCsv(const D& d, const http::Request& req);
http::Response PostPhotoVisibility(const D& d, const http::Request& req);
// The desk's photo list (desk_photos.cpp), added to the request desk's view.
void AddDeskPhotos(const D& d, const RequestDetail& detail, boost::json::object* view);
http::Response GetForgot(const D& d, const http::Request& req);
void PostForgot(const D& d, const http::Request& req, http::Responder reply);
void PostReset(const D& d, const http::Request& req, http::Responder reply);
// Streams (Server-Sent Events) outlive the call: the subscriber keeps the deps alive.
http::Response GetLive(const std::shared_ptr<const D>& deps, const http::Request& req);

}  // namespace civic311::console
