// The resident portal against the real binary: security headers on every page, CSRF on every
// form, hostile input escaped by every template that shows it, the report flow without a
// browser (the browser flows are in tests/e2e).
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "harness.hpp"

namespace civic311::it {
namespace {

const char kHostile[] = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";

// The c311_csrf cookie a first visit hands out (anonymous double-submit token).
std::string CsrfCookie(const HttpResponse& r) {
  for (const auto& [k, v] : r.headers) {
    if (k == "set-cookie" && v.rfind("c311_csrf=", 0) == 0) {
      return v.substr(10, v.find(';') - 10);
    }
  }
  return "";
}

void ExpectPageHeaders(const HttpResponse& r, const std::string& what) {
  const std::string csp = r.Header("content-security-policy");
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << what << ": " << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << what << ": " << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << what << ": " << csp;
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << what;
  EXPECT_FALSE(r.Header("referrer-policy").empty()) << what;
  EXPECT_EQ(r.body.find("<script>"), std::string::npos) << what << ": an inline script";
}

// Every <form method="post"> carries a csrf_token field.
void ExpectCsrfOnForms(const std::string& html, const std::string& what) {
  std::regex form(R"(<form[^>]*method="post"[^>]*>([\s\S]*?)</form>)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), form); it != std::sregex_iterator();
       ++it) {
    EXPECT_NE((*it)[1].str().find("name=\"csrf_token\""), std::string::npos)
        << what << ": a form without csrf_token:\n"
        << (*it)[0].str().substr(0, 300);
  }
}

class Portal : public ::testing::Test {
 protected:
  void SetUp() override { city_.Start(); }
  Instance city_;
};

// The session cookie's value from a sign-in answer.
std::string SessionCookie(const HttpResponse& r) {
  for (const auto& [k, v] : r.headers) {
    if (k == "set-cookie" && v.rfind("c311_session=", 0) == 0) {
      return v.substr(13, v.find(';') - 13);
    }
  }
  return "";
}

// A signed-in resident: sign in through the page, report, see it under "My requests", follow,
// sign out. Every state change carries the session's CSRF token (read from the page's form).
TEST(PortalAccount, ResidentSignsInReportsFollowsAndSignsOut) {
  Instance city;
  const std::string pw_file = (city.dir() / "pw").string();
  std::ofstream(pw_file) << "a long enough password\n";
  CommandResult made =
      RunCivic311({"user", "create", "--db", city.db().string(), "--email", "rosa@example.org",
                   "--role", "resident", "--password-file", pw_file});
  ASSERT_EQ(made.exit_code, 0) << made.Describe();
  city.Start();
  HttpClient c = city.Client();
  const std::string anon = CsrfCookie(c.Get("/account"));
  const Params anon_cookie = {{"Cookie", "c311_csrf=" + anon}};
  HttpResponse wrong = c.PostForm(
      "/account/signin",
      {{"csrf_token", anon}, {"email", "rosa@example.org"}, {"password", "nope nope nope"}},
      anon_cookie);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body.find("error-summary"), std::string::npos);
  HttpResponse in = c.PostForm("/account/signin",
                               {{"csrf_token", anon},
                                {"email", "rosa@example.org"},
                                {"password", "a long enough password"},
                                {"next", "//evil.example/"}},
                               anon_cookie);
  ASSERT_EQ(in.status, 303) << in.Describe();
  EXPECT_EQ(in.Header("location"), "/account") << "never redirected off the site";
  const std::string session = SessionCookie(in);
  ASSERT_FALSE(session.empty());
  const Params cookie = {{"Cookie", "c311_session=" + session}};
  HttpResponse account = c.Get("/account", cookie);
  EXPECT_NE(account.body.find("rosa@example.org"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(account.body, m,
                                std::regex(R"re(name="csrf_token" value="([0-9a-f]{64})")re")));
  const std::string csrf = m[1];
  // The anonymous token does not work for the session.
  EXPECT_EQ(c.PostForm("/report/submit", {{"csrf_token", anon}, {"service_code", "GRAFFITI"}},
                       {{"Cookie", "c311_session=" + session + "; c311_csrf=" + anon}})
                .status,
            403);
  HttpResponse sent = c.PostForm("/report/submit",
                                 {{"csrf_token", csrf},
                                  {"service_code", "GRAFFITI"},
                                  {"address_string", "1 City Hall Sq"},
                                  {"description", "signed-in report"},
                                  {"attribute[SURFACES]", "SIGN"}},
                                 cookie);
  ASSERT_EQ(sent.status, 303) << sent.Describe();
  const std::string id = sent.Header("location").substr(sent.Header("location").rfind('/') + 1);
  EXPECT_NE(c.Get("/account", cookie).body.find("/requests/" + id), std::string::npos)
      << "under My requests";
  EXPECT_EQ(c.PostForm("/requests/" + id + "/follow", {{"csrf_token", csrf}}, cookie).status, 303);
  EXPECT_NE(c.Get("/requests/" + id, cookie).body.find("name=\"on\" value=\"0\""),
            std::string::npos)
      << "now following";
  HttpResponse out = c.PostForm("/account/signout", {{"csrf_token", csrf}}, cookie);
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(c.Get("/account", cookie).body.find("rosa@example.org"), std::string::npos)
      << "the session ended";
}

TEST_F(Portal, EveryPageHasSecurityHeadersAndCsrfOnItsForms) {
  HttpClient c = city_.Client();
  for (const std::string path :
       {"/", "/report", "/report/where?service_code=POTHOLE",
        "/report/details?service_code=POTHOLE", "/report/photos?service_code=POTHOLE",
        "/report/about?service_code=POTHOLE", "/report/review?service_code=POTHOLE", "/requests",
        "/kudos", "/answers", "/account", "/requests/find?number=999999", "/no/such/page"}) {
    HttpResponse r = c.Get(path);
    EXPECT_TRUE(r.status == 200 || r.status == 404) << path << " " << r.Describe();
    EXPECT_NE(r.Header("content-type").find("text/html"), std::string::npos) << path;
    ExpectPageHeaders(r, path);
    ExpectCsrfOnForms(r.body, path);
    EXPECT_NE(r.body.find("<html lang=\"en\">"), std::string::npos) << path;
  }
  EXPECT_NE(c.Get("/?lang=es").body.find("<html lang=\"es\">"), std::string::npos);
  EXPECT_NE(c.Get("/", {{"Accept-Language", "es-MX,es;q=0.9"}}).body.find("<html lang=\"es\">"),
            std::string::npos);
  // The API keeps its own error format.
  EXPECT_NE(c.Get("/api/v1/nothing").Header("content-type").find("json"), std::string::npos);
  EXPECT_NE(c.Get("/open311/v2/nothing.json").body.find("\"code\""), std::string::npos);
}

TEST_F(Portal, FormsWithoutTheCsrfTokenAreRefused) {
  HttpClient c = city_.Client();
  HttpResponse first = c.Get("/report");
  const std::string token = CsrfCookie(first);
  ASSERT_FALSE(token.empty()) << first.Describe();
  const Params report = {{"service_code", "GRAFFITI"},
                         {"address_string", "1 City Hall Sq"},
                         {"description", "csrf test"},
                         {"attribute[SURFACES]", "BUILDING"}};
  // No token, a wrong token, and the right token without its cookie: refused, nothing filed.
  Params no_token = report;
  EXPECT_EQ(c.PostForm("/report/submit", no_token, {{"Cookie", "c311_csrf=" + token}}).status, 403);
  Params wrong = report;
  wrong.push_back({"csrf_token", "forged"});
  EXPECT_EQ(c.PostForm("/report/submit", wrong, {{"Cookie", "c311_csrf=" + token}}).status, 403);
  Params right = report;
  right.push_back({"csrf_token", token});
  EXPECT_EQ(c.PostForm("/report/submit", right).status, 403);
  EXPECT_EQ(c.Get("/open311/v2/requests.json?service_code=GRAFFITI").body, "[]");
  // With both: filed, and the browser is sent to the confirmation.
  HttpResponse ok = c.PostForm("/report/submit", right, {{"Cookie", "c311_csrf=" + token}});
  ASSERT_EQ(ok.status, 303) << ok.Describe();
  EXPECT_NE(ok.Header("location").find("/report/sent/"), std::string::npos);
  EXPECT_EQ(c.PostForm("/kudos", {{"message", "thanks"}}).status, 403);
  EXPECT_EQ(c.PostForm("/account/signin", {{"email", "a@b.c"}, {"password", "x"}}).status, 403);
}

TEST_F(Portal, HostileInputIsEscapedOnEveryPageThatShowsIt) {
  HttpClient c = city_.Client();
  const std::string token = CsrfCookie(c.Get("/"));
  const Params cookie = {{"Cookie", "c311_csrf=" + token}};
  const Params draft = {{"csrf_token", token},
                        {"service_code", "POTHOLE"},
                        {"address_string", kHostile},
                        {"lat", "42.3471"},
                        {"long", "-71.0972"},
                        {"description", kHostile},
                        {"attribute[LOCATION]", "STREET"},
                        {"attribute[WIDTH_IN]", kHostile},
                        {"first_name", kHostile},
                        {"email", "hostile@example.org"}};
  auto expect_escaped = [](const HttpResponse& r, const std::string& what) {
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << what;
    EXPECT_EQ(r.body.find("<img src=x"), std::string::npos) << what;
  };
  // Every step renders the hostile draft (as values, hidden fields and error messages).
  for (const std::string step : {"where", "details", "photos", "about", "review"}) {
    Params p = draft;
    p.push_back({"from", "what"});
    HttpResponse r = c.PostForm("/report/" + std::string(step), p, cookie);
    EXPECT_TRUE(r.status == 200 || r.status == 400) << step << " " << r.Describe();
    expect_escaped(r, "/report/" + std::string(step));
  }
  expect_escaped(c.Get("/report?q=" + UrlEncode(kHostile)), "/report?q=");
  expect_escaped(c.Get("/requests/find?number=" + UrlEncode(kHostile)), "find");
  expect_escaped(c.Get("/answers?q=" + UrlEncode(kHostile)), "answers");
  expect_escaped(c.Get("/account?next=" + UrlEncode(kHostile)), "account");
  expect_escaped(c.Get("/" + UrlEncode(kHostile)), "the error page");
  expect_escaped(c.Get("/requests/" + UrlEncode(kHostile)), "a bad request number");
  expect_escaped(
      c.Get("/requests?service=" + UrlEncode(kHostile) + "&state=" + UrlEncode(kHostile)),
      "list filters");
  // A stored request with hostile text: status page, list, confirmation, review duplicates.
  Params sendable = draft;
  for (auto& [k, v] : sendable) {
    if (k == "attribute[WIDTH_IN]") v = "12";
  }
  HttpResponse sent = c.PostForm("/report/submit", sendable, cookie);
  ASSERT_EQ(sent.status, 303) << sent.Describe();
  const std::string id = sent.Header("location").substr(sent.Header("location").rfind('/') + 1);
  HttpResponse status = c.Get("/requests/" + id);
  ASSERT_EQ(status.status, 200);
  expect_escaped(status, "status page");
  EXPECT_NE(status.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(status.body.find("hostile@example.org"), std::string::npos) << "contact is private";
  expect_escaped(c.Get("/requests"), "list");
  expect_escaped(c.Get("/report/sent/" + id), "confirmation");
  Params again = sendable;
  again.push_back({"from", "about"});
  HttpResponse review = c.PostForm("/report/review", again, cookie);
  EXPECT_NE(review.body.find("/requests/" + id), std::string::npos) << "offered as a duplicate";
  expect_escaped(review, "review with duplicates");
  // A thank-you with hostile text, then the kudos page.
  EXPECT_EQ(c.PostForm("/kudos", {{"csrf_token", token}, {"message", kHostile}}, cookie).status,
            303);
  expect_escaped(c.Get("/kudos"), "kudos");
}

TEST_F(Portal, OutOfScopeServicesTakeNoReportsAnywhere) {
  HttpClient c = city_.Client();
  const std::string token = CsrfCookie(c.Get("/"));
  HttpResponse r = c.PostForm("/report/submit",
                              {{"csrf_token", token},
                               {"service_code", "PARKING-TICKET"},
                               {"address_string", "City Hall"},
                               {"description", "unfair ticket"}},
                              {{"Cookie", "c311_csrf=" + token}});
  EXPECT_EQ(r.status, 200) << r.Describe();
  EXPECT_NE(r.body.find("Parking Clerk"), std::string::npos);
  // Open311 refuses it too, with the notice.
  city_.PlainServiceCode();
  Params form = city_.NewRequestForm("unfair ticket");
  for (auto& [k, v] : form) {
    if (k == "service_code") v = "PARKING-TICKET";
  }
  HttpResponse api = c.PostForm("/open311/v2/requests.json", form);
  EXPECT_EQ(api.status, 400) << api.Describe();
  EXPECT_NE(api.body.find("Parking Clerk"), std::string::npos) << api.body;
  EXPECT_EQ(c.Get("/open311/v2/requests.json?service_code=PARKING-TICKET").body, "[]");
}

TEST_F(Portal, StaticFilesAndTheInstallableApp) {
  HttpClient c = city_.Client();
  HttpResponse css = c.Get("/static/portal.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_NE(css.Header("content-type").find("text/css"), std::string::npos);
  const std::string etag = css.Header("etag");
  EXPECT_EQ(c.Get("/static/portal.css", {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(c.Get("/static/vendor/leaflet/leaflet.js").status, 200);
  EXPECT_EQ(c.Get("/static/vendor/leaflet/images/marker-icon.png").status, 200);
  EXPECT_EQ(c.Get("/static/../templates/portal/home.html.mustache").status, 404);
  EXPECT_EQ(c.Get("/static/%2e%2e/i18n/en.json").status, 404);
  HttpResponse manifest = c.Get("/manifest.webmanifest");
  ASSERT_EQ(manifest.status, 200);
  auto m = boost::json::parse(manifest.body).as_object();
  EXPECT_EQ(m.at("display").as_string(), "standalone");
  EXPECT_EQ(m.at("theme_color").as_string(), "#0b4f8a");
  EXPECT_EQ(c.Get("/sw.js").status, 200);
  EXPECT_NE(c.Get("/theme.css").body.find("--brand:#0b4f8a"), std::string::npos);
}

}  // namespace
}  // namespace civic311::it
