#include "http/dispatch.hpp"

#include <exception>
#include <future>
#include <optional>

#include "base/log.hpp"
#include "http/form_decode.hpp"
#include "http/multipart.hpp"
#include "http/wire.hpp"

namespace civic311::http {
namespace {

// Access-Control-Max-Age for preflight answers: browsers cap it anyway (Chromium: 2 h).
constexpr const char* kPreflightMaxAge = "86400";

void FillClient(const DispatchContext& ctx, const Peer& peer, Request& req) {
  if (ctx.proxies == nullptr || ctx.proxies->empty()) {
    req.client_ip = peer.text;
    return;
  }
  std::string forwarded_for;
  std::string_view forwarded_proto;
  for (const auto& [name, value] : req.headers) {
    if (name == "x-forwarded-for") {
      if (!forwarded_for.empty()) forwarded_for.push_back(',');
      forwarded_for += value;
    } else if (name == "x-forwarded-proto") {
      forwarded_proto = value;
    }
  }
  ClientInfo info =
      ResolveClient(*ctx.proxies, peer.address, peer.text, forwarded_for, forwarded_proto);
  req.client_ip = std::move(info.ip);
  req.secure = info.secure;
}

void FillContentType(Request& req) {
  std::string_view value = req.Header("content-type");
  if (value.empty()) return;
  size_t semi = value.find(';');
  std::string_view type = value.substr(0, semi);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  req.content_type.assign(type);
  AsciiLower(&req.content_type);
}

bool HasBodyParams(Method m) {
  return m == Method::kPost || m == Method::kPut || m == Method::kPatch;
}

Status DecodeBody(Request& req) {
  if (!HasBodyParams(req.method)) return OkStatus();
  if (req.content_type == "application/x-www-form-urlencoded") {
    return ParseUrlEncoded(req.body, "form body", &req.form);
  }
  if (req.content_type == "multipart/form-data") {
    MediaType mt = ParseMediaType(req.Header("content-type"));
    std::string_view boundary;
    for (const auto& [k, v] : mt.params)
      if (k == "boundary") boundary = v;
    return ParseMultipartFormData(req.body, boundary, &req.form, &req.files);
  }
  return OkStatus();
}

// "GET, HEAD, POST, OPTIONS": the router's methods, HEAD wherever GET is, OPTIONS always.
std::string AllowHeader(const Router::Match& m) {
  bool has[8] = {};
  for (int i = 0; i < 8; ++i) has[i] = m.Allows(static_cast<Method>(i));
  if (has[static_cast<int>(Method::kGet)]) has[static_cast<int>(Method::kHead)] = true;
  has[static_cast<int>(Method::kOptions)] = true;
  std::string out;
  for (Method method : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                        Method::kDelete, Method::kOptions}) {
    if (!has[static_cast<int>(method)]) continue;
    if (!out.empty()) out += ", ";
    out += MethodName(method);
  }
  return out;
}

Response Preflight(std::string allow) {
  Response r;
  r.status = 204;
  r.content_type.clear();
  r.SetHeader("Allow", allow);
  r.SetHeader("Access-Control-Allow-Origin", "*");
  r.SetHeader("Access-Control-Allow-Methods", std::move(allow));
  r.SetHeader("Access-Control-Allow-Headers", "Content-Type, Authorization, X-Request-Id");
  r.SetHeader("Access-Control-Max-Age", kPreflightMaxAge);
  r.route = kUnmatchedRoute;
  return r;
}

// A handler's answer, checked: an out-of-range status becomes a 500.
Response Checked(const DispatchContext& ctx, std::string_view label, const Request& req,
                 Response resp) {
  if (resp.status >= 200 && resp.status <= 599) return resp;
  Log(LogLevel::kError, "handler returned an invalid status",
      {{"request_id", req.request_id}, {"route", label}, {"status", std::to_string(resp.status)}});
  return RenderError(ctx, 500, "internal error", req);
}

void LogThrown(std::string_view label, const Request& req, const char* what) {
  Log(LogLevel::kError, "handler threw",
      {{"request_id", req.request_id}, {"route", label}, {"error", what}});
}

Response RunHandler(const DispatchContext& ctx, const Handler& handler, std::string_view label,
                    const Request& req) {
  try {
    return Checked(ctx, label, req, handler(req));
  } catch (const std::exception& e) {
    LogThrown(label, req, e.what());
  } catch (...) {
    LogThrown(label, req, "non-standard exception");
  }
  return RenderError(ctx, 500, "internal error", req);
}

// Runs an asynchronous handler. Its answer (or the 500 for a dropped reply or an exception before
// the answer) reaches `done` with the route label set; whichever comes first wins.
void RunAsyncHandler(const DispatchContext& ctx, const AsyncHandler& handler,
                     std::string_view label, const Request& req, Completion done) {
  auto finish = std::make_shared<Completion>(std::move(done));
  Responder reply(
      [ctx, label, &req, finish](Response r) {
        r = Checked(ctx, label, req, std::move(r));
        r.route = label;
        (*finish)(std::move(r));
      },
      [ctx, label, &req] {
        Log(LogLevel::kError, "asynchronous handler dropped its reply",
            {{"request_id", req.request_id}, {"route", label}});
        return RenderError(ctx, 500, "internal error", req);
      });
  try {
    handler(req, reply);
    return;
  } catch (const std::exception& e) {
    LogThrown(label, req, e.what());
  } catch (...) {
    LogThrown(label, req, "non-standard exception");
  }
  reply.Send(RenderError(ctx, 500, "internal error", req));  // ignored if it had answered
}

}  // namespace

Response RenderError(const DispatchContext& ctx, int status, const std::string& message,
                     const Request& req) {
  Response r;
  bool rendered = false;
  if (ctx.error_renderer != nullptr && *ctx.error_renderer) {
    try {
      r = (*ctx.error_renderer)(status, message, req);
      rendered = r.status >= 200 && r.status <= 599;
    } catch (const std::exception& e) {
      Log(LogLevel::kError, "error renderer threw",
          {{"request_id", req.request_id}, {"error", e.what()}});
    } catch (...) {
      Log(LogLevel::kError, "error renderer threw", {{"request_id", req.request_id}});
    }
  }
  if (!rendered) r = DefaultErrorResponse(status, message);
  r.route = kUnmatchedRoute;
  return r;
}

namespace {

// Everything up to the handler: the response for requests no handler will see, or nullopt with
// `m` the route to run.
std::optional<Response> Route(const DispatchContext& ctx, const Peer& peer, Request& req,
                              Router::Match& m) {
  FillClient(ctx, peer, req);
  FillContentType(req);
  std::string_view raw_path, raw_query;
  if (!SplitTarget(req.target, &raw_path, &raw_query)) {
    return RenderError(ctx, 400, "invalid request target", req);
  }
  if (Status s = DecodePath(raw_path, &req.path); !s) {
    return RenderError(ctx, 400, s.error().message, req);
  }
  // The query is decoded before routing so that the error renderer of an unrouted request (404,
  // 405) sees it too (a page's ?lang= chooses the language of its error page). A bad query keeps
  // the parameters before the bad one, for the renderer only: no handler runs then.
  Status decoded = ParseUrlEncoded(raw_query, "query string", &req.query);
  m = ctx.router->Find(req.method, req.path, &req.path_params);
  if (!m.found()) {
    if (!m.path_matched) return RenderError(ctx, 404, "not found", req);
    std::string allow = AllowHeader(m);
    if (req.method == Method::kOptions) return Preflight(std::move(allow));
    Response r = RenderError(ctx, 405, "method not allowed", req);
    r.SetHeader("Allow", std::move(allow));
    return r;
  }
  if (decoded) decoded = DecodeBody(req);
  if (!decoded) {
    Response r = RenderError(ctx, 400, decoded.error().message, req);
    r.route = m.label;
    return r;
  }
  return std::nullopt;
}

}  // namespace

void Dispatch(const DispatchContext& ctx, const Peer& peer, Request& req, Completion done) {
  Router::Match m;
  if (std::optional<Response> early = Route(ctx, peer, req, m)) {
    done(std::move(*early));
    return;
  }
  if (m.async_handler != nullptr) {
    RunAsyncHandler(ctx, *m.async_handler, m.label, req, std::move(done));
    return;
  }
  Response resp = RunHandler(ctx, *m.handler, m.label, req);
  resp.route = m.label;
  done(std::move(resp));
}

Response Dispatch(const DispatchContext& ctx, const Peer& peer, Request& req) {
  auto answer = std::make_shared<std::promise<Response>>();
  std::future<Response> got = answer->get_future();
  Dispatch(ctx, peer, req, [answer](Response r) { answer->set_value(std::move(r)); });
  return got.get();
}

Response DispatchTransportError(const DispatchContext& ctx, const Peer& peer, int status,
                                const std::string& message, Request& req) {
  FillClient(ctx, peer, req);
  FillContentType(req);
  std::string_view raw_path, raw_query;
  if (req.path.empty() && SplitTarget(req.target, &raw_path, &raw_query)) {
    if (!DecodePath(raw_path, &req.path)) req.path.clear();
    // The renderer may read the query (?lang=); a malformed part is left out, not an error.
    if (req.query.empty()) (void)ParseUrlEncoded(raw_query, "query string", &req.query);
  }
  return RenderError(ctx, status, message, req);
}

}  // namespace civic311::http
