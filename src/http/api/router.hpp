// Router: maps (method, path) to a handler. Transport-neutral: used by the Beast server, and by
// tests that call handlers directly.
//
// Patterns are literal text with "{name}" captures, e.g. "/open311/v2/requests/{id}.{format}".
// A capture never spans '/', and a capture followed by a literal takes text up to the *last*
// occurrence of that literal within the segment (so "services/a.b.json" gives code "a.b").
// The first route (in the order added) whose pattern and method match wins.
//
// Cost (the hot path of every request, docs/performance.md): routes are bucketed by the first
// path segment of their pattern, so a lookup only tries the routes that can match; a match
// allocates nothing beyond the captured strings, written into a caller's vector (whose capacity
// a connection reuses), and the label is a view of text the router owns.
// Thread-safety: add routes before serving; Find is then safe from any thread. Views returned by
// Find (label) stay valid while the router lives and no route is added.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/api/message.hpp"

namespace civic311::http {

class Router {
 public:
  struct Match {
    const Handler* handler = nullptr;             // a synchronous route, or
    const AsyncHandler* async_handler = nullptr;  // an asynchronous one; both null: no route
    std::string_view label;           // the pattern, for metrics ("GET /open311/v2/requests/{id}")
    std::vector<std::string> params;  // captures (only by the two-argument Find)
    bool path_matched = false;        // some route matched the path but not the method (405)
    std::uint32_t allowed = 0;        // methods the path does allow: bit (1 << Method)

    bool found() const { return handler != nullptr || async_handler != nullptr; }
    bool Allows(Method m) const { return (allowed >> static_cast<int>(m)) & 1u; }
  };

  void Add(Method method, std::string pattern, Handler handler);
  void AddAsync(Method method, std::string pattern, AsyncHandler handler);
  // The route for (method, path) with its captures in Match::params.
  Match Find(Method method, std::string_view path) const;
  // The same, with the captures written into *params (cleared first) instead: no allocation for
  // the vector when its capacity suffices. On no match *params is left empty.
  Match Find(Method method, std::string_view path, std::vector<std::string>* params) const;
  // Every route's label ("GET /api/v1/me"), in the order added: for tests that hold a route
  // table against its documentation.
  std::vector<std::string_view> Labels() const;

 private:
  struct Route {
    Method method;
    std::string label;               // "GET /pattern"
    std::vector<std::string> parts;  // alternating literal / capture ("{…}") pieces
    Handler handler;
    AsyncHandler async_handler;
  };
  struct Bucket {
    std::string segment;          // first path segment of the patterns ("/open311"), or empty
    std::vector<size_t> indexes;  // into routes_, ascending
  };
  void Insert(std::unique_ptr<Route> route);
  const std::vector<size_t>& Candidates(std::string_view path) const;

  std::vector<std::unique_ptr<Route>> routes_;  // stable addresses: Match points into them
  std::vector<Bucket> buckets_;                 // patterns with a literal first segment
  std::vector<size_t> anywhere_;  // patterns whose first segment has a capture: tried for all
};

const char* MethodName(Method m);

// Runs the matched handler (m.found() must be true) and waits for its answer, also from an
// asynchronous one: for tests and callers without a transport. Exceptions propagate; an
// asynchronous handler that drops its reply gives 500.
Response CallAndWait(const Router::Match& m, const Request& req);

}  // namespace civic311::http
