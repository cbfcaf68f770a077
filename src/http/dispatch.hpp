// Dispatch: what a worker thread does with one parsed request. Decodes the target, query and form,
// resolves the client address, routes, runs the handler, and turns routing failures, decoding
// errors and handler exceptions into the transport's error responses (via the error renderer).
// Handlers are synchronous (Handler: the answer is the return value) or asynchronous
// (AsyncHandler: the answer comes later through a Responder, from any thread), so the answer is
// delivered to a completion rather than returned.
//
// No sockets, no Asio executors: the Connection calls this on the worker pool, and tests call it
// directly. Never throws.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <functional>
#include <string>

#include "http/api/router.hpp"
#include "http/proxy.hpp"

namespace civic311::http {

using ErrorRenderer =
    std::function<Response(int status, const std::string& message, const Request& req)>;

struct DispatchContext {
  const Router* router = nullptr;
  const TrustedProxies* proxies = nullptr;
  const ErrorRenderer* error_renderer = nullptr;  // may point to an empty function
};

struct Peer {
  boost::asio::ip::address address;
  std::string text;  // address.to_string(), computed once per connection
};

using Completion = std::function<void(Response)>;

// Routes `req` (method, target, headers and body already filled by the parser; request_id set)
// and delivers the response to `done`, exactly once, with Response::route set ("unmatched" when
// no handler ran): before returning, or later from another thread when the route's handler is
// asynchronous. `req` and `ctx`'s pointees must stay valid until `done` runs. Fills req.path,
// query, form, content_type, client_ip, secure and path_params on the way.
void Dispatch(const DispatchContext& ctx, const Peer& peer, Request& req, Completion done);
// The same, waiting for an asynchronous handler's answer (tests).
Response Dispatch(const DispatchContext& ctx, const Peer& peer, Request& req);

// The response for a request the transport could not read (400, 408, 413, 431): fills what it
// can of `req` (path, query, client_ip, content_type) for the renderer, then renders the error.
// A query string's parameters that do not decode are left out (the error is the transport's).
Response DispatchTransportError(const DispatchContext& ctx, const Peer& peer, int status,
                                const std::string& message, Request& req);

// Renders one of the transport's own errors through the error renderer, falling back to the
// default JSON body if there is none or it throws. Response::route is "unmatched".
Response RenderError(const DispatchContext& ctx, int status, const std::string& message,
                     const Request& req);

// The route label used for requests that no handler served.
inline constexpr const char* kUnmatchedRoute = "unmatched";

}  // namespace civic311::http
