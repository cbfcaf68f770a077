#include "http/wire.hpp"

#include <boost/beast/http/status.hpp>
#include <charconv>
#include <ctime>

#include "base/log.hpp"
#include "http/form_decode.hpp"

namespace civic311::http {
namespace {

// IMF-fixdate (RFC 9110 §5.6.7), recomputed at most once a second per thread.
std::string_view HttpDate() {
  thread_local std::time_t cached_second = -1;
  thread_local char buf[40];
  thread_local std::size_t len = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    len = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached_second = now;
  }
  return {buf, len};
}

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsValidHeader(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name)
    if (!IsTokenChar(c)) return false;
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool IsFramingHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding") ||
         EqualsIgnoreCase(name, "connection");
}

void AppendNumber(std::string* out, std::uint64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out->append(buf, end);
}

}  // namespace

std::string_view ReasonPhrase(int status) {
  auto s = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  if (s.empty() || s.front() == '<') return "Unknown";
  return {s.data(), s.size()};
}

int AppendResponseHead(const Response& resp, const HeadOptions& opts, std::string* out) {
  out->append(opts.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  AppendNumber(out, static_cast<std::uint64_t>(resp.status));
  out->push_back(' ');
  out->append(ReasonPhrase(resp.status));
  out->append("\r\nServer: civic311\r\nDate: ");
  out->append(HttpDate());
  out->append("\r\n");
  if (!StatusHasNoBody(resp.status)) {
    if (!resp.content_type.empty() && IsValidHeader("Content-Type", resp.content_type)) {
      out->append("Content-Type: ");
      out->append(resp.content_type);
      out->append("\r\n");
    }
    if (!resp.stream) {  // a streamed body ends with the connection
      out->append("Content-Length: ");
      AppendNumber(out, resp.body.size());
      out->append("\r\n");
    }
  }
  if (!opts.request_id.empty()) {
    out->append("X-Request-Id: ");
    out->append(opts.request_id);
    out->append("\r\n");
  }
  if (!opts.keep_alive) {
    out->append("Connection: close\r\n");
  } else if (opts.version == 10) {
    out->append("Connection: keep-alive\r\n");
  }
  int dropped = 0;
  for (const auto& [name, value] : resp.headers) {
    if (!IsValidHeader(name, value) || IsFramingHeader(name)) {
      ++dropped;
      continue;
    }
    out->append(name);
    out->append(": ");
    out->append(value);
    out->append("\r\n");
  }
  out->append("\r\n");
  return dropped;
}

Response DefaultErrorResponse(int status, std::string_view message) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body.reserve(48 + message.size());
  r.body.append(R"({"error":{"status":)");
  AppendNumber(&r.body, static_cast<std::uint64_t>(status));
  r.body.append(R"(,"message":")");
  AppendJsonEscaped(r.body, message);
  r.body.append("\"}}");
  return r;
}

}  // namespace civic311::http
