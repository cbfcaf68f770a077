// One handler per Open311 endpoint (see routes.hpp). Each reads the format from the last path
// capture, checks its parameters, calls RequestService and renders the answer or the error list.
#pragma once

#include "app/media_service.hpp"
#include "app/request_service.hpp"
#include "http/api/message.hpp"

namespace civic311::open311 {

http::Response GetDiscovery(RequestService& svc, const http::Request& req);
http::Response GetServiceList(RequestService& svc, const http::Request& req);
http::Response GetServiceDefinition(RequestService& svc, const http::Request& req);
// media: may be null (file parts are then ignored, as before uploads were supported).
http::Response PostServiceRequest(RequestService& svc, const http::Request& req,
                                  MediaService* media = nullptr);
http::Response GetServiceRequests(RequestService& svc, const http::Request& req);
http::Response GetServiceRequest(RequestService& svc, const http::Request& req);
http::Response GetRequestIdFromToken(RequestService& svc, const http::Request& req);

// The GeoReport v2 endpoint URL for discovery: City::base_url + "/open311/v2" when configured,
// else built from the request's Host header and `secure` flag (an implausible Host falls back
// to the relative "/open311/v2", so a forged header cannot inject text).
std::string EndpointUrl(const City& city, const http::Request& req);

}  // namespace civic311::open311
