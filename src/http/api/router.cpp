#include "http/api/router.hpp"

#include <future>

namespace civic311::http {
namespace {

std::vector<std::string> SplitPattern(const std::string& p) {
  std::vector<std::string> parts;
  std::string cur;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '{') {
      if (!cur.empty()) parts.push_back(cur);
      size_t close = p.find('}', i);
      parts.push_back(p.substr(i, close - i + 1));
      cur.clear();
      i = close;
    } else {
      cur += p[i];
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  return parts;
}

bool IsCapture(const std::string& part) { return !part.empty() && part[0] == '{'; }

bool MatchParts(const std::vector<std::string>& parts, std::string_view path,
                std::vector<std::string>* params) {
  size_t pos = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (!IsCapture(part)) {
      if (path.compare(pos, part.size(), part) != 0) return false;
      pos += part.size();
      continue;
    }
    size_t seg_end = path.find('/', pos);
    if (seg_end == std::string_view::npos) seg_end = path.size();
    size_t end = seg_end;
    if (i + 1 < parts.size()) {
      const std::string& next = parts[i + 1];
      // The literal that follows may start with '/', ending the segment.
      if (next[0] == '/') {
        end = seg_end;
      } else {
        std::string_view seg = path.substr(pos, seg_end - pos);
        size_t at = seg.rfind(next.substr(0, next.find('/')));
        if (at == std::string_view::npos) return false;
        end = pos + at;
      }
    }
    if (end == pos) return false;  // captures are never empty
    params->emplace_back(path.substr(pos, end - pos));
    pos = end;
  }
  return pos == path.size();
}

}  // namespace

const char* MethodName(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

void Router::Add(Method method, std::string pattern, Handler handler) {
  auto parts = SplitPattern(pattern);
  routes_.push_back({method, std::move(pattern), std::move(parts), std::move(handler), {}});
}

void Router::AddAsync(Method method, std::string pattern, AsyncHandler handler) {
  auto parts = SplitPattern(pattern);
  routes_.push_back({method, std::move(pattern), std::move(parts), {}, std::move(handler)});
}

Router::Match Router::Find(Method method, std::string_view path) const {
  Match m;
  Method look = method == Method::kHead ? Method::kGet : method;  // HEAD is served as GET
  for (const auto& r : routes_) {
    std::vector<std::string> params;
    if (!MatchParts(r.parts, path, &params)) continue;
    m.path_matched = true;
    m.allowed.push_back(r.method);
    if (r.method == look && !m.found()) {
      if (r.async_handler) {
        m.async_handler = &r.async_handler;
      } else {
        m.handler = &r.handler;
      }
      m.label = std::string(MethodName(r.method)) + " " + r.pattern;
      m.params = std::move(params);
    }
  }
  return m;
}

Response CallAndWait(const Router::Match& m, const Request& req) {
  if (m.handler != nullptr) return (*m.handler)(req);
  auto answer = std::make_shared<std::promise<Response>>();
  std::future<Response> got = answer->get_future();
  (*m.async_handler)(req, Responder([answer](Response r) { answer->set_value(std::move(r)); },
                                    [] {
                                      Response r;
                                      r.status = 500;
                                      r.body = R"({"error":{"message":"internal error"}})";
                                      return r;
                                    }));
  return got.get();
}

}  // namespace civic311::http
