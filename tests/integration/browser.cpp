#include "browser.hpp"

#include <regex>
#include <stdexcept>

namespace civic311::it {

Params Browser::Headers() const {
  return session.empty() ? Params{} : Params{{"Cookie", "c311_session=" + session}};
}

HttpResponse Browser::Get(const std::string& path) { return client.Get(path, Headers()); }

HttpResponse Browser::Post(const std::string& path, Params form, bool with_csrf) {
  if (with_csrf) form.push_back({"csrf_token", csrf});
  return client.PostForm(path, form, Headers());
}

std::string CookieValue(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == "set-cookie" && v.rfind(name + "=", 0) == 0) {
      return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
    }
  }
  return "";
}

std::string CsrfField(const std::string& html) {
  std::smatch m;
  static const std::regex field(R"re(name="csrf_token" value="([^"]+)")re");
  return std::regex_search(html, m, field) ? m[1].str() : "";
}

Browser ConsoleSignIn(const Instance& city, const std::string& email, const std::string& password) {
  Browser b{city.Client(), "", ""};
  HttpResponse page = b.client.Get("/staff/signin");
  const std::string anon = CookieValue(page, "c311_csrf");
  if (anon.empty()) throw std::runtime_error("no c311_csrf cookie: " + page.Describe());
  HttpResponse r = b.client.PostForm(
      "/staff/signin",
      {{"email", email}, {"password", password}, {"csrf_token", anon}, {"next", "/staff/queue"}},
      {{"Cookie", "c311_csrf=" + anon}});
  b.session = CookieValue(r, "c311_session");
  if (r.status != 303 || b.session.empty()) throw std::runtime_error("sign-in: " + r.Describe());
  b.csrf = CsrfField(b.Get("/staff/queue").body);
  if (b.csrf.empty()) b.csrf = CsrfField(b.client.Get("/account", b.Headers()).body);
  return b;
}

}  // namespace civic311::it
