// Accounts and the staff API for black-box tests: users made with `civic311 user create`, signed
// in over HTTP, and JSON calls with a bearer token.
// Thread-safety: as HttpClient (one per thread); MakeUser runs a child process (main thread).
#pragma once

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

}  // namespace civic311::it
