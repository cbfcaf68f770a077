#include "accounts.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace civic311::it {

const std::vector<std::string>& DemoDepartments() {
  static const std::vector<std::string> kAll = {"PWD", "SAN", "BTD",      "PRK",   "EHD",
                                                "ACO", "WSC", "DISPATCH", "CC311", "PWD-NORTH"};
  return kAll;
}

std::string MakeUser(const Instance& city, const std::string& email, const std::string& role,
                     const std::vector<std::string>& departments, const std::string& password) {
  const std::string pw_file = (city.dir() / (email + ".pw")).string();
  std::ofstream(pw_file) << password << "\n";
  std::vector<std::string> args = {"user", "create", "--db", city.db().string(), "--email",
                                   email,  "--role", role,   "--password-file",  pw_file};
  for (const auto& d : departments) {
    args.push_back("--department");
    args.push_back(d);
  }
  CommandResult r = RunCivic311(args);
  if (r.exit_code != 0) throw std::runtime_error("user create: " + r.Describe());
  return email;
}

std::string SignIn(HttpClient& c, const std::string& email, const std::string& password) {
  boost::json::object body{{"email", email}, {"password", password}};
  HttpResponse r = c.Send("POST", "/api/v1/auth/token", {{"Content-Type", "application/json"}},
                          boost::json::serialize(body));
  if (r.status != 200) throw std::runtime_error("sign-in of " + email + ": " + r.Describe());
  return std::string(boost::json::parse(r.body).at("token").as_string());
}

HttpResponse Json(HttpClient& c, const std::string& method, const std::string& path,
                  const std::string& token, const std::string& body) {
  Params headers = {{"Content-Type", "application/json"}};
  if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
  return c.Send(method, path, headers, body);
}

boost::json::object Object(const HttpResponse& r) { return boost::json::parse(r.body).as_object(); }

std::string Post311(Instance& city, HttpClient& c, const std::string& description) {
  city.PlainServiceCode();  // fetches the catalogue once (main thread)
  HttpResponse r = c.PostForm("/open311/v2/requests.json", city.NewRequestForm(description));
  if (r.status != 200) throw std::runtime_error("submit: " + r.Describe());
  return ParseSubmittedId(r.body);
}

// A signed-in resident's own request (POST /api/v1/requests, channel web): its id.
std::string ReportAsResident(Instance& city, HttpClient& c, const std::string& token,
                             const std::string& description) {
  const LatLon at = DemoLocation();
  HttpResponse r =
      Json(c, "POST", "/api/v1/requests", token,
           boost::json::serialize(boost::json::object{{"service_code", city.PlainServiceCode()},
                                                      {"description", description},
                                                      {"channel", "web"},
                                                      {"lat", std::to_string(at.lat)},
                                                      {"lon", std::to_string(at.lon)}}));
  if (r.status != 201) throw std::runtime_error("a resident's report: " + r.Describe());
  return std::to_string(boost::json::parse(r.body).at("id").as_int64());
}

std::int64_t VersionOf(HttpClient& c, const std::string& token, const std::string& id) {
  HttpResponse r = Json(c, "GET", "/api/v1/requests/" + id, token);
  if (r.status != 200) throw std::runtime_error("detail: " + r.Describe());
  return Object(r).at("version").as_int64();
}

HttpResponse Act(HttpClient& c, const std::string& token, const std::string& id,
                 boost::json::object action) {
  action["version"] = VersionOf(c, token, id);
  return Json(c, "POST", "/api/v1/requests/" + id + "/actions", token,
              boost::json::serialize(action));
}

std::string SignInBody(const std::string& email, const std::string& password) {
  return boost::json::serialize(boost::json::object{{"email", email}, {"password", password}});
}

std::string Figures::Describe() {
  if (ms.empty()) return "no samples";
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[static_cast<std::size_t>(q * (ms.size() - 1))]; };
  char out[160];
  std::snprintf(out, sizeof out, "n=%zu min %.1f ms, median %.1f ms, p95 %.1f ms, max %.1f ms",
                ms.size(), ms.front(), at(0.5), at(0.95), ms.back());
  return out;
}

// The reset tokens the server wrote into its e-mail outbox, oldest first (the reset answers
// before it writes: wait for `count`).
std::vector<std::string> ResetTokens(const Instance& city, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    ChildProcess q({"/usr/bin/sqlite3", city.db().string(),
                    "SELECT payload FROM outbox WHERE kind = 'email' AND "
                    "event = 'password_reset' ORDER BY id"});
    q.Wait(std::chrono::seconds(30));
    std::vector<std::string> tokens;
    std::istringstream lines(q.Stdout());
    for (std::string line; std::getline(lines, line);) {
      if (line.empty()) continue;
      tokens.emplace_back(boost::json::parse(line).at("token").as_string());
    }
    if (tokens.size() >= count || std::chrono::steady_clock::now() > deadline) return tokens;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling another process
  }
}

}  // namespace civic311::it
