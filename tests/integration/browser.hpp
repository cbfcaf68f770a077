// A browser-like client for the cookie + CSRF pages (portal, console, admin): the session cookie
// and the CSRF token of its forms, signed in through the console's own form.
// Thread-safety: one Browser per thread.
#pragma once

#include <string>

#include "harness.hpp"

namespace civic311::it {

struct Browser {
  HttpClient client;
  std::string session;  // c311_session
  std::string csrf;

  Params Headers() const;
  HttpResponse Get(const std::string& path);
  HttpResponse Post(const std::string& path, Params form, bool with_csrf = true);
};

// The value of cookie `name` set by `r` ("" if none).
std::string CookieValue(const HttpResponse& r, const std::string& name);
// The first csrf_token hidden field of a page ("" if none).
std::string CsrfField(const std::string& html);
// Signs in at /staff/signin (anonymous double-submit CSRF, then the session). Throws unless the
// console gives a session.
Browser ConsoleSignIn(const Instance& city, const std::string& email, const std::string& password);

}  // namespace civic311::it
