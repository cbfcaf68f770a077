// Transport-neutral HTTP request and response, as handlers see them. The http layer fills these
// from Beast; handlers never include Beast. Knows nothing of 311.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civic311::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

// A file part of a multipart/form-data body (RFC 7578 §4.2: a part with a filename). Its bytes
// stay in Request::body: read them with Request::FileData (no copy of a large upload).
struct UploadedFile {
  std::string name;          // the form field name ("media")
  std::string filename;      // as the client sent it: untrusted, for display at most
  std::string content_type;  // as the client claimed it: untrusted (sniff the bytes instead)
  std::size_t offset = 0;    // into Request::body
  std::size_t size = 0;
};

struct Request {
  Method method = Method::kGet;
  std::string path;    // percent-decoded path, no query string: "/open311/v2/requests.json"
  std::string target;  // raw request-target as received
  // Query-string and (for application/x-www-form-urlencoded or multipart/form-data bodies)
  // form parameters, decoded, in order, repeated keys kept ("attribute[X][]=a&…").
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> form;
  std::vector<UploadedFile> files;  // multipart/form-data file parts, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string content_type;              // lower-cased media type without parameters
  std::string client_ip;                 // after trusted-proxy X-Forwarded-For processing
  bool secure = false;                   // TLS, directly or via a trusted proxy's X-Forwarded-Proto
  std::string request_id;                // also in the access log and error logs
  std::vector<std::string> path_params;  // captures of the matched route, in order

  // First value of a header (name lower-case) or empty.
  std::string_view Header(std::string_view name) const;
  // First value of a query or form parameter (query first) or empty. Empty values count as absent.
  std::string_view Param(std::string_view name) const;
  // All values of a parameter from query and form, in order.
  std::vector<std::string_view> Params(std::string_view name) const;
  // The value of cookie `name` from the Cookie header(s) (RFC 6265 "a=b; c=d"; surrounding
  // double quotes removed), or empty.
  std::string_view Cookie(std::string_view name) const;
  // The bytes of one of this request's files.
  std::string_view FileData(const UploadedFile& f) const {
    return std::string_view(body).substr(f.offset, f.size);
  }
  // The files of form field `name`, in order.
  std::vector<const UploadedFile*> Files(std::string_view name) const;
};

class ResponseStream;  // http/api/stream.hpp

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  // The route label for metrics, set by the transport: a view of the router's label or of a
  // constant, never of a temporary (the router outlives every response it labels).
  std::string_view route;
  // Set: the body is streamed (Server-Sent Events) — `body` is ignored, the head carries no
  // Content-Length and the connection closes when the stream ends (http/api/stream.hpp).
  std::shared_ptr<ResponseStream> stream;

  void SetHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// A handler that answers before it returns. It runs on a worker thread and may block on the
// database (briefly: a worker it holds is a worker no one else has).
using Handler = std::function<Response(const Request&)>;

// The reply slot of an asynchronous handler: a copyable handle to one response. The first Send()
// delivers it to the transport; later calls are ignored. If every copy is destroyed without a
// Send(), the transport answers 500 ("internal error"), so a handler that loses its reply can
// never leave a client waiting forever.
// Thread-safety: copies may be sent or destroyed from any thread.
class Responder {
 public:
  using Deliver = std::function<void(Response)>;
  // `deliver` receives exactly one response: the first one sent, or on_drop()'s if none is.
  // Both run on the thread that sends (or drops the last copy); they must not throw.
  Responder(Deliver deliver, std::function<Response()> on_drop);
  void Send(Response response) const;
  bool sent() const;

 private:
  struct Slot;
  std::shared_ptr<Slot> slot_;
};

// A handler that answers later, from any thread: for work that must not hold a request worker
// while it waits (Argon2id password hashing waits for its own bounded pool, see
// app/auth_service.hpp). It is called on a worker thread, must return promptly, and answers with
// reply.Send(). `req` stays valid until Send() is called and not a moment longer: copy what the
// work needs before it leaves the worker. The transport is unchanged for the client: the
// connection simply waits for the reply (under no deadline of its own: the work must finish).
using AsyncHandler = std::function<void(const Request& req, Responder reply)>;

}  // namespace civic311::http
