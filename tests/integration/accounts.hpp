// Accounts and the staff API for black-box tests: users made with `civic311 user create`, signed
// in over HTTP, and JSON calls with a bearer token.
// Thread-safety: as HttpClient (one per thread); MakeUser runs a child process (main thread).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "harness.hpp"

namespace civic311::it {

inline constexpr const char* kTestPassword = "a long enough password";
// Every department of the demo city (config/demo-city.toml).
const std::vector<std::string>& DemoDepartments();

// Creates an account with `civic311 user create` on the instance's database (before or while it
// serves); returns the e-mail. Throws on failure.
std::string MakeUser(const Instance& city, const std::string& email, const std::string& role,
                     const std::vector<std::string>& departments = {},
                     const std::string& password = kTestPassword);
// A bearer token for the account (POST /api/v1/auth/token). Throws unless 200.
std::string SignIn(HttpClient& c, const std::string& email,
                   const std::string& password = kTestPassword);
// A staff API call with Content-Type: application/json and, if `token` is set, the bearer token.
HttpResponse Json(HttpClient& c, const std::string& method, const std::string& path,
                  const std::string& token, const std::string& body = "");

// The body as a JSON object (throws if it is not one).
boost::json::object Object(const HttpResponse& r);
// {"email":…,"password":…} for the sign-in endpoints.
std::string SignInBody(const std::string& email, const std::string& password);
// An Open311 POST requests.json from the demo form; its id. Main thread (fetches the catalogue).
std::string Post311(Instance& city, HttpClient& c, const std::string& description);
// A signed-in resident's own request (POST /api/v1/requests, channel web): its id.
std::string ReportAsResident(Instance& city, HttpClient& c, const std::string& token,
                             const std::string& description);
// The request's current version, as `token` reads it.
std::int64_t VersionOf(HttpClient& c, const std::string& token, const std::string& id);
// POST /api/v1/requests/{id}/actions with `action` and the current version.
HttpResponse Act(HttpClient& c, const std::string& token, const std::string& id,
                 boost::json::object action);

// The password-reset codes the server wrote into its e-mail outbox, oldest first (a reset
// answers before it writes: waits up to 30 s for `count`).
std::vector<std::string> ResetTokens(const Instance& city, std::size_t count);

// Latency samples (milliseconds) and their summary for test output.
struct Figures {
  std::vector<double> ms;
  void Add(double v) { ms.push_back(v); }
  std::string Describe();  // "n=… min … ms, median …, p95 …, max …"
};

}  // namespace civic311::it
