// The console tests' shared helpers (console_test.cpp, console2_test.cpp): a browser-like session
// (cookies + the CSRF token of its forms) signed in through the console's own form. Test-only,
// header-only.
#pragma once

#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "accounts.hpp"
#include "harness.hpp"

namespace civic311::it {

inline constexpr const char* kPassword = kTestPassword;

// Every department of the demo city but dispatch: wherever the test request is routed, the
// crew may act on it.
inline const std::vector<std::string> kDemoDepartments = {"PWD", "SAN", "BTD",   "PRK",      "EHD",
                                                          "ACO", "WSC", "CC311", "PWD-NORTH"};

inline std::string CookieValue(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == "set-cookie" && v.rfind(name + "=", 0) == 0) {
      return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
    }
  }
  return "";
}

inline std::string CsrfField(const std::string& html) {
  std::smatch m;
  static const std::regex field(R"re(name="csrf_token" value="([^"]+)")re");
  return std::regex_search(html, m, field) ? m[1].str() : "";
}

// A browser-like session: cookies and the CSRF token of its forms.
struct Browser {
  HttpClient client;
  std::string session;  // c311_session
  std::string csrf;

  Params Headers() const {
    return session.empty() ? Params{} : Params{{"Cookie", "c311_session=" + session}};
  }
  HttpResponse Get(const std::string& path) { return client.Get(path, Headers()); }
  HttpResponse Post(const std::string& path, Params form, bool with_csrf = true) {
    if (with_csrf) form.push_back({"csrf_token", csrf});
    return client.PostForm(path, form, Headers());
  }
};

// Signs in through the console's own form (anonymous double-submit CSRF, then the session).
inline Browser SignIn(const Instance& city, const std::string& email) {
  Browser b{city.Client(), "", ""};
  HttpResponse page = b.client.Get("/staff/signin");
  const std::string anon = CookieValue(page, "c311_csrf");
  if (anon.empty()) throw std::runtime_error("no c311_csrf cookie: " + page.Describe());
  HttpResponse r = b.client.PostForm(
      "/staff/signin",
      {{"email", email}, {"password", kPassword}, {"csrf_token", anon}, {"next", "/staff/queue"}},
      {{"Cookie", "c311_csrf=" + anon}});
  b.session = CookieValue(r, "c311_session");
  if (r.status != 303 || b.session.empty()) throw std::runtime_error("sign-in: " + r.Describe());
  // Any page of the signed-in session carries its CSRF token.
  b.csrf = CsrfField(b.Get("/staff/signin?x=1").body);
  if (b.csrf.empty()) b.csrf = CsrfField(b.client.Get("/account", b.Headers()).body);
  return b;
}

inline int Version(Browser& b, const std::string& id) {
  std::smatch m;
  const std::string page = b.Get("/staff/requests/" + id).body;
  static const std::regex version(R"re(name="version" value="(\d+)")re");
  return std::regex_search(page, m, version) ? std::stoi(m[1].str()) : -1;
}

}  // namespace civic311::it
