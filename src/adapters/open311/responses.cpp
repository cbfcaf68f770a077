#include "adapters/open311/responses.hpp"

#include <vector>

#include "adapters/open311/render.hpp"
#include "base/log.hpp"
#include "http/api/status.hpp"

namespace civic311::open311 {
namespace {

bool IsRead(const http::Request& req) {
  return req.method == http::Method::kGet || req.method == http::Method::kHead;
}

http::Response Errors(Format f, int status, const std::vector<std::string>& descriptions,
                      const http::Request& req) {
  std::string body;
  body.reserve(256);
  RenderErrors(f, status, descriptions, body);
  http::Response r = Document(f, status, std::move(body), req);
  if (status == 503) r.SetHeader("Retry-After", "1");
  return r;
}

}  // namespace

int HttpStatusOf(ErrorCode code) { return http::StatusForError(code); }

http::Response Document(Format f, int status, std::string body, const http::Request& req) {
  http::Response r;
  r.status = status;
  r.content_type = std::string(ContentTypeOf(f));
  r.body = std::move(body);
  if (IsRead(req)) r.SetHeader("Access-Control-Allow-Origin", "*");
  return r;
}

http::Response ErrorResponse(Format f, const Error& e, const http::Request& req) {
  const int status = HttpStatusOf(e.code);
  std::vector<std::string> descriptions;
  if (e.code == ErrorCode::kInternal) {
    Log(LogLevel::kError, "open311 request failed",
        {{"request_id", req.request_id}, {"path", req.path}, {"detail", e.detail}});
    descriptions.push_back(req.request_id.empty() ? "internal error"
                                                  : "internal error (request id " + req.request_id +
                                                        "; quote it when reporting the problem)");
  } else {
    if (e.code == ErrorCode::kUnavailable) {
      Log(LogLevel::kWarn, "open311 request unavailable",
          {{"request_id", req.request_id}, {"path", req.path}, {"detail", e.detail}});
    }
    for (const FieldError& fe : e.fields) descriptions.push_back(fe.field + ": " + fe.message);
    if (descriptions.empty()) descriptions.push_back(e.message);
  }
  return Errors(f, status, descriptions, req);
}

http::Response ErrorResponse(Format f, int status, const std::string& message,
                             const http::Request& req) {
  return Errors(f, status, {message}, req);
}

std::optional<Format> RequestFormat(const http::Request& req) {
  if (req.path_params.empty()) return std::nullopt;
  return ParseFormat(req.path_params.back());
}

std::string Excerpt(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  std::string out(s.substr(0, cut));
  out += "…";
  return out;
}

http::Response UnsupportedFormat(const http::Request& req) {
  std::string_view ext;  // (a ?: of "" and a std::string would dangle: a temporary string)
  if (!req.path_params.empty()) ext = req.path_params.back();
  return ErrorResponse(Format::kJson, 404,
                       "unsupported format '" + Excerpt(ext, 20) + "': ask for .json or .xml", req);
}

}  // namespace civic311::open311
