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

// Matches `path` against a pattern's parts; the captures go to `captures` (at most kMaxCaptures)
// and their number to *count. Allocates nothing.
constexpr size_t kMaxCaptures = 8;

bool MatchParts(const std::vector<std::string>& parts, std::string_view path,
                std::string_view* captures, size_t* count) {
  size_t pos = 0;
  *count = 0;
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
        std::string_view lit(next);
        size_t at = seg.rfind(lit.substr(0, lit.find('/')));
        if (at == std::string_view::npos) return false;
        end = pos + at;
      }
    }
    if (end == pos) return false;  // captures are never empty
    if (*count == kMaxCaptures) return false;
    captures[(*count)++] = path.substr(pos, end - pos);
    pos = end;
  }
  return pos == path.size();
}

// "/open311" of "/open311/v2/…": the text before the second '/' (all of it if there is none).
std::string_view FirstSegment(std::string_view s) {
  size_t slash = s.find('/', 1);
  return slash == std::string_view::npos ? s : s.substr(0, slash);
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
  Insert(std::make_unique<Route>(Route{method,
                                       std::string(MethodName(method)) + " " + pattern,
                                       std::move(parts),
                                       std::move(handler),
                                       {}}));
}

void Router::AddAsync(Method method, std::string pattern, AsyncHandler handler) {
  auto parts = SplitPattern(pattern);
  Insert(std::make_unique<Route>(Route{method,
                                       std::string(MethodName(method)) + " " + pattern,
                                       std::move(parts),
                                       {},
                                       std::move(handler)}));
}

std::vector<std::string_view> Router::Labels() const {
  std::vector<std::string_view> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_) out.emplace_back(r->label);
  return out;
}

void Router::Insert(std::unique_ptr<Route> route) {
  const size_t index = routes_.size();
  const std::string& first = route->parts.empty() ? std::string() : route->parts.front();
  std::string_view segment = FirstSegment(first);
  // The first segment is literal only if it ends inside the first part (at a '/'), or the
  // pattern is that one literal part.
  const bool literal = !first.empty() && !IsCapture(first) &&
                       (segment.size() < first.size() || route->parts.size() == 1);
  routes_.push_back(std::move(route));
  if (!literal) {
    anywhere_.push_back(index);
    for (Bucket& b : buckets_) b.indexes.push_back(index);
    return;
  }
  for (Bucket& b : buckets_) {
    if (b.segment == segment) {
      b.indexes.push_back(index);
      return;
    }
  }
  Bucket b{std::string(segment), anywhere_};  // earlier "anywhere" routes keep their order
  b.indexes.push_back(index);
  buckets_.push_back(std::move(b));
}

const std::vector<size_t>& Router::Candidates(std::string_view path) const {
  std::string_view segment = FirstSegment(path);
  for (const Bucket& b : buckets_)
    if (b.segment == segment) return b.indexes;
  return anywhere_;
}

Router::Match Router::Find(Method method, std::string_view path) const {
  std::vector<std::string> params;
  Match m = Find(method, path, &params);
  m.params = std::move(params);
  return m;
}

Router::Match Router::Find(Method method, std::string_view path,
                           std::vector<std::string>* params) const {
  Match m;
  params->clear();
  Method look = method == Method::kHead ? Method::kGet : method;  // HEAD is served as GET
  std::string_view captures[kMaxCaptures];
  size_t count = 0;
  for (size_t index : Candidates(path)) {
    const Route& r = *routes_[index];
    if (!MatchParts(r.parts, path, captures, &count)) continue;
    m.path_matched = true;
    m.allowed |= 1u << static_cast<int>(r.method);
    if (r.method != look) continue;
    if (r.async_handler) {
      m.async_handler = &r.async_handler;
    } else {
      m.handler = &r.handler;
    }
    m.label = r.label;
    params->reserve(count);
    for (size_t i = 0; i < count; ++i) params->emplace_back(captures[i]);
    return m;  // the first match wins; the methods of later routes only matter for a 405
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
