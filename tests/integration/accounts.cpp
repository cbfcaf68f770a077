#include "accounts.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <stdexcept>

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

}  // namespace civic311::it
