// The admin screens against the real binary (docs/console.md, "Admin"): only admins get in
// (every other role and anonymous callers are refused on every admin route), CSRF on every form,
// a service added through the form is live at once — in the Open311 catalogue and enforced on
// submissions — without a restart, a mistake is shown next to its field and stores nothing,
// revert, and `civic311 config export/import` round-trip the document.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "accounts.hpp"
#include "browser.hpp"

namespace civic311::it {
namespace {

const Params kBenchService = {{"code", "BENCH"},
                              {"name", "Broken bench"},
                              {"department", "PRK"},
                              {"sla", "5 business days"},
                              {"takes_reports", "true"},
                              {"sub_count", "1"},
                              {"attributes[0].code", "DAMAGE"},
                              {"attributes[0].datatype", "singlevaluelist"},
                              {"attributes[0].description", "What is broken?"},
                              {"attributes[0].required", "true"},
                              {"attributes[0].variable", "true"},
                              {"attributes[0].values", "SEAT = The seat\r\nLEGS = The legs"}};

int VersionCount(Browser& admin) {
  const std::string page = admin.Get("/staff/admin").body;
  static const std::regex row("/staff/admin/versions/\\d+\"");
  return static_cast<int>(
      std::distance(std::sregex_iterator(page.begin(), page.end(), row), std::sregex_iterator()));
}

int CurrentVersion(Browser& admin) {
  std::smatch m;
  const std::string page = admin.Get("/staff/admin/services/new").body;
  static const std::regex based(R"re(name="based_on" value="(\d+)")re");
  return std::regex_search(page, m, based) ? std::stoi(m[1].str()) : -1;
}

class Admin : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeUser(city_, "admin@admin.example", "admin");
    MakeUser(city_, "lead@admin.example", "manager", DemoDepartments());
    MakeUser(city_, "crew@admin.example", "staff", DemoDepartments());
    MakeUser(city_, "agent@admin.example", "agent", {"CC311"});
    MakeUser(city_, "resident@admin.example", "resident");
    city_.Start();
  }
  Instance city_;
};

TEST_F(Admin, EveryAdminRouteIsRefusedToEveryoneButAdmins) {
  const std::vector<std::string> gets = {"/staff/admin",
                                         "/staff/admin/versions/1",
                                         "/staff/admin/document",
                                         "/staff/admin/route",
                                         "/staff/admin/services",
                                         "/staff/admin/services/0",
                                         "/staff/admin/services/new",
                                         "/staff/admin/departments",
                                         "/staff/admin/calendar/0",
                                         "/staff/admin/rules",
                                         "/staff/admin/templates",
                                         "/staff/admin/branding/0",
                                         "/staff/admin/portal/0",
                                         "/staff/admin/areas",
                                         "/staff/admin/escalations",
                                         "/staff/admin/users",
                                         "/staff/admin/users/new",
                                         "/staff/admin/users/1",
                                         "/staff/admin/keys",
                                         "/staff/admin/crews",
                                         "/staff/admin/articles",
                                         "/staff/admin/articles/new",
                                         "/staff/admin/articles/animal-control",
                                         "/staff/admin/outbox",
                                         "/staff/admin/outbox?kind=webhook",
                                         "/staff/admin/webhooks",
                                         "/staff/admin/webhooks/new"};
  const std::vector<std::string> posts = {"/staff/admin/versions/1/revert",
                                          "/staff/admin/document",
                                          "/staff/admin/services/new",
                                          "/staff/admin/services/0",
                                          "/staff/admin/services/0/delete",
                                          "/staff/admin/users/1/disable",
                                          "/staff/admin/users/new",
                                          "/staff/admin/users/1",
                                          "/staff/admin/keys",
                                          "/staff/admin/keys/1/revoke",
                                          "/staff/admin/crews",
                                          "/staff/admin/crews/1",
                                          "/staff/admin/articles/save",
                                          "/staff/admin/articles/animal-control",
                                          "/staff/admin/articles/animal-control/en/unpublish",
                                          "/staff/admin/outbox/1/retry",
                                          "/staff/admin/outbox/retry-all",
                                          "/staff/admin/webhooks/new"};
  HttpClient anon = city_.Client();
  for (const std::string& path : gets) {
    HttpResponse r = anon.Get(path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.Header("location").rfind("/staff/signin?next=", 0), 0u) << path;
  }
  for (const std::string& path : posts) EXPECT_EQ(anon.PostForm(path, {}).status, 403) << path;

  // A resident with a session of their own (the API's: the console gives them none).
  HttpClient c = city_.Client();
  Browser resident{city_.Client(), SignIn(c, "resident@admin.example"), ""};
  resident.csrf = CsrfField(resident.Get("/account").body);
  ASSERT_FALSE(resident.csrf.empty());
  std::vector<Browser> refused;
  for (const char* who : {"lead@admin.example", "crew@admin.example", "agent@admin.example"})
    refused.push_back(ConsoleSignIn(city_, who, kTestPassword));
  refused.push_back(std::move(resident));
  // The one-language article address of earlier releases redirects admins to the editor of
  // both languages; everyone else is refused it like the rest.
  const std::string old_article = "/staff/admin/articles/animal-control/en";
  EXPECT_EQ(anon.Get(old_article).status, 303);
  EXPECT_EQ(anon.Get(old_article).Header("location").rfind("/staff/signin?next=", 0), 0u);
  for (Browser& b : refused) {
    EXPECT_EQ(b.Get(old_article).status, 403);
    for (const std::string& path : gets) EXPECT_EQ(b.Get(path).status, 403) << path;
    for (const std::string& path : posts)
      EXPECT_EQ(b.Post(path, kBenchService).status, 403) << path;
  }
  Browser admin = ConsoleSignIn(city_, "admin@admin.example", kTestPassword);
  for (const std::string& path : gets) {
    HttpResponse r = admin.Get(path);
    EXPECT_EQ(r.status, 200) << path << " " << r.Describe();
    EXPECT_FALSE(r.Header("content-security-policy").empty()) << path;
    EXPECT_EQ(r.Header("cache-control"), "no-store") << path;
  }
  EXPECT_EQ(admin.Get(old_article).Header("location"),
            "/staff/admin/articles/animal-control#col-en");
  EXPECT_EQ(VersionCount(admin), 1);  // nothing the others tried was stored
}

TEST_F(Admin, EveryFormCarriesTheCsrfTokenAndPostsWithoutItAreRefused) {
  Browser admin = ConsoleSignIn(city_, "admin@admin.example", kTestPassword);
  for (const char* path : {"/staff/admin/services/0", "/staff/admin/services/new",
                           "/staff/admin/document", "/staff/admin/calendar/0"}) {
    const std::string page = admin.Get(path).body;
    std::size_t forms = 0, tokens = 0;
    for (std::size_t at = page.find("<form method=\"post\""); at != std::string::npos;
         at = page.find("<form method=\"post\"", at + 1)) {
      ++forms;
      const std::size_t end = page.find("</form>", at);
      if (page.substr(at, end - at).find("name=\"csrf_token\"") != std::string::npos) ++tokens;
    }
    EXPECT_GT(forms, 0u) << path;
    EXPECT_EQ(forms, tokens) << path;
  }
  EXPECT_EQ(admin.Post("/staff/admin/services/new", kBenchService, false).status, 403);
  Params wrong = kBenchService;
  wrong.push_back({"csrf_token", "not-the-token"});
  EXPECT_EQ(admin.Post("/staff/admin/services/new", wrong, false).status, 403);
  EXPECT_EQ(VersionCount(admin), 1);
}

TEST_F(Admin, AServiceAddedInTheFormIsLiveAtOnceAndItsRequiredAttributeEnforced) {
  Browser admin = ConsoleSignIn(city_, "admin@admin.example", kTestPassword);
  HttpClient c = city_.Client();
  Params form = kBenchService;
  form.push_back({"based_on", std::to_string(CurrentVersion(admin))});
  HttpResponse saved = admin.Post("/staff/admin/services/new", form);
  ASSERT_EQ(saved.status, 303) << saved.Describe();
  EXPECT_EQ(saved.Header("location"), "/staff/admin/services?saved=2");

  // No restart: the catalogue, the definition and the submission rules are the new ones.
  EXPECT_NE(c.Get("/open311/v2/services.json").body.find("\"BENCH\""), std::string::npos);
  HttpResponse definition = c.Get("/open311/v2/services/BENCH.json");
  EXPECT_EQ(definition.status, 200);
  EXPECT_NE(definition.body.find("DAMAGE"), std::string::npos);
  const LatLon at = DemoLocation();
  Params report = {{"api_key", city_.api_key()},
                   {"service_code", "BENCH"},
                   {"lat", std::to_string(at.lat)},
                   {"long", std::to_string(at.lon)},
                   {"description", "the bench by the pond"}};
  HttpResponse missing = c.PostForm("/open311/v2/requests.json", report);
  EXPECT_EQ(missing.status, 400) << missing.Describe();
  EXPECT_NE(missing.body.find("DAMAGE"), std::string::npos) << missing.body;
  report.push_back({"attribute[DAMAGE]", "SEAT"});
  HttpResponse ok = c.PostForm("/open311/v2/requests.json", report);
  EXPECT_EQ(ok.status, 200) << ok.Describe();
  // The portal offers it too, and its department is the form's.
  EXPECT_NE(c.Get("/report").body.find("Broken bench"), std::string::npos);
  HttpResponse stored = c.Get("/open311/v2/requests/" + ParseSubmittedId(ok.body) + ".json");
  EXPECT_NE(stored.body.find("Parks"), std::string::npos) << stored.body;
}

// A yes/no that defaults to "yes" is absent from most documents: the form must show it ticked,
// or saving an entry unchanged would turn a reporting service off and its questions into
// information only.
TEST_F(Admin, SavingAServiceUnchangedKeepsItsDefaultYesFields) {
  Browser admin = ConsoleSignIn(city_, "admin@admin.example", kTestPassword);
  const std::string page = admin.Get("/staff/admin/services/0").body;
  EXPECT_TRUE(
      std::regex_search(page, std::regex(R"re(name="takes_reports" value="true" checked)re")))
      << page.substr(0, 3000);
  if (page.find("name=\"attributes[0].code\" value=\"\"") == std::string::npos &&
      page.find("name=\"attributes[0].code\"") != std::string::npos) {
    EXPECT_NE(page.find(R"(name="attributes[0].variable" value="true" checked)"),
              std::string::npos);
  }
  auto falses = [&admin] {
    const std::string doc = admin.Get("/staff/admin/document").body;
    static const std::regex off("takes_reports = false");
    return std::distance(std::sregex_iterator(doc.begin(), doc.end(), off), std::sregex_iterator());
  };
  const auto before = falses();
  // Posting back what the page shows (the ticked boxes) changes no service's reporting.
  Params form;
  static const std::regex field(R"re(<(?:input|textarea|select)[^>]*name="([^"]+)"[^>]*>)re");
  static const std::regex value_of(R"re(value="([^"]*)")re");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), field);
       it != std::sregex_iterator(); ++it) {
    const std::string tag = (*it)[0].str(), name = (*it)[1].str();
    if (tag.find("type=\"checkbox\"") != std::string::npos &&
        tag.find(" checked") == std::string::npos)
      continue;
    std::smatch v;
    if (tag.rfind("<input", 0) == 0 && std::regex_search(tag, v, value_of)) {
      form.push_back({name, v[1].str()});
    }
  }
  ASSERT_FALSE(form.empty());
  HttpResponse saved = admin.Post("/staff/admin/services/0", form);
  EXPECT_TRUE(saved.status == 303 || saved.status == 200 || saved.status == 400)
      << saved.Describe();
  const std::string again = admin.Get("/staff/admin/services/0").body;
  EXPECT_NE(again.find(R"(name="takes_reports" value="true" checked)"), std::string::npos);
  EXPECT_EQ(falses(), before);
}

TEST_F(Admin, AMistakeIsShownNextToItsFieldAndNothingIsStored) {
  Browser admin = ConsoleSignIn(city_, "admin@admin.example", kTestPassword);
  Params form = kBenchService;
  for (auto& [k, v] : form) {
    if (k == "sla") v = "2 bizness days";
    if (k == "attributes[0].values") v = "";  // a list without choices
  }
  HttpResponse r = admin.Post("/staff/admin/services/new", form);
  EXPECT_EQ(r.status, 400);
  // Each message sits in its field's block, tied to the input by aria-describedby.
  std::smatch m;
  EXPECT_TRUE(std::regex_search(r.body, m, std::regex(R"re(id="f-sla-error">[^<]*bizness)re")))
      << r.body;
  // The loader names the answer type for a list without choices.
  EXPECT_TRUE(std::regex_search(
      r.body, m, std::regex(R"re(id="f-attributes-0--datatype-error">[^<]*list of choices)re")));
  // Fields without a mistake carry none.
  EXPECT_EQ(r.body.find("id=\"f-name-error\""), std::string::npos);
  EXPECT_NE(r.body.find("aria-describedby=\"f-sla-error\""), std::string::npos);
  // What was typed is kept.
  EXPECT_NE(r.body.find("value=\"2 bizness days\""), std::string::npos);
  EXPECT_EQ(VersionCount(admin), 1);
  EXPECT_EQ(city_.Client().Get("/open311/v2/services/BENCH.json").status, 404);
}

TEST_F(Admin, RevertBringsTheOldConfigurationBackAsANewVersion) {
  Browser admin = ConsoleSignIn(city_, "admin@admin.example", kTestPassword);
  ASSERT_EQ(admin.Post("/staff/admin/services/new", kBenchService).status, 303);
  HttpClient c = city_.Client();
  ASSERT_EQ(c.Get("/open311/v2/services/BENCH.json").status, 200);
  const std::string diff = admin.Get("/staff/admin/versions/2").body;
  std::smatch m;
  EXPECT_TRUE(
      std::regex_search(diff, m, std::regex(R"re(class="diff-add">\+name = [^<]*Broken bench)re")))
      << diff;
  HttpResponse r = admin.Post("/staff/admin/versions/1/revert", {{"based_on", "2"}});
  ASSERT_EQ(r.status, 303) << r.Describe();
  EXPECT_EQ(c.Get("/open311/v2/services/BENCH.json").status, 404);
  EXPECT_EQ(VersionCount(admin), 3);
  EXPECT_NE(admin.Get("/staff/admin").body.find("reverted to version 1"), std::string::npos);
  // A stale form (based on version 2) is refused, not applied over version 3.
  EXPECT_EQ(admin.Post("/staff/admin/versions/2/revert", {{"based_on", "2"}}).status, 409);
}

TEST_F(Admin, DisablingAPersonEndsTheirSessionsAndIsAudited) {
  Browser admin = ConsoleSignIn(city_, "admin@admin.example", kTestPassword);
  Browser crew = ConsoleSignIn(city_, "crew@admin.example", kTestPassword);
  ASSERT_EQ(crew.Get("/staff/queue").status, 200);
  const std::string page = admin.Get("/staff/admin/users").body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      page, m,
      std::regex(
          R"re(/staff/admin/users/(\d+)/disable" class="inline"><input type="hidden" name="csrf_token" value="[^"]+"><button type="submit" class="btn btn-small btn-secondary" aria-label="Disable crew@admin.example")re")))
      << page;
  const std::string id = m[1].str();
  ASSERT_EQ(admin.Post("/staff/admin/users/" + id + "/disable", {}).status, 303);
  EXPECT_EQ(crew.Get("/staff/queue").status, 303);  // signed out
  EXPECT_THROW(ConsoleSignIn(city_, "crew@admin.example", kTestPassword), std::runtime_error);
  // An admin cannot lock themselves out.
  ASSERT_TRUE(std::regex_search(page, m, std::regex(R"re(<td>admin@admin\.example</td>)re")));
  ASSERT_EQ(admin.Post("/staff/admin/users/" + id + "/enable", {}).status, 303);
  EXPECT_NO_THROW(ConsoleSignIn(city_, "crew@admin.example", kTestPassword));
}

TEST_F(Admin, TestAPointExplainsTheRoute) {
  Browser admin = ConsoleSignIn(city_, "admin@admin.example", kTestPassword);
  const LatLon at = DemoLocation();
  HttpResponse r = admin.Get("/staff/admin/route?service=POTHOLE&lat=" + std::to_string(at.lat) +
                             "&long=" + std::to_string(at.lon));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("data-route-reason"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("service POTHOLE"), std::string::npos);
  EXPECT_NE(
      admin.Get("/staff/admin/route?service=POTHOLE&lat=abc&long=1").body.find("Enter a latitude"),
      std::string::npos);
}

TEST(ConfigCommand, ExportImportRoundTrip) {
  Instance city;
  const std::string db = city.db().string();
  CommandResult exported = RunCivic311({"config", "export", "--db", db});
  ASSERT_EQ(exported.exit_code, 0) << exported.Describe();
  EXPECT_NE(exported.out.find("[[services]]"), std::string::npos);
  const std::string file = (city.dir() / "city.toml").string();
  std::ofstream(file) << exported.out << "\n[[services]]\ncode = \"BENCH\"\nname = \"Bench\"\n"
                      << "department = \"PRK\"\n";
  CommandResult imported = RunCivic311({"config", "import", "--db", db, "--config", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.Describe();
  EXPECT_NE(imported.out.find("version 2"), std::string::npos) << imported.out;
  CommandResult again = RunCivic311({"config", "export", "--db", db});
  std::ifstream in(file);
  std::stringstream written;
  written << in.rdbuf();
  EXPECT_EQ(again.out, written.str());  // byte for byte, comments included
  // A broken file: every mistake with its line, nothing stored.
  std::ofstream(file) << exported.out << "\n[[services]]\ncode = \"X\"\nname = \"X\"\n"
                      << "department = \"NOPE\"\nsla = \"2 bizness days\"\n";
  CommandResult bad = RunCivic311({"config", "import", "--db", db, "--config", file});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("NOPE"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("bizness"), std::string::npos) << bad.err;
  EXPECT_EQ(RunCivic311({"config", "export", "--db", db}).out, written.str());
  EXPECT_EQ(RunCivic311({"config", "frobnicate", "--db", db}).exit_code, 2);
}

}  // namespace
}  // namespace civic311::it
