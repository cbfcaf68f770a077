// The staff console against the real binary: every console route refused to anonymous callers
// (sign-in page or 403) and to signed-in residents (403); CSRF on every console form and action;
// sign-in with the form; a stale change answered with the other person's change instead of
// overwriting it; a request created at the call desk through the one SubmitRequest.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "console_support.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

class Console : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeUser(city_, "crew@console.example", "staff", kDemoDepartments);
    MakeUser(city_, "lead@console.example", "manager", kDemoDepartments);
    MakeUser(city_, "agent@console.example", "agent", {"CC311"});
    MakeUser(city_, "resident@console.example", "resident");
    city_.Start();
    city_.PlainServiceCode();
  }
  std::string NewRequest(const std::string& text) {
    HttpClient c = city_.Client();
    HttpResponse r = c.PostForm("/open311/v2/requests.json", city_.NewRequestForm(text));
    if (r.status != 200) throw std::runtime_error("post: " + r.Describe());
    return ParseSubmittedId(r.body);
  }
  Instance city_;
};

TEST_F(Console, EveryRouteIsRefusedToAnonymousCallersAndResidents) {
  const std::string id = NewRequest("console guard test");
  const std::vector<std::string> gets = {"/staff",
                                         "/staff/queue",
                                         "/staff/requests/" + id,
                                         "/staff/desk",
                                         "/staff/desk/answers?q=trash",
                                         "/staff/queue?state=all",
                                         "/staff/dashboard",
                                         "/staff/dashboard.csv?table=summary",
                                         "/staff/live"};
  const std::vector<std::string> posts = {"/staff/queue/bulk",
                                          "/staff/requests/" + id + "/act",
                                          "/staff/desk/answered",
                                          "/staff/desk/create",
                                          "/staff/desk/info",
                                          "/staff/queue/filters",
                                          "/staff/queue/filters/1/delete"};
  HttpClient anon = city_.Client();
  for (const std::string& path : gets) {
    HttpResponse r = anon.Get(path);
    EXPECT_EQ(r.status, 303) << path << " " << r.Describe();
    EXPECT_EQ(r.Header("location").rfind("/staff/signin?next=", 0), 0u) << path;
  }
  for (const std::string& path : posts) {
    EXPECT_EQ(anon.PostForm(path, {{"action", "acknowledge"}}).status, 403) << path;
  }
  // A resident, signed in with a session (through the API: the console refuses them a session),
  // with the right CSRF token of their own session: still 403 everywhere.
  HttpClient c = city_.Client();
  HttpResponse token = c.Send(
      "POST", "/api/v1/auth/token", {{"Content-Type", "application/json"}},
      R"({"email":"resident@console.example","password":")" + std::string(kPassword) + R"("})");
  ASSERT_EQ(token.status, 200) << token.Describe();
  Browser resident{city_.Client(),
                   std::string(boost::json::parse(token.body).at("token").as_string()), ""};
  resident.csrf = CsrfField(resident.Get("/account").body);
  ASSERT_FALSE(resident.csrf.empty());
  for (const std::string& path : gets) {
    HttpResponse r = resident.Get(path);
    EXPECT_EQ(r.status, 403) << path << " " << r.Describe();
    EXPECT_NE(r.Header("content-type").find("text/html"), std::string::npos) << path;
  }
  for (const std::string& path : posts) {
    EXPECT_EQ(resident.Post(path, {{"action", "acknowledge"}, {"version", "1"}}).status, 403)
        << path;
  }
  // And the console's sign-in form gives a resident no session.
  HttpResponse page = anon.Get("/staff/signin");
  const std::string anon_csrf = CookieValue(page, "c311_csrf");
  HttpResponse r = anon.PostForm(
      "/staff/signin",
      {{"email", "resident@console.example"}, {"password", kPassword}, {"csrf_token", anon_csrf}},
      {{"Cookie", "c311_csrf=" + anon_csrf}});
  EXPECT_EQ(r.status, 403) << r.Describe();
  EXPECT_EQ(CookieValue(r, "c311_session"), "");
}

TEST_F(Console, PagesHaveSecurityHeadersAndEveryFormCarriesTheCsrfToken) {
  const std::string id = NewRequest("console headers test");
  Browser crew = SignIn(city_, "crew@console.example");
  ASSERT_FALSE(crew.csrf.empty());
  static const std::regex form(R"(<form[^>]*method="post"[^>]*>([\s\S]*?)</form>)");
  for (const std::string& path :
       {std::string("/staff/queue"), "/staff/requests/" + id, std::string("/staff/desk"),
        std::string("/staff/dashboard"), std::string("/staff/signin")}) {
    HttpResponse r = path == "/staff/signin" ? city_.Client().Get(path) : crew.Get(path);
    ASSERT_EQ(r.status, 200) << path << " " << r.Describe();
    const std::string csp = r.Header("content-security-policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << path;
    EXPECT_EQ(r.Header("cache-control"), "no-store") << path;
    EXPECT_EQ(r.body.find("<script>"), std::string::npos) << path << ": an inline script";
    int forms = 0;
    for (auto it = std::sregex_iterator(r.body.begin(), r.body.end(), form);
         it != std::sregex_iterator(); ++it, ++forms) {
      EXPECT_NE((*it)[1].str().find("name=\"csrf_token\""), std::string::npos)
          << path << ": a form without csrf_token:\n"
          << (*it)[0].str().substr(0, 300);
    }
    EXPECT_GT(forms, 0) << path;
  }
}

TEST_F(Console, ActionsWithoutTheCsrfTokenAreRefusedAndWithItApplied) {
  const std::string id = NewRequest("console csrf test");
  Browser crew = SignIn(city_, "crew@console.example");
  const int v = Version(crew, id);
  ASSERT_GT(v, 0);
  const Params ack = {{"action", "acknowledge"}, {"version", std::to_string(v)}};
  EXPECT_EQ(crew.Post("/staff/requests/" + id + "/act", ack, /*with_csrf=*/false).status, 403);
  Params wrong = ack;
  wrong.push_back({"csrf_token", std::string(64, 'a')});
  EXPECT_EQ(crew.Post("/staff/requests/" + id + "/act", wrong, false).status, 403);
  EXPECT_EQ(Version(crew, id), v) << "a refused action changed the request";
  HttpResponse ok = crew.Post("/staff/requests/" + id + "/act", ack);
  EXPECT_EQ(ok.status, 303) << ok.Describe();
  EXPECT_EQ(Version(crew, id), v + 1);
  // The queue shows it acknowledged; bulk assign-to-me works on a selection.
  HttpResponse bulk = crew.Post("/staff/queue/bulk", {{"bulk_action", "assign_me"},
                                                      {"sel", id + ":" + std::to_string(v + 1)},
                                                      {"back", "/staff/queue"}});
  EXPECT_EQ(bulk.status, 303) << bulk.Describe();
  EXPECT_NE(bulk.Header("location").find("done=1&failed=0"), std::string::npos)
      << bulk.Header("location");
  // The result is said once (not again in the saved-filters block), without a "0 not changed".
  const std::string after = crew.Get(bulk.Header("location")).body;
  const size_t said = after.find("Done: 1 changed.");
  ASSERT_NE(said, std::string::npos) << after;
  EXPECT_EQ(after.find("Done: 1 changed.", said + 1), std::string::npos);
  EXPECT_EQ(after.find("not changed"), std::string::npos);
  EXPECT_NE(crew.Get("/staff/requests/" + id).body.find("crew@console.example"), std::string::npos);
}

TEST_F(Console, AStaleChangeShowsTheOtherPersonsChangeInsteadOfOverwriting) {
  const std::string id = NewRequest("console conflict test");
  Browser crew = SignIn(city_, "crew@console.example");
  Browser lead = SignIn(city_, "lead@console.example");
  const int v = Version(crew, id);
  ASSERT_EQ(Version(lead, id), v);
  // The lead acts first, with a public note.
  HttpResponse first = lead.Post(
      "/staff/requests/" + id + "/act",
      {{"action", "note"}, {"version", std::to_string(v)}, {"text", "Crew booked for Tuesday"}});
  ASSERT_EQ(first.status, 303) << first.Describe();
  // The crew member's page is stale: their note is not saved, they see the lead's change.
  HttpResponse second = crew.Post("/staff/requests/" + id + "/act", {{"action", "note"},
                                                                     {"version", std::to_string(v)},
                                                                     {"seen", "0"},
                                                                     {"text", "My stale note"}});
  EXPECT_EQ(second.status, 409) << second.Describe();
  EXPECT_NE(second.body.find("lead@console.example changed this request a moment ago"),
            std::string::npos)
      << second.body;
  EXPECT_NE(second.body.find("Crew booked for Tuesday"), std::string::npos);
  EXPECT_NE(second.body.find(">My stale note</textarea>"), std::string::npos) << "typed text lost";
  EXPECT_EQ(Version(crew, id), v + 1);
}

TEST_F(Console, TheCallDeskCreatesARequestForACallerAndReadsItBack) {
  Browser agent = SignIn(city_, "agent@console.example");
  HttpResponse created =
      agent.Post("/staff/desk/create", {{"service_code", city_.PlainServiceCode()},
                                        {"address_string", "1 City Hall Sq"},
                                        {"description", "Caller reports a problem by phone"},
                                        {"channel", "phone"},
                                        {"caller_lang", "es"},
                                        {"first_name", "Caller"},
                                        {"phone", "555-0142"}});
  ASSERT_EQ(created.status, 303) << created.Describe();
  const std::string location = created.Header("location");
  ASSERT_EQ(location.rfind("/staff/desk?created=", 0), 0u) << location;
  const std::string id = location.substr(location.find('=') + 1);
  HttpResponse desk = agent.Get(location);
  EXPECT_NE(desk.body.find("data-tracking>" + id + "<"), std::string::npos) << desk.body;
  // Stored like any request: the public API knows it, without the caller's phone.
  HttpResponse pub = city_.Client().Get("/open311/v2/requests/" + id + ".json");
  ASSERT_EQ(pub.status, 200) << pub.Describe();
  EXPECT_EQ(pub.body.find("555-0142"), std::string::npos);
  // A missing service is a readable error next to the form, nothing filed.
  HttpResponse bad = agent.Post("/staff/desk/create", {{"description", "no service"}});
  EXPECT_EQ(bad.status, 400) << bad.Describe();
  EXPECT_NE(bad.body.find("service_code"), std::string::npos);
}

TEST_F(Console, AnAnswerAtTheDeskIsRecordedAsAnInformationContact) {
  Browser agent = SignIn(city_, "agent@console.example");
  HttpResponse hits = agent.Get("/staff/desk/answers?q=animal");
  ASSERT_EQ(hits.status, 200) << hits.Describe();
  EXPECT_NE(hits.body.find("\"slug\":\"animal-control\""), std::string::npos) << hits.body;
  HttpResponse answered =
      agent.Post("/staff/desk/answered", {{"slug", "animal-control"}, {"channel", "phone"}});
  EXPECT_EQ(answered.status, 303) << answered.Describe();
  // An article that does not exist (or a hostile slug) is not recorded.
  EXPECT_EQ(agent.Post("/staff/desk/answered", {{"slug", "no-such-article"}}).status, 400);
  EXPECT_EQ(agent.Post("/staff/desk/answered", {{"slug", "a\r\nSet-Cookie: x=1"}}).status, 400);
  // The manager of the call centre sees it in the audit log: channel, article, language.
  HttpClient c = city_.Client();
  HttpResponse token =
      c.Send("POST", "/api/v1/auth/token", {{"Content-Type", "application/json"}},
             R"({"email":"lead@console.example","password":")" + std::string(kPassword) + R"("})");
  ASSERT_EQ(token.status, 200) << token.Describe();
  const std::string bearer(boost::json::parse(token.body).at("token").as_string());
  HttpResponse audit =
      c.Get("/api/v1/audit?department=CC311", {{"Authorization", "Bearer " + bearer}});
  ASSERT_EQ(audit.status, 200) << audit.Describe();
  EXPECT_NE(audit.body.find("info_contact"), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("animal-control"), std::string::npos) << audit.body;
  EXPECT_EQ(audit.body.find("no-such-article"), std::string::npos) << audit.body;
}

TEST_F(Console, SignInWithAWrongPasswordSaysSoAndGivesNoSession) {
  HttpClient c = city_.Client();
  HttpResponse page = c.Get("/staff/signin");
  const std::string anon = CookieValue(page, "c311_csrf");
  HttpResponse r = c.PostForm(
      "/staff/signin",
      {{"email", "crew@console.example"}, {"password", "not the password"}, {"csrf_token", anon}},
      {{"Cookie", "c311_csrf=" + anon}});
  EXPECT_EQ(r.status, 400) << r.Describe();
  EXPECT_EQ(CookieValue(r, "c311_session"), "");
  EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos);
  // Without the CSRF cookie the form is refused outright.
  EXPECT_EQ(
      c.PostForm("/staff/signin",
                 {{"email", "crew@console.example"}, {"password", kPassword}, {"csrf_token", anon}})
          .status,
      403);
}

}  // namespace
}  // namespace civic311::it
