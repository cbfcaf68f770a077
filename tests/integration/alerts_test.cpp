// Follows by e-mail and area alerts against the real binary and a real SMTP server
// (tests/notify/smtp_sink.py): an anonymous visitor follows a request from its status page,
// gets only the confirmation (in their language) until they use its link, then hears of public
// changes — never of an internal note, never the reporter's name or address — until their stop
// link stops it; a signed-in resident follows with one click. Area alerts: immediate and digest
// e-mails (confirmed by link first), the alert's own stop link, and the three Atom feeds, each
// parsed by an XML parser and searched for personal data.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "accounts.hpp"
#include "adapters/notify/test_sinks.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

namespace json = boost::json;

const char kPublicUrl[] = "https://city.test";
// The reporter's data and an internal note: none may reach a follower, a subscriber or a feed.
const char kReporterEmail[] = "zebulon.secret@reporter.example";
const char kReporterFirst[] = "Zebulon";
const char kReporterLast[] = "Quuxley";
const char kInternalNote[] = "INTERNAL-ZX81 crew sheet";

std::string Cookie(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == "set-cookie" && v.rfind(name + "=", 0) == 0)
      return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
  }
  return "";
}

std::string CsrfField(const std::string& body) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(R"re(name="csrf_token" value="([0-9a-f]{64})")re")))
    return "";
  return m[1];
}

// The received messages to `rcpt` (raw + decoded parts).
std::vector<std::string> MailTo(const testing::SinkProcess& sink, const std::string& rcpt) {
  std::vector<std::string> out;
  for (const std::string& m : sink.Files("msg-"))
    if (m.rfind("X-Rcpt: " + rcpt + "\r\n", 0) == 0) out.push_back(m);
  return out;
}

// Waits for a message to `rcpt` containing `needle` (in its decoded text); returns it.
std::string WaitForMail(const testing::SinkProcess& sink, const std::string& rcpt,
                        const std::string& needle) {
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    for (const std::string& m : MailTo(sink, rcpt))
      if (m.find(needle) != std::string::npos) return m;
    std::this_thread::sleep_for(20ms);
  }
  ADD_FAILURE() << "no message to " << rcpt << " with \"" << needle << "\"";
  return "";
}

// The token of the first link PUBLIC-URL<path>?t=TOKEN in a message's decoded text.
std::string LinkToken(const std::string& mail, const std::string& path) {
  std::smatch m;
  const std::string decoded = mail.substr(mail.find("--- decoded ---"));
  if (!std::regex_search(decoded, m,
                         std::regex(std::string(kPublicUrl) + path + R"(\?t=([0-9a-z.]+))")))
    return "";
  return m[1];
}

void ExpectNoPersonalData(const std::string& text, const std::string& what) {
  for (const char* secret : {kReporterEmail, kReporterFirst, kReporterLast, "INTERNAL-ZX81"})
    EXPECT_EQ(text.find(secret), std::string::npos) << what << " carries " << secret;
}

// Parses an Atom document with Python's XML parser; returns the entry ids (one per line).
std::string ParseAtom(const Instance& city, const std::string& xml) {
  const std::string path = (city.dir() / "feed.xml").string();
  std::ofstream(path, std::ios::binary) << xml;
  ChildProcess p(
      {"/usr/bin/python3", "-c",
       "import sys, xml.etree.ElementTree as E\n"
       "ns = '{http://www.w3.org/2005/Atom}'\n"
       "r = E.parse(sys.argv[1]).getroot()\n"
       "assert r.tag == ns + 'feed'\n"
       "for t in ('id', 'title', 'updated'): assert r.find(ns + t) is not None\n"
       "for e in r.findall(ns + 'entry'):\n"
       "  for t in ('id', 'title', 'updated', 'link'): assert e.find(ns + t) is not None\n"
       "  print(e.find(ns + 'id').text)\n",
       path});
  EXPECT_EQ(p.Wait(60s), 0) << "not well-formed Atom: " << p.Stderr() << "\n" << xml;
  return p.Stdout();
}

// A request in the demo city (Ward 3) with the reporter's data, by Open311.
std::string Report(Instance& city, HttpClient& c, const std::string& description) {
  Params form = city.NewRequestForm(description);
  for (auto& [k, v] : form)
    if (k == "email") v = kReporterEmail;
  form.push_back({"first_name", kReporterFirst});
  form.push_back({"last_name", kReporterLast});
  HttpResponse r = c.PostForm("/open311/v2/requests.json", form);
  if (r.status != 200) throw std::runtime_error("submit: " + r.Describe());
  return ParseSubmittedId(r.body);
}

// A portal session for a resident: the c311_session cookie.
std::string PortalSignIn(HttpClient& c, const std::string& email) {
  HttpResponse page = c.Get("/account");
  const std::string anon = Cookie(page, "c311_csrf");
  HttpResponse in = c.PostForm(
      "/account/signin", {{"csrf_token", anon}, {"email", email}, {"password", kTestPassword}},
      {{"Cookie", "c311_csrf=" + anon}});
  if (in.status != 303) throw std::runtime_error("portal sign-in: " + in.Describe());
  return Cookie(in, "c311_session");
}

class AlertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeUser(city_, "admin@alerts.example", "admin");
    MakeUser(city_, "rosa@alerts.example", "resident");
    ASSERT_TRUE(sink_.ok()) << "the SMTP sink did not start (python3-aiosmtpd installed?)";
    city_.Start({"--smtp", "smtp://127.0.0.1:" + std::to_string(sink_.port()), "--mail-from",
                 "Demo City <noreply@demo.example>", "--public-url", kPublicUrl});
    city_.PlainServiceCode();
  }
  Instance city_;
  testing::SinkProcess sink_{"smtp_sink.py", (city_.dir() / "sink").string()};
};

TEST_F(AlertsTest, AFollowerConfirmsHearsPublicChangesOnlyAndStops) {
  HttpClient c = city_.Client();
  const std::string admin = SignIn(c, "admin@alerts.example");
  const std::string id = Report(city_, c, "A deep pothole by the school");
  const std::string status_path = "/requests/" + id;

  // Anonymous, in Spanish, from the status page.
  HttpResponse page = c.Get(status_path + "?lang=es");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"email\""), std::string::npos) << "the e-mail follow form";
  const std::string anon = Cookie(page, "c311_csrf");
  const Params anon_cookie = {{"Cookie", "c311_csrf=" + anon + "; c311_lang=es"}};
  HttpResponse bad =
      c.PostForm(status_path + "/follow", {{"csrf_token", anon}, {"email", "nope"}}, anon_cookie);
  ASSERT_EQ(bad.status, 303);
  EXPECT_NE(bad.Header("location").find("follow=bad"), std::string::npos);
  HttpResponse followed =
      c.PostForm(status_path + "/follow", {{"csrf_token", anon}, {"email", "Fan@Follow.example"}},
                 anon_cookie);
  ASSERT_EQ(followed.status, 303) << followed.Describe();
  EXPECT_NE(followed.Header("location").find("follow=sent"), std::string::npos);
  EXPECT_EQ(c.PostForm(status_path + "/follow", {{"email", "x@follow.example"}}).status, 403)
      << "no CSRF token, no follow";

  // Only the confirmation, in Spanish.
  const std::string confirm = WaitForMail(sink_, "fan@follow.example", "confirme");
  const std::string token = LinkToken(confirm, "/notify/confirm");
  ASSERT_FALSE(token.empty()) << confirm;
  ASSERT_EQ(
      Act(c, admin, id, json::object{{"action", "start_work"}, {"text", "crew booked"}}).status,
      200);
  // A GET (a mail scanner) confirms nothing; the button does.
  EXPECT_EQ(c.Get("/notify/confirm?t=" + token).status, 200);
  EXPECT_EQ(c.Get(status_path).body.find("follows this request"), std::string::npos);
  HttpResponse done = c.PostForm("/notify/confirm", {{"t", token}});
  ASSERT_EQ(done.status, 200) << done.Describe();
  EXPECT_EQ(c.PostForm("/notify/confirm", {{"t", token + "0"}}).status, 400) << "forged";
  EXPECT_NE(c.Get(status_path).body.find("1 person follows this request."), std::string::npos);

  // A signed-in resident follows with one click.
  const std::string session = PortalSignIn(c, "rosa@alerts.example");
  const Params rosa = {{"Cookie", "c311_session=" + session}};
  const std::string csrf = CsrfField(c.Get(status_path, rosa).body);
  ASSERT_EQ(c.PostForm(status_path + "/follow", {{"csrf_token", csrf}}, rosa).status, 303);
  EXPECT_NE(c.Get(status_path).body.find("2 people follow this request."), std::string::npos);

  ASSERT_EQ(
      Act(c, admin, id, json::object{{"action", "internal_note"}, {"text", kInternalNote}}).status,
      200);
  ASSERT_EQ(
      Act(c, admin, id, json::object{{"action", "resolve_fixed"}, {"text", "Relleno y compactado"}})
          .status,
      200);
  const std::string update = WaitForMail(sink_, "fan@follow.example", "Relleno y compactado");
  EXPECT_NE(update.find("ahora está"), std::string::npos) << "in Spanish";
  WaitForMail(sink_, "rosa@alerts.example", "Relleno y compactado");
  EXPECT_EQ(update.find("crew booked"), std::string::npos) << "nothing from before confirmation";

  // The stop link stops this request's messages to the fan, not to rosa.
  const std::string stop = LinkToken(update, "/notify/stop");
  ASSERT_FALSE(stop.empty());
  ASSERT_EQ(c.PostForm("/notify/stop", {{"t", stop}, {"scope", "request"}}).status, 200);
  ASSERT_EQ(
      Act(c, admin, id, json::object{{"action", "reopen"}, {"text", "AFTER-STOP reopened"}}).status,
      200);
  WaitForMail(sink_, "rosa@alerts.example", "AFTER-STOP");
  for (const std::string& m : MailTo(sink_, "fan@follow.example"))
    EXPECT_EQ(m.find("AFTER-STOP"), std::string::npos) << "stopped, yet sent";

  // Privacy: no message to a follower carries the reporter's data or the internal note.
  for (const char* who : {"fan@follow.example", "rosa@alerts.example"})
    for (const std::string& m : MailTo(sink_, who)) ExpectNoPersonalData(m, who);
}

TEST_F(AlertsTest, AreaAlertsImmediateAndDigestTheirStopLinkAndTheFeeds) {
  HttpClient c = city_.Client();
  const std::string session = PortalSignIn(c, "rosa@alerts.example");
  const Params rosa = {{"Cookie", "c311_session=" + session}};
  HttpResponse page = c.Get("/account/alerts", rosa);
  ASSERT_EQ(page.status, 200) << page.Describe();
  const std::string csrf = CsrfField(page.body);
  auto create = [&](const Params& fields) {
    Params form = fields;
    form.push_back({"csrf_token", csrf});
    return c.PostForm("/account/alerts", form, rosa);
  };
  EXPECT_EQ(create({{"label", "nowhere"}, {"radius", "500"}}).status, 400) << "no place";
  ASSERT_EQ(create({{"label", "Downtown now"},
                    {"area", "ward-3"},
                    {"mode", "immediate"},
                    {"services", city_.PlainServiceCode()}})
                .status,
            303);
  ASSERT_EQ(create({{"label", "Downtown daily"}, {"area", "ward-3"}, {"mode", "digest"}}).status,
            303);
  ASSERT_EQ(create({{"label", "Downtown feed"}, {"area", "ward-3"}, {"mode", "feed"}}).status, 303);
  // Confirm both e-mail alerts.
  for (const char* label : {"Downtown now", "Downtown daily"}) {
    const std::string mail = WaitForMail(sink_, "rosa@alerts.example", label);
    const std::string token = LinkToken(mail, "/notify/confirm");
    ASSERT_FALSE(token.empty()) << mail;
    ASSERT_EQ(c.PostForm("/notify/confirm", {{"t", token}}).status, 200);
  }
  page = c.Get("/account/alerts", rosa);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"re(/alerts/([a-z2-7]{32})\.atom)re")));
  const std::string feed_token = m[1];

  const std::string first = Report(city_, c, "Broken sidewalk one");
  const std::string second = Report(city_, c, "Broken sidewalk two");
  const std::string now1 = WaitForMail(sink_, "rosa@alerts.example", "#" + first + " ");
  WaitForMail(sink_, "rosa@alerts.example", "#" + second + " ");

  // The digest, written now by the operator's command (normally once a day).
  auto digest = RunCivic311({"alerts", "digest", "--db", city_.db().string()});
  ASSERT_EQ(digest.exit_code, 0) << digest.Describe();
  EXPECT_NE(digest.out.find("1 digest(s) written"), std::string::npos) << digest.out;
  const std::string daily = WaitForMail(sink_, "rosa@alerts.example", "2 new report(s)");
  EXPECT_NE(daily.find(std::string(kPublicUrl) + "/requests/" + first), std::string::npos);
  EXPECT_NE(daily.find(std::string(kPublicUrl) + "/requests/" + second), std::string::npos);

  // The alert's stop link (RFC 8058 one-click) deletes that alert only.
  const std::string stop = LinkToken(now1, "/alerts/stop");
  ASSERT_FALSE(stop.empty()) << now1;
  EXPECT_EQ(c.Get("/alerts/stop?t=" + stop).status, 200);
  ASSERT_EQ(c.PostForm("/alerts/stop?t=" + stop, {{"List-Unsubscribe", "One-Click"}}).status, 200);
  page = c.Get("/account/alerts", rosa);
  EXPECT_EQ(page.body.find("Downtown now"), std::string::npos);
  EXPECT_NE(page.body.find("Downtown daily"), std::string::npos);

  // Feeds: well-formed Atom, the new requests, no personal data, an unknown one is a 404.
  for (const std::string& path :
       {"/alerts/" + feed_token + ".atom", std::string("/feeds/areas/ward-3.atom"),
        std::string("/requests.atom?state=open&days=7"), std::string("/requests.atom")}) {
    HttpResponse feed = c.Get(path);
    ASSERT_EQ(feed.status, 200) << path << ": " << feed.Describe();
    EXPECT_EQ(feed.Header("content-type"), "application/atom+xml; charset=utf-8") << path;
    const std::string ids = ParseAtom(city_, feed.body);
    EXPECT_NE(ids.find("/requests/" + first + "\n"), std::string::npos) << path << ": " << ids;
    EXPECT_NE(ids.find("/requests/" + second + "\n"), std::string::npos) << path;
    ExpectNoPersonalData(feed.body, path);
    EXPECT_EQ(feed.body.find("Broken sidewalk"), std::string::npos) << "no description";
  }
  EXPECT_EQ(c.Get("/requests.atom?state=closed").body.find("/requests/" + first + "<"),
            std::string::npos)
      << "the list's filters apply to its feed";
  EXPECT_EQ(c.Get("/feeds/areas/ward-4.atom").body.find("/requests/" + first + "<"),
            std::string::npos);
  EXPECT_EQ(c.Get("/feeds/areas/atlantis.atom").status, 404);
  EXPECT_EQ(c.Get("/alerts/" + std::string(32, 'a') + ".atom").status, 404);
  for (const std::string& mail : MailTo(sink_, "rosa@alerts.example"))
    ExpectNoPersonalData(mail, "alert e-mail");
}

}  // namespace
}  // namespace civic311::it
