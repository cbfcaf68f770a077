// Router: maps (method, path) to a handler. Transport-neutral: used by the Beast server, and by
// tests that call handlers directly.
//
// Patterns are literal text with "{name}" captures, e.g. "/open311/v2/requests/{id}.{format}".
// A capture never spans '/', and a capture followed by a literal takes text up to the *last*
// occurrence of that literal within the segment (so "services/a.b.json" gives code "a.b").
// Thread-safety: add routes before serving; Match is then safe from any thread.
#pragma once

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
    std::string label;  // the pattern, for metrics ("GET /open311/v2/requests/{id}")
    std::vector<std::string> params;
    bool path_matched = false;    // some route matched the path but not the method (405)
    std::vector<Method> allowed;  // methods the path does allow

    bool found() const { return handler != nullptr || async_handler != nullptr; }
  };

  void Add(Method method, std::string pattern, Handler handler);
  void AddAsync(Method method, std::string pattern, AsyncHandler handler);
  Match Find(Method method, std::string_view path) const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> parts;  // alternating literal / capture ("{…}") pieces
    Handler handler;
    AsyncHandler async_handler;
  };
  std::vector<Route> routes_;
};

const char* MethodName(Method m);

// Runs the matched handler (m.found() must be true) and waits for its answer, also from an
// asynchronous one: for tests and callers without a transport. Exceptions propagate; an
// asynchronous handler that drops its reply gives 500.
Response CallAndWait(const Router::Match& m, const Request& req);

}  // namespace civic311::http
