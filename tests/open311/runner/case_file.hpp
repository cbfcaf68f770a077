// The Open311 suite's case files (format: tests/open311/README.md). A case is one HTTP request
// and the checks on its answer:
//
//   # What the case shows (comment lines, any number)
//   GET /open311/v2/requests/{{id:pothole}}.json?extensions=true
//   Header-Name: value                      (optional request headers)
//                                           (blank line: the body follows, if any)
//   == expect
//   status 200
//   json $[0].status == "open"
//   capture id:pothole json $[0].service_request_id
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace open311_suite {

struct Expectation {
  int line = 0;      // in the case file, for messages
  std::string text;  // the check as written (placeholders not yet substituted)
};

struct Case {
  std::string path;  // the file
  std::string name;  // file stem, e.g. "010-post-pothole-json"
  std::vector<std::string> comments;
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<Expectation> expectations;
};

// Reads and parses one case file; nullopt with *error ("FILE:LINE: why") if malformed.
std::optional<Case> LoadCase(const std::string& path, std::string* error);

// Every *.test file under `dir`, sorted by name (the order the suite runs them in).
std::vector<std::string> CaseFiles(const std::string& dir);

// Replaces every {{NAME}} in `text` from `vars`. Built in: {{now}}, {{now-Nd}}, {{now+Nd}},
// {{now-Nh}}, {{now+Nh}} (UTC, "2026-11-23T17:35:53Z"). Fails on an unknown name.
std::optional<std::string> Substitute(const std::string& text,
                                      const std::map<std::string, std::string>& vars,
                                      std::string* error);

// The bytes to send: request line, the case's headers, Host and Connection: close unless
// given, Content-Length when there is a body (or the method is POST).
std::string RawRequest(const Case& c, const std::string& target, const std::string& body,
                       const std::string& host);

}  // namespace open311_suite
