// The portal's accounts, "me too", the area filter, the city's words in Spanish and its map tiles,
// against the real binary (and a real SMTP server for the confirmation e-mail):
//   - a resident registers, cannot sign in until the link in the e-mail is used, confirms with
//     the page's button (following the link alone changes nothing), is signed in, and the link
//     works once; the answer is the same for an address that already has an account;
//   - `require_account = true`: reporting leads to signing in, anonymous submissions are refused;
//   - "me too" counts each person once and staff see it in the request's history;
//   - /requests?area= keeps the requests inside the named area only, and its links keep the area;
//   - service names, attributes and departments in Spanish; tile_url's host in the CSP.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "accounts.hpp"
#include "adapters/notify/test_sinks.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

std::string CookieValue(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == "set-cookie" && v.rfind(name + "=", 0) == 0) {
      return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
    }
  }
  return "";
}

// A browser without an account: its c311_csrf cookie, sent back with every form.
struct Visitor {
  explicit Visitor(HttpClient& client) : c(client) {
    token = CookieValue(c.Get("/"), "c311_csrf");
    cookie = {{"Cookie", "c311_csrf=" + token}};
  }
  HttpResponse Post(const std::string& path, Params form) {
    form.emplace_back("csrf_token", token);
    return c.PostForm(path, form, cookie);
  }
  HttpResponse Get(const std::string& path) { return c.Get(path, cookie); }
  HttpClient& c;
  std::string token;
  Params cookie;
};

// The mails the sink received so far (raw + decoded text), waiting until there are `n`.
std::vector<std::string> WaitForMails(const testing::SinkProcess& sink, size_t n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::vector<std::string> mails = sink.Files("msg-");
  while (mails.size() < n && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    mails = sink.Files("msg-");
  }
  return mails;
}

std::string ConfirmToken(const std::string& mail) {
  std::smatch m;
  if (!std::regex_search(
          mail, m, std::regex(R"(https://city\.example/account/confirm\?token=([A-Za-z0-9]+))")))
    return "";
  return m[1];
}

TEST(PortalAccounts, RegisterConfirmByLinkThenSignIn) {
  Instance city;
  testing::SinkProcess sink("smtp_sink.py", (city.dir() / "sink").string());
  ASSERT_TRUE(sink.ok()) << "the SMTP sink did not start (python3-aiosmtpd installed?)";
  city.Start({"--smtp", "smtp://127.0.0.1:" + std::to_string(sink.port()), "--mail-from",
              "Demo City <noreply@city.example>", "--public-url", "https://city.example"});
  HttpClient c = city.Client();
  Visitor v(c);
  ASSERT_EQ(v.Get("/account/register").status, 200);
  // Refused details are named next to their fields; nothing is registered.
  HttpResponse weak = v.Post(
      "/account/register",
      {{"email", "ana@example.org"}, {"password", "password"}, {"password_again", "password"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_NE(weak.body.find("href=\"#password\""), std::string::npos) << weak.body;
  HttpResponse mismatch = v.Post("/account/register", {{"email", "ana@example.org"},
                                                       {"password", "purple giraffe hat"},
                                                       {"password_again", "purple giraffe"}});
  EXPECT_EQ(mismatch.status, 400);
  HttpResponse sent = v.Post("/account/register", {{"email", "Ana@Example.org"},
                                                   {"display_name", "Ana"},
                                                   {"password", "purple giraffe hat"},
                                                   {"password_again", "purple giraffe hat"}});
  ASSERT_EQ(sent.status, 200) << sent.Describe();
  EXPECT_NE(sent.body.find("register-sent"), std::string::npos);
  // Not an account yet: signing in fails until the link is used.
  HttpResponse early =
      v.Post("/account/signin", {{"email", "ana@example.org"}, {"password", "purple giraffe hat"}});
  EXPECT_EQ(early.status, 400);
  EXPECT_TRUE(CookieValue(early, "c311_session").empty());

  auto mails = WaitForMails(sink, 1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("X-Rcpt: ana@example.org"), std::string::npos);
  EXPECT_NE(mails[0].find("Subject: Demo City: Confirm your account"), std::string::npos);
  const std::string token = ConfirmToken(mails[0]);
  ASSERT_FALSE(token.empty()) << mails[0];

  // Following the link shows a button and changes nothing (mail scanners follow links).
  HttpResponse page = v.Get("/account/confirm?token=" + token);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("value=\"" + token + "\""), std::string::npos);
  EXPECT_TRUE(CookieValue(page, "c311_session").empty());
  EXPECT_EQ(v.Post("/account/confirm", {{"token", "nonsense"}}).status, 400);
  EXPECT_EQ(c.PostForm("/account/confirm", {{"token", token}}).status, 403) << "CSRF checked";
  HttpResponse confirmed = v.Post("/account/confirm", {{"token", token}});
  ASSERT_EQ(confirmed.status, 303) << confirmed.Describe();
  EXPECT_EQ(confirmed.Header("location"), "/account?welcome=1");
  const std::string session = CookieValue(confirmed, "c311_session");
  ASSERT_FALSE(session.empty());
  HttpResponse account = c.Get("/account?welcome=1", {{"Cookie", "c311_session=" + session}});
  EXPECT_NE(account.body.find("id=\"welcome\""), std::string::npos);
  EXPECT_NE(account.body.find("ana@example.org"), std::string::npos);
  // Once only.
  EXPECT_EQ(v.Post("/account/confirm", {{"token", token}}).status, 400);
  // The password works now.
  HttpResponse in =
      v.Post("/account/signin", {{"email", "ana@example.org"}, {"password", "purple giraffe hat"}});
  EXPECT_EQ(in.status, 303) << in.Describe();

  // An address with an account gets the same answer and no e-mail; a new one in Spanish gets
  // its e-mail in Spanish. The worker sends oldest first, so a mail for Ana would come first.
  HttpResponse again = v.Post("/account/register", {{"email", "ana@example.org"},
                                                    {"password", "another long phrase"},
                                                    {"password_again", "another long phrase"}});
  EXPECT_EQ(again.status, 200);
  EXPECT_NE(again.body.find("register-sent"), std::string::npos);
  HttpResponse es =
      v.Post("/account/register?lang=es", {{"email", "luis@example.org"},
                                           {"password", "otra frase bastante larga"},
                                           {"password_again", "otra frase bastante larga"}});
  EXPECT_EQ(es.status, 200);
  mails = WaitForMails(sink, 2);
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_NE(mails[1].find("X-Rcpt: luis@example.org"), std::string::npos) << mails[1];
  EXPECT_NE(mails[1].find("Confirme su cuenta"), std::string::npos) << mails[1];
}

// The demo city with some [portal] settings changed (the rest as shipped).
void UseCity(Instance& city, const std::string& portal_lines) {
  std::ifstream in(std::string(CIVIC311_SOURCE_DIR) + "/config/demo-city.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string toml = ss.str();
  toml = std::regex_replace(toml, std::regex("require_account = false\n"), portal_lines);
  const std::string file = (city.dir() / "city.toml").string();
  std::ofstream(file) << toml;
  CommandResult init = RunCivic311({"init", "--db", city.db().string(), "--config", file});
  ASSERT_EQ(init.exit_code, 0) << init.Describe();
}

TEST(PortalAccounts, RegisterPagesEscapeWhatTheyEchoAndCarryCsrf) {
  Instance city;
  city.Start();
  HttpClient c = city.Client();
  Visitor v(c);
  const std::string hostile = "<script>alert(1)</script>\"'><img src=x>";
  HttpResponse echoed = v.Post(
      "/account/register",
      {{"email", hostile}, {"display_name", hostile}, {"password", "x"}, {"password_again", "x"}});
  EXPECT_EQ(echoed.status, 400);
  EXPECT_EQ(echoed.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(echoed.body.find("&lt;script&gt;"), std::string::npos);
  HttpResponse confirm = v.Get("/account/confirm?token=" + std::string("%22%3E%3Cscript%3E"));
  EXPECT_EQ(confirm.body.find("\"><script>"), std::string::npos);
  for (const std::string path : {"/account/register", "/account/confirm?token=abc"}) {
    HttpResponse r = v.Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_NE(r.Header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos);
    EXPECT_NE(r.body.find("name=\"csrf_token\""), std::string::npos) << path;
  }
}

TEST(PortalAccounts, ACityThatRequiresAnAccountAndItsOwnTiles) {
  Instance city;
  UseCity(city,
          "require_account = true\n"
          "tile_url = \"https://tiles.example.net/{z}/{x}/{y}.png\"\n"
          "tile_attribution = \"© Example Tiles\"\n");
  MakeUser(city, "rosa@example.org", "resident");
  city.Start();
  HttpClient c = city.Client();
  Visitor v(c);
  HttpResponse report = v.Get("/report");
  EXPECT_EQ(report.status, 303);
  EXPECT_EQ(report.Header("location"), "/account?next=/report");
  HttpResponse account = v.Get("/account?next=/report");
  EXPECT_NE(account.body.find("/account/register"), std::string::npos);
  // Posted straight to the last step, an anonymous report is still refused.
  HttpResponse anon = v.Post("/report/submit", {{"service_code", "GRAFFITI"},
                                                {"address_string", "1 City Hall Sq"},
                                                {"description", "no account"},
                                                {"attribute[SURFACES]", "SIGN"}});
  EXPECT_EQ(anon.status, 400);
  HttpResponse in =
      v.Post("/account/signin",
             {{"email", "rosa@example.org"}, {"password", kTestPassword}, {"next", "/report"}});
  ASSERT_EQ(in.status, 303);
  EXPECT_EQ(in.Header("location"), "/report");
  const Params session = {{"Cookie", "c311_session=" + CookieValue(in, "c311_session")}};
  HttpResponse what = c.Get("/report", session);
  ASSERT_EQ(what.status, 200);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(what.body, m,
                                std::regex(R"re(name="csrf_token" value="([0-9a-f]{64})")re")));
  HttpResponse filed = c.PostForm("/report/submit",
                                  {{"csrf_token", m[1]},
                                   {"service_code", "GRAFFITI"},
                                   {"address_string", "1 City Hall Sq"},
                                   {"description", "with an account"},
                                   {"attribute[SURFACES]", "SIGN"}},
                                  session);
  EXPECT_EQ(filed.status, 303) << filed.Describe();
  // The map's tiles come from the configured host, and the CSP allows exactly that host.
  HttpResponse list = c.Get("/requests");
  const std::string csp = list.Header("content-security-policy");
  EXPECT_NE(csp.find("img-src 'self' data: https://tiles.example.net;"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("openstreetmap"), std::string::npos) << csp;
  EXPECT_NE(list.body.find("data-tiles=\"https://tiles.example.net/{z}/{x}/{y}.png\""),
            std::string::npos);
  EXPECT_NE(list.body.find("© Example Tiles"), std::string::npos);
}

std::string FileAt(Visitor& v, const std::string& service, const std::string& lat,
                   const std::string& lon, const Params& attributes = {}) {
  Params form = {{"service_code", service},
                 {"lat", lat},
                 {"long", lon},
                 {"description", "at " + lat + "," + lon},
                 {"anonymous", "1"}};
  for (const auto& a : attributes) form.push_back(a);
  HttpResponse r = v.Post("/report/submit", form);
  if (r.status != 303) ADD_FAILURE() << r.Describe();
  const std::string to = r.Header("location");
  return to.substr(to.rfind('/') + 1);
}

TEST(PortalMeToo, EachPersonCountsOnceAndStaffSeeIt) {
  Instance city;
  MakeUser(city, "sam@example.org", "staff", {"PWD"});
  city.Start();
  HttpClient c = city.Client();
  Visitor reporter(c);
  const std::string id = FileAt(reporter, "SIDEWALK", "42.3471", "-71.0972");
  Visitor a(c), b(c);
  ASSERT_NE(a.token, b.token);
  EXPECT_NE(a.Get("/requests/" + id).body.find("id=\"metoo\""), std::string::npos);
  EXPECT_EQ(a.Post("/requests/" + id + "/metoo", {}).status, 303);
  EXPECT_EQ(a.Post("/requests/" + id + "/metoo", {}).status, 303) << "idempotent";
  HttpResponse page = a.Get("/requests/" + id + "?done=metoo");
  EXPECT_NE(page.body.find("2 people reported this"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("id=\"metoo-already\""), std::string::npos);
  EXPECT_EQ(page.body.find("id=\"metoo\""), std::string::npos) << "not offered twice";
  EXPECT_EQ(b.Post("/requests/" + id + "/metoo", {}).status, 303);
  EXPECT_NE(b.Get("/requests/" + id + "?lang=es").body.find("3 personas reportaron esto"),
            std::string::npos);
  EXPECT_EQ(c.PostForm("/requests/" + id + "/metoo", {{"csrf_token", "x"}}).status, 403);
  // Staff see each "me too" in the request's history (internal events).
  const std::string token = SignIn(c, "sam@example.org");
  HttpResponse detail = Json(c, "GET", "/api/v1/requests/" + id, token);
  ASSERT_EQ(detail.status, 200) << detail.Describe();
  size_t events = 0;
  for (size_t at = detail.body.find("\"me_too\""); at != std::string::npos;
       at = detail.body.find("\"me_too\"", at + 1)) {
    ++events;
  }
  EXPECT_EQ(events, 2u) << detail.body;
  // The count itself, for the desk (the reporter not counted).
  EXPECT_NE(detail.body.find("\"me_too_count\":2"), std::string::npos) << detail.body;
  HttpResponse other = Json(
      c, "GET", "/api/v1/requests/" + FileAt(reporter, "SIDEWALK", "42.3472", "-71.0973"), token);
  EXPECT_NE(other.body.find("\"me_too_count\":0"), std::string::npos) << other.body;
  // Never on the public page, and nothing personal there.
  EXPECT_EQ(a.Get("/requests/" + id).body.find("reported this too"), std::string::npos);
  // Unknown request: 404.
  EXPECT_EQ(a.Post("/requests/99999999/metoo", {}).status, 404);
}

TEST(PortalList, AreaFilterKeepsTheAreaOnlyAndInItsLinks) {
  Instance city;
  city.Start();
  HttpClient c = city.Client();
  Visitor v(c);
  const std::string north = FileAt(v, "SIDEWALK", "42.3900", "-71.1000");  // Ward 1
  const std::string east = FileAt(v, "SIDEWALK", "42.3500", "-71.0500");   // Ward 3
  HttpResponse ward1 = v.Get("/requests?area=Ward+1&service=SIDEWALK");
  ASSERT_EQ(ward1.status, 200);
  EXPECT_NE(ward1.body.find("/requests/" + north + "\""), std::string::npos);
  EXPECT_EQ(ward1.body.find("/requests/" + east + "\""), std::string::npos);
  EXPECT_NE(ward1.body.find("<option value=\"Ward 1\" selected>"), std::string::npos);
  HttpResponse ward3 = v.Get("/requests?area=Ward%203&service=SIDEWALK");
  EXPECT_EQ(ward3.body.find("/requests/" + north + "\""), std::string::npos);
  EXPECT_NE(ward3.body.find("/requests/" + east + "\""), std::string::npos);
  // An unknown area is no filter at all.
  HttpResponse any = v.Get("/requests?area=Atlantis&service=SIDEWALK");
  EXPECT_NE(any.body.find("/requests/" + north + "\""), std::string::npos);
  EXPECT_NE(any.body.find("/requests/" + east + "\""), std::string::npos);
  // Page links keep the area (51 reports in Ward 1 make a second page).
  for (int i = 0; i < 50; ++i) FileAt(v, "SIDEWALK", "42.3850", "-71.1100");
  HttpResponse first = v.Get("/requests?area=Ward+1&service=SIDEWALK");
  EXPECT_NE(first.body.find("area=Ward%201&amp;days=90&amp;page=2"), std::string::npos)
      << first.body;
  HttpResponse second = v.Get("/requests?service=SIDEWALK&area=Ward%201&page=2");
  EXPECT_NE(second.body.find("/requests/" + north + "\""), std::string::npos) << "the oldest";
  EXPECT_EQ(second.body.find("/requests/" + east + "\""), std::string::npos);
}

TEST(PortalSpanish, ServicesAttributesAndDepartmentsInTheResidentsLanguage) {
  Instance city;
  city.Start();
  HttpClient c = city.Client();
  HttpResponse what = c.Get("/report?lang=es");
  EXPECT_NE(what.body.find(">Bache<"), std::string::npos);
  EXPECT_NE(what.body.find("Calles y aceras"), std::string::npos);
  EXPECT_NE(what.body.find("Reporte un bache en una calle"), std::string::npos);
  EXPECT_EQ(what.body.find(">Pothole<"), std::string::npos);
  HttpResponse details = c.Get("/report/details?service_code=POTHOLE&lang=es");
  EXPECT_NE(details.body.find("¿Dónde está el bache?"), std::string::npos);
  EXPECT_NE(details.body.find("Callejón"), std::string::npos);
  EXPECT_NE(details.body.find("Un número entero de pulgadas"), std::string::npos);
  EXPECT_NE(details.body.find("Obras Públicas procura reparar"), std::string::npos);
  HttpResponse emergency = c.Get("/report/where?service_code=GAS-ODOR&lang=es");
  EXPECT_NE(emergency.body.find("Salga de la zona ahora"), std::string::npos);
  // Searching in Spanish finds the service by its Spanish name.
  EXPECT_NE(c.Get("/report?q=farola+apagada&lang=es").body.find("svc-STREETLIGHT"),
            std::string::npos);
  // English stays English.
  EXPECT_NE(c.Get("/report?lang=en").body.find(">Pothole<"), std::string::npos);
  Visitor v(c);
  const std::string id =
      FileAt(v, "POTHOLE", "42.3471", "-71.0972", {{"attribute[LOCATION]", "STREET"}});
  HttpResponse status = v.Get("/requests/" + id + "?lang=es");
  EXPECT_NE(status.body.find("Bache"), std::string::npos);
  EXPECT_NE(status.body.find("Obras Públicas"), std::string::npos);
  EXPECT_NE(v.Get("/requests?lang=es").body.find("Bache"), std::string::npos);
}

// The area-alert form's map pin (docs/portal.md, "Follows and alerts"): the script sends lat/lon
// from the pin; a pin alone (no address, no name) makes an alert named after the nearest address
// or "Pin on the map"; a pin outside the city is refused next to the field and kept for the map.
TEST(PortalAlerts, APinFromTheMapMakesAnAlertWithoutAnAddress) {
  Instance city;
  MakeUser(city, "pia@example.org", "resident");
  city.Start();
  HttpClient c = city.Client();
  Visitor v(c);
  HttpResponse in =
      v.Post("/account/signin", {{"email", "pia@example.org"}, {"password", kTestPassword}});
  ASSERT_EQ(in.status, 303) << in.Describe();
  v.cookie = {
      {"Cookie", "c311_csrf=" + v.token + "; c311_session=" + CookieValue(in, "c311_session")}};
  HttpResponse page = v.Get("/account/alerts");
  ASSERT_EQ(page.status, 200) << page.Describe();
  // Signed in, the forms carry the session's CSRF token.
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(page.body, m, std::regex(R"re(name="csrf_token" value="([^"]+)")re")));
  v.token = m[1];
  EXPECT_NE(page.body.find("id=\"alert-map\""), std::string::npos);
  EXPECT_NE(page.body.find("name=\"lat\" id=\"alert-lat\" value=\"\""), std::string::npos);

  HttpResponse far = v.Post(
      "/account/alerts", {{"lat", "10.5"}, {"lon", "10.25"}, {"radius", "500"}, {"mode", "feed"}});
  EXPECT_EQ(far.status, 400);
  EXPECT_NE(far.body.find("id=\"alert-place-error\""), std::string::npos) << far.body;
  EXPECT_NE(far.body.find("id=\"alert-lat\" value=\"10.5\""), std::string::npos) << "pin kept";
  HttpResponse junk = v.Post("/account/alerts",
                             {{"lat", "x<b>"}, {"lon", "1"}, {"radius", "500"}, {"mode", "feed"}});
  EXPECT_EQ(junk.status, 400) << "not a point, and no address or area";
  EXPECT_EQ(junk.body.find("x<b>"), std::string::npos);

  HttpResponse made =
      v.Post("/account/alerts",
             {{"lat", "42.3471"}, {"lon", "-71.0972"}, {"radius", "1000"}, {"mode", "feed"}});
  ASSERT_EQ(made.status, 303) << made.Describe();
  page = v.Get("/account/alerts");
  EXPECT_NE(page.body.find(" (1 km) · Feed only"), std::string::npos) << page.body;
  HttpResponse es = v.Get("/account/alerts?lang=es");
  EXPECT_NE(es.body.find("Poner el marcador en el centro del mapa"), std::string::npos);
}

}  // namespace
}  // namespace civic311::it
