// Every admin change takes effect without a restart (issue 9, "Admin"; docs/config.md,
// "Versions"), against the real binary: a webhook endpoint added and its URL changed through the
// admin screens is delivered to a real HTTP receiver at the new URL; a [media] limit lowered
// refuses an upload accepted just before; the city's name changed in [branding] is in the next
// e-mail; and a second `serve` on the same database file follows a version stored through the
// first (and `civic311 config import`), without either restarting.
#include <gtest/gtest.h>

#include <boost/beast/core/detail/base64.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <regex>

#include "accounts.hpp"
#include "adapters/notify/test_sinks.hpp"
#include "browser.hpp"

namespace civic311::it {
namespace {

namespace json = boost::json;

constexpr const char* kSecretEnv = "ADMIN3_WEBHOOK_SECRET";

std::string BasedOn(const std::string& page) {
  std::smatch m;
  if (!std::regex_search(page, m, std::regex(R"re(name="based_on" value="(\d+)")re")))
    throw std::runtime_error("no based_on on the page");
  return m[1].str();
}

// The current document (`civic311 config export`, read-only while the server runs).
std::string Exported(const Instance& city) {
  CommandResult r = RunCivic311({"config", "export", "--db", city.db().string()});
  if (r.exit_code != 0) throw std::runtime_error("config export: " + r.Describe());
  return r.out;
}

// Saves `toml` through the admin's whole-document editor (the version the editor shows).
HttpResponse SaveDocument(Browser& admin, const std::string& toml, const std::string& note) {
  const std::string based_on = BasedOn(admin.Get("/staff/admin/document").body);
  return admin.Post("/staff/admin/document",
                    {{"based_on", based_on}, {"toml", toml}, {"note", note}});
}

// The bodies the receiver got, as JSON objects, once `want` have arrived (30 s at most).
std::vector<json::object> Received(const testing::SinkProcess& sink, std::size_t want) {
  std::vector<json::object> out;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    out.clear();
    for (const std::string& f : sink.Files("req-"))
      out.push_back(json::parse(json::parse(f).as_object()["body"].as_string()).as_object());
    if (out.size() >= want) break;
    std::this_thread::sleep_for(20ms);
  }
  return out;
}

bool Mentions(const std::vector<json::object>& bodies, const std::string& id) {
  for (const json::object& b : bodies)
    if (const auto* v = b.if_contains("service_request_id");
        v && v->is_string() && v->get_string() == id)
      return true;
  return false;
}

std::string Multipart(const Params& fields, const std::vector<std::string>& files,
                      const std::string& boundary) {
  std::string body;
  for (const auto& [k, v] : fields)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v +
            "\r\n";
  int i = 0;
  for (const std::string& f : files)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"p" +
            std::to_string(i++) + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" + f + "\r\n";
  return body + "--" + boundary + "--\r\n";
}

// The text parts of every e-mail the SMTP sink received, base64 bodies decoded.
std::vector<std::string> MailTexts(const testing::SinkProcess& sink) {
  std::vector<std::string> out;
  for (const std::string& raw : sink.Files("msg-")) {
    std::string text;
    std::size_t at = 0;
    static const std::string kMark = "Content-Transfer-Encoding: base64\r\n\r\n";
    while ((at = raw.find(kMark, at)) != std::string::npos) {
      at += kMark.size();
      std::size_t end = raw.find("\r\n--", at);
      std::string b64;
      for (char ch : raw.substr(at, end == std::string::npos ? std::string::npos : end - at))
        if (ch != '\r' && ch != '\n') b64 += ch;
      std::string plain(boost::beast::detail::base64::decoded_size(b64.size()), '\0');
      auto [n, used] = boost::beast::detail::base64::decode(plain.data(), b64.data(), b64.size());
      (void)used;
      plain.resize(n);
      text += plain;
    }
    out.push_back(raw.substr(0, raw.find("\r\n\r\n")) + "\n" + text);
  }
  return out;
}

class Admin3 : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv(kSecretEnv, "admin3-webhook-secret-0123456789", 1);  // inherited by the server
    MakeUser(city_, "admin@admin3.example", "admin");
  }
  void StartAndSignIn(const std::vector<std::string>& flags = {}) {
    city_.Start(flags);
    admin_ = std::make_unique<Browser>(ConsoleSignIn(city_, "admin@admin3.example", kTestPassword));
  }
  Instance city_;
  std::unique_ptr<Browser> admin_;
};

TEST_F(Admin3, AWebhookAddedAndMovedOnTheAdminScreensIsDeliveredAtItsNewUrlWithoutARestart) {
  testing::SinkProcess first("http_sink.py", (city_.dir() / "hook-a").string());
  testing::SinkProcess second("http_sink.py", (city_.dir() / "hook-b").string());
  ASSERT_TRUE(first.ok() && second.ok());
  StartAndSignIn();  // the demo city has no [[webhooks]]: no endpoint at start-up
  Browser& admin = *admin_;
  HttpClient c = city_.Client();
  const auto url_of = [](const testing::SinkProcess& s) {
    return "http://127.0.0.1:" + std::to_string(s.port()) + "/hook";
  };
  Params hook = {{"based_on", BasedOn(admin.Get("/staff/admin/webhooks/new").body)},
                 {"name", "gis"},
                 {"url", url_of(first)},
                 {"events", "created"},
                 {"secret_env", "ADMIN3_NOT_SET_ANYWHERE"},
                 {"enabled", "true"}};
  // A secret this server cannot read is refused next to its field: it would be sent nothing.
  HttpResponse refused = admin.Post("/staff/admin/webhooks/new", hook);
  EXPECT_EQ(refused.status, 400) << refused.Describe();
  EXPECT_NE(refused.body.find("ADMIN3_NOT_SET_ANYWHERE"), std::string::npos);
  EXPECT_NE(refused.body.find("id=\"f-secret-env-error\""), std::string::npos)
      << refused.body.substr(0, 4000);

  hook[4].second = kSecretEnv;
  HttpResponse added = admin.Post("/staff/admin/webhooks/new", hook);
  ASSERT_EQ(added.status, 303) << added.Describe();
  const std::string one = Post311(city_, c, "webhook test one");
  auto at_first = Received(first, 1);
  ASSERT_TRUE(Mentions(at_first, one)) << "the new endpoint was not delivered to";

  // The URL moves: the next event goes to the new receiver, none to the old one.
  hook[0].second = BasedOn(admin.Get("/staff/admin/webhooks/0").body);
  hook[2].second = url_of(second);
  HttpResponse moved = admin.Post("/staff/admin/webhooks/0", hook);
  ASSERT_EQ(moved.status, 303) << moved.Describe();
  const std::string two = Post311(city_, c, "webhook test two");
  auto at_second = Received(second, 1);
  EXPECT_TRUE(Mentions(at_second, two)) << "not delivered at the new URL";
  EXPECT_FALSE(Mentions(Received(first, 1), two));
  EXPECT_EQ(Received(first, 1).size(), 1u);
}

TEST_F(Admin3, AMediaLimitLoweredRefusesAnUploadAcceptedJustBefore) {
  const std::filesystem::path photo_path = city_.dir() / "photo.jpg";
  if (std::system(("ffmpeg -nostdin -v error -f lavfi -i testsrc=size=320x240 -frames:v 1 -y '" +
                   photo_path.string() + "' >/dev/null 2>&1")
                      .c_str()) != 0)
    GTEST_SKIP() << "ffmpeg is needed to make a test photo (scripts/setup)";
  const std::string photo = testing::ReadFile(photo_path);
  StartAndSignIn();
  city_.PlainServiceCode();
  auto post = [&](const std::vector<std::string>& files) {
    const std::string boundary = "admin3-boundary";
    return city_.Client().Send("POST", "/open311/v2/requests.json",
                               {{"Content-Type", "multipart/form-data; boundary=" + boundary}},
                               Multipart(city_.NewRequestForm("two photos"), files, boundary));
  };
  HttpResponse before = post({photo, photo});
  ASSERT_EQ(before.status, 200) << before.body;
  // A body of 2 MB is read (and refused for what it is, not for its size) under the default
  // 40 MB upload limit.
  const std::string big_body(2u << 20, 'x');
  HttpResponse big_before =
      city_.Client().Send("POST", "/open311/v2/requests.json",
                          {{"Content-Type", "multipart/form-data; boundary=x"}}, big_body);
  EXPECT_NE(big_before.status, 413) << big_before.Describe();

  std::string toml = Exported(city_);
  toml += "\n[media]\nmax_per_request = 1\nmax_upload_mb = 1\n";
  HttpResponse saved = SaveDocument(*admin_, toml, "one photo per report");
  ASSERT_EQ(saved.status, 303) << saved.Describe();

  HttpResponse after = post({photo, photo});
  EXPECT_EQ(after.status, 400) << after.body;
  EXPECT_NE(after.body.find("at most 1 files per request"), std::string::npos) << after.body;
  EXPECT_EQ(post({photo}).status, 200);
  // Now refused from its headers alone (the body is never sent here).
  HttpResponse big_after = SendRaw(city_.server().port(),
                                   "POST /open311/v2/requests.json HTTP/1.1\r\nHost: t\r\n"
                                   "Content-Type: multipart/form-data; boundary=x\r\n"
                                   "Content-Length: 2097152\r\n\r\n");
  EXPECT_EQ(big_after.status, 413) << big_after.Describe();
}

TEST_F(Admin3, TheCityNameChangedInBrandingIsInTheNextEmail) {
  testing::SinkProcess smtp("smtp_sink.py", (city_.dir() / "smtp").string());
  ASSERT_TRUE(smtp.ok()) << "the SMTP sink did not start (python3-aiosmtpd installed?)";
  StartAndSignIn({"--smtp", "smtp://127.0.0.1:" + std::to_string(smtp.port()), "--mail-from",
                  "Demo City <noreply@demo.example>", "--public-url", "https://demo.example"});
  HttpClient c = city_.Client();
  auto mail_with = [&](const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      // The subject names the report: "…: we received your report #12".
      for (const std::string& m : MailTexts(smtp))
        if (m.find("report #" + id + "\r\n") != std::string::npos) return m;
      std::this_thread::sleep_for(20ms);
    }
    return std::string();
  };
  const std::string first = mail_with(Post311(city_, c, "branding before"));
  ASSERT_FALSE(first.empty()) << "no e-mail for the first report";
  EXPECT_EQ(first.find("Riverbend Borough"), std::string::npos);

  std::string toml = Exported(city_);
  const std::size_t at = toml.find("[branding]\n");
  ASSERT_NE(at, std::string::npos);
  toml.insert(at + 11, "name = \"Riverbend Borough\"\n");
  HttpResponse saved = SaveDocument(*admin_, toml, "renamed");
  ASSERT_EQ(saved.status, 303) << saved.Describe();

  const std::string second = mail_with(Post311(city_, c, "branding after"));
  ASSERT_FALSE(second.empty()) << "no e-mail for the second report";
  EXPECT_NE(second.find("Riverbend Borough"), std::string::npos) << second;
}

// The branding form edits [branding], where the demo city keeps its colours (a colour typed on
// a form for the older [portal] table was refused as "set in both"); its other keys (the footer
// links) stay; the portal's own settings have their own form.
TEST_F(Admin3, BrandingColoursSavedOnTheFormAreLiveAndKeepTheFooterLinks) {
  StartAndSignIn();
  const std::string form = admin_->Get("/staff/admin/branding/0").body;
  ASSERT_NE(form.find("name=\"primary_color\""), std::string::npos) << form.substr(0, 2000);
  EXPECT_NE(form.find("#0b4f8a"), std::string::npos) << "the form shows the demo city's colour";
  HttpResponse saved =
      admin_->Post("/staff/admin/branding/0", {{"logo_url", ""},
                                               {"primary_color", "#123456"},
                                               {"accent_color", "#ffbf47"},
                                               {"reply_to", "311@democity.example"},
                                               {"note", "darker blue"}});
  ASSERT_EQ(saved.status, 303) << saved.Describe();
  const std::string toml = Exported(city_);
  EXPECT_NE(toml.find("primary_color = '#123456'"), std::string::npos) << toml;
  EXPECT_NE(toml.find("footer_links"), std::string::npos) << "the footer links were dropped";
  HttpClient c = city_.Client();
  EXPECT_NE(c.Get("/").body.find("#123456"), std::string::npos) << "the portal uses it at once";
  EXPECT_EQ(admin_->Get("/staff/admin/portal/0").status, 200);
}

TEST_F(Admin3, ASecondServerOnTheSameDatabaseFollowsAVersionStoredThroughTheFirst) {
  StartAndSignIn();
  Server other(city_.db(), {});
  HttpClient there = other.Client();
  const auto home = [&] { return there.Get("/").body; };
  ASSERT_EQ(home().find("Riverbend Borough"), std::string::npos);

  std::string toml = Exported(city_);
  toml.insert(toml.find("[branding]\n") + 11, "name = \"Riverbend Borough\"\n");
  toml += "\n[media]\nmax_upload_mb = 1\n";
  HttpResponse saved = SaveDocument(*admin_, toml, "renamed, smaller uploads");
  ASSERT_EQ(saved.status, 303) << saved.Describe();
  // The first server at once; the other within its follower's next look (about a second).
  EXPECT_NE(city_.Client().Get("/").body.find("Riverbend Borough"), std::string::npos);
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (home().find("Riverbend Borough") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  EXPECT_NE(home().find("Riverbend Borough"), std::string::npos);
  // Its upload limit too: refused from the headers alone.
  HttpResponse big = SendRaw(other.port(),
                             "POST /open311/v2/requests.json HTTP/1.1\r\nHost: t\r\n"
                             "Content-Type: multipart/form-data; boundary=x\r\n"
                             "Content-Length: 2097152\r\n\r\n");
  EXPECT_EQ(big.status, 413) << big.Describe();

  // `civic311 config import` (a third process) reaches both running servers.
  std::ofstream(city_.dir() / "next.toml")
      << std::regex_replace(toml, std::regex("Riverbend Borough"), "Lakeside Township");
  CommandResult imported =
      RunCivic311({"config", "import", "--db", city_.db().string(), "--config",
                   (city_.dir() / "next.toml").string(), "--note", "imported"});
  ASSERT_EQ(imported.exit_code, 0) << imported.Describe();
  const auto until = std::chrono::steady_clock::now() + 30s;
  while ((home().find("Lakeside Township") == std::string::npos ||
          city_.Client().Get("/").body.find("Lakeside Township") == std::string::npos) &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(50ms);
  EXPECT_NE(home().find("Lakeside Township"), std::string::npos);
  EXPECT_NE(city_.Client().Get("/").body.find("Lakeside Township"), std::string::npos);
}

// /answers/{slug} in the reader's language, else the other one with a note that says so (and the
// article's own language marked for screen readers).
TEST_F(Admin3, AnAnswerOnlyInSpanishIsShownToAnEnglishReaderWithANote) {
  StartAndSignIn();
  Params article = {{"slug", "recogida-de-hojas"},
                    {"lang", "es"},
                    {"title", "Recogida de hojas"},
                    {"summary", "Cuándo pasamos."},
                    {"body", "Los **lunes** de noviembre."},
                    {"published", "true"},
                    {"action", "save"}};
  ASSERT_EQ(admin_->Post("/staff/admin/articles/save", article).status, 303);
  HttpClient c = city_.Client();
  HttpResponse en = c.Send("GET", "/answers/recogida-de-hojas", {{"Accept-Language", "en"}}, "");
  ASSERT_EQ(en.status, 200) << en.Describe();
  EXPECT_NE(en.body.find("data-lang-fallback"), std::string::npos);
  EXPECT_NE(en.body.find("not written in English yet"), std::string::npos);
  EXPECT_NE(en.body.find("<article class=\"article\" lang=\"es\">"), std::string::npos);
  EXPECT_NE(en.body.find("<strong>lunes</strong>"), std::string::npos);
  HttpResponse es = c.Send("GET", "/answers/recogida-de-hojas", {{"Accept-Language", "es"}}, "");
  ASSERT_EQ(es.status, 200);
  EXPECT_EQ(es.body.find("data-lang-fallback"), std::string::npos);
}

// `civic311 user access` (README, docs/console.md): the admin screen's "role and departments" from
// the command line, through the same AuthService::ChangeAccess, audited the same way.
TEST_F(Admin3, UserAccessCommandChangesRoleAndDepartmentsAudited) {
  const std::vector<std::string>& deps = DemoDepartments();
  ASSERT_GE(deps.size(), 2u);
  MakeUser(city_, "pat@admin3.example", "staff", {deps[0]});
  const std::string db = city_.db().string();
  CommandResult changed =
      RunCivic311({"user", "access", "--db", db, "--email", "pat@admin3.example", "--role",
                   "manager", "--department", deps[0], "--department", deps[1]});
  ASSERT_EQ(changed.exit_code, 0) << changed.Describe();
  EXPECT_NE(changed.out.find("role staff -> manager"), std::string::npos) << changed.out;
  CommandResult list = RunCivic311({"user", "list", "--db", db});
  ASSERT_EQ(list.exit_code, 0);
  const std::string line = list.out.substr(list.out.find("pat@admin3.example"));
  EXPECT_NE(line.find("manager"), std::string::npos) << line;
  EXPECT_NE(line.find(deps[0] + "," + deps[1]), std::string::npos) << line;
  // Only the role: the departments stay.
  ASSERT_EQ(RunCivic311(
                {"user", "access", "--db", db, "--email", "pat@admin3.example", "--role", "agent"})
                .exit_code,
            0);
  CommandResult again = RunCivic311({"user", "list", "--db", db});
  const std::string line2 = again.out.substr(again.out.find("pat@admin3.example"));
  EXPECT_NE(line2.find("agent"), std::string::npos) << line2;
  EXPECT_NE(line2.find(deps[0] + "," + deps[1]), std::string::npos) << line2;
  ASSERT_EQ(RunCivic311(
                {"user", "access", "--db", db, "--email", "pat@admin3.example", "--no-departments"})
                .exit_code,
            0);
  // Mistakes: nothing changed, a clear line and a non-zero exit.
  EXPECT_EQ(RunCivic311({"user", "access", "--db", db, "--email", "pat@admin3.example"}).exit_code,
            2);
  EXPECT_EQ(RunCivic311({"user", "access", "--db", db, "--email", "pat@admin3.example",
                         "--department", "NOPE"})
                .exit_code,
            2);
  EXPECT_EQ(RunCivic311({"user", "access", "--db", db, "--email", "nobody@admin3.example", "--role",
                         "staff"})
                .exit_code,
            1);
  EXPECT_EQ(
      RunCivic311({"user", "access", "--db", db, "--email", "pat@admin3.example", "--role", "boss"})
          .exit_code,
      2);
  ChildProcess audit(
      {"/usr/bin/sqlite3", db, "SELECT count(*) FROM audit_log WHERE action = 'user_access'"});
  ASSERT_EQ(audit.Wait(60s), 0);
  EXPECT_EQ(audit.Stdout(), "3\n");
}

}  // namespace
}  // namespace civic311::it
