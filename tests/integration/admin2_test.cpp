// The second part of the admin screens against the real binary (docs/console.md, "Admin"): a new
// person invited by e-mail (the reset link through the outbox, no password ever shown) and
// their role and departments changed, audited; API keys shown once and revoked (the Open311 API
// stops taking the key at once); a knowledge-base article drafted, previewed, published — and
// only then on the portal's /answers; a parked message listed with its recipient masked and
// retried; webhook endpoints on their section form. Every mistake sits next to its field.
#include <gtest/gtest.h>

#include <regex>

#include "accounts.hpp"
#include "browser.hpp"

namespace civic311::it {
namespace {

// Runs the sqlite3 command-line tool (installed by scripts/setup) on the instance's database:
// the tests park a message the way the delivery worker would after its retries.
std::string Sql(const Instance& city, const std::string& sql) {
  ChildProcess p({"/usr/bin/sqlite3", city.db().string(), sql});
  auto status = p.Wait(std::chrono::seconds(60));
  if (!status || *status != 0) throw std::runtime_error("sqlite3: " + p.Stderr());
  std::string out = p.Stdout();
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

class Admin2 : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeUser(city_, "admin@admin2.example", "admin");
    MakeUser(city_, "crew@admin2.example", "staff", DemoDepartments());
    city_.Start();
    admin_ = std::make_unique<Browser>(ConsoleSignIn(city_, "admin@admin2.example", kTestPassword));
  }
  Instance city_;
  std::unique_ptr<Browser> admin_;
};

TEST_F(Admin2, ANewPersonIsInvitedByMailAndTheirAccessChangedAudited) {
  Browser& admin = *admin_;
  const std::string dep = DemoDepartments().front();
  // Mistakes first: each next to its field, nothing created.
  HttpResponse bad = admin.Post(
      "/staff/admin/users/new",
      {{"email", "not-an-address"}, {"name", "Nadia"}, {"role", "boss"}, {"departments", "NOPE"}});
  EXPECT_EQ(bad.status, 400) << bad.Describe();
  EXPECT_NE(bad.body.find("id=\"role-error\""), std::string::npos);
  EXPECT_NE(bad.body.find("id=\"departments-error\""), std::string::npos);
  HttpResponse bad_mail =
      admin.Post("/staff/admin/users/new",
                 {{"email", "not-an-address"}, {"name", "Nadia"}, {"role", "staff"}});
  EXPECT_EQ(bad_mail.status, 400);
  EXPECT_NE(bad_mail.body.find("id=\"email-error\""), std::string::npos);
  EXPECT_EQ(Sql(city_, "SELECT count(*) FROM users WHERE email LIKE 'nadia%'"), "0");

  HttpResponse made = admin.Post("/staff/admin/users/new", {{"email", "Nadia@Admin2.example"},
                                                            {"name", "Nadia"},
                                                            {"role", "agent"},
                                                            {"departments", dep}});
  ASSERT_EQ(made.status, 303) << made.Describe();
  const std::string location = made.Header("location");
  ASSERT_EQ(location.rfind("/staff/admin/users?invited=", 0), 0u) << location;
  const std::string id = location.substr(location.find('=') + 1);
  EXPECT_EQ(Sql(city_, "SELECT role || ' ' || departments FROM users WHERE id = " + id),
            "agent " + dep);
  // The password-reset e-mail waits in the outbox with its one-time token; no page shows one.
  EXPECT_EQ(Sql(city_,
                "SELECT count(*) FROM outbox WHERE kind = 'email' AND event = "
                "'password_reset' AND recipient = 'nadia@admin2.example' AND secret = 1"),
            "1");
  EXPECT_EQ(
      admin.Post("/staff/admin/users/new", {{"email", "nadia@admin2.example"}, {"role", "staff"}})
          .status,
      400);  // the address is taken: said next to the e-mail field
  const std::string list = admin.Get("/staff/admin/users").body;
  EXPECT_NE(list.find("href=\"/staff/admin/users/" + id + "\""), std::string::npos);

  // Role and departments: the form shows them, a change is stored and audited.
  HttpResponse form = admin.Get("/staff/admin/users/" + id);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("value=\"agent\" selected"), std::string::npos);
  EXPECT_NE(form.body.find("value=\"" + dep + "\" checked"), std::string::npos);
  ASSERT_EQ(admin.Post("/staff/admin/users/" + id, {{"role", "manager"}}).status, 303);
  EXPECT_EQ(Sql(city_, "SELECT role || '|' || departments FROM users WHERE id = " + id),
            "manager|");
  EXPECT_EQ(Sql(city_, "SELECT count(*) FROM audit_log WHERE action = 'user_access'"), "1");
  EXPECT_EQ(
      admin.Post("/staff/admin/users/" + id, {{"role", "manager"}, {"departments", "NOPE"}}).status,
      400);
  EXPECT_EQ(admin.Get("/staff/admin/users/99999").status, 404);
}

TEST_F(Admin2, AnApiKeyIsShownOnceAndStopsWorkingWhenRevoked) {
  Browser& admin = *admin_;
  EXPECT_EQ(admin.Post("/staff/admin/keys", {{"name", ""}}).status, 400);
  HttpResponse made = admin.Post("/staff/admin/keys", {{"name", "Citizen app"}});
  ASSERT_EQ(made.status, 200) << made.Describe();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(made.body, m, std::regex(R"(data-new-key>(c311_[A-Za-z0-9]+)<)")))
      << made.body;
  const std::string key = m[1].str();
  EXPECT_EQ(made.Header("cache-control"), "no-store");
  EXPECT_EQ(admin.Get("/staff/admin/keys").body.find(key), std::string::npos) << "shown again";
  EXPECT_EQ(admin.Post("/staff/admin/keys", {{"name", "Citizen app"}}).status, 400);  // taken

  city_.PlainServiceCode();
  Params form = city_.NewRequestForm("posted with the new key");
  for (auto& [k, v] : form)
    if (k == "api_key") v = key;
  EXPECT_EQ(city_.Client().PostForm("/open311/v2/requests.json", form).status, 200);
  const std::string page = admin.Get("/staff/admin/keys").body;
  ASSERT_TRUE(std::regex_search(
      page, m,
      std::regex(
          R"(/staff/admin/keys/(\d+)/revoke" class="inline"><input type="hidden" name="csrf_token" value="[^"]+"><button type="submit" class="btn btn-small btn-secondary" aria-label="Revoke Citizen app")")))
      << page;
  ASSERT_EQ(admin.Post("/staff/admin/keys/" + m[1].str() + "/revoke", {}).status, 303);
  EXPECT_NE(city_.Client().PostForm("/open311/v2/requests.json", form).status, 200);
  EXPECT_EQ(Sql(city_, "SELECT count(*) FROM audit_log WHERE action LIKE 'api_key_%'"), "2");
}

TEST_F(Admin2, AnArticleIsDraftedPreviewedAndOnlyOncePublishedOnAnswers) {
  Browser& admin = *admin_;
  const Params article = {{"slug", "leaf-collection"},
                          {"lang", "en"},
                          {"title", "Leaf collection"},
                          {"summary", "When the city collects leaves."},
                          {"body", "Leaves are collected **every Monday** in November."},
                          {"action", "preview"}};
  HttpResponse preview = admin.Post("/staff/admin/articles/save", article);
  ASSERT_EQ(preview.status, 200) << preview.Describe();
  EXPECT_NE(preview.body.find("<strong>every Monday</strong>"), std::string::npos);
  EXPECT_EQ(Sql(city_, "SELECT count(*) FROM kb_articles WHERE slug = 'leaf-collection'"), "0");
  Params save = article;
  save.back().second = "save";
  ASSERT_EQ(admin.Post("/staff/admin/articles/save", save).status, 303);
  EXPECT_EQ(city_.Client().Get("/answers/leaf-collection").status, 404) << "a draft is public";
  // The same slug and language again as "new": refused next to the slug, the draft kept.
  HttpResponse again = admin.Post("/staff/admin/articles/save", save);
  EXPECT_EQ(again.status, 400);
  EXPECT_NE(again.body.find("id=\"slug-error\""), std::string::npos);
  ASSERT_EQ(admin.Post("/staff/admin/articles/leaf-collection/en/publish", {}).status, 303);
  HttpResponse answer = city_.Client().Get("/answers/leaf-collection");
  EXPECT_EQ(answer.status, 200);
  EXPECT_NE(answer.body.find("<strong>every Monday</strong>"), std::string::npos);
  ASSERT_EQ(admin.Post("/staff/admin/articles/leaf-collection/en/unpublish", {}).status, 303);
  EXPECT_EQ(city_.Client().Get("/answers/leaf-collection").status, 404);
  // A mistake in each field is said next to it.
  HttpResponse bad =
      admin.Post("/staff/admin/articles/save",
                 {{"slug", "Bad Slug"}, {"lang", "fr"}, {"title", ""}, {"body", ""}});
  EXPECT_EQ(bad.status, 400);
  for (const char* id : {"slug-error", "lang-error", "title-error", "body-error"})
    EXPECT_NE(bad.body.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
}

// The side-by-side editor (docs/console.md, "Admin"): the Spanish version written beside the
// English one; one language's mistake refused next to its field with both languages' typing
// kept and nothing written; then both saved in one go, each its own row and audit entry.
TEST_F(Admin2, BothLanguagesOfAnArticleAreEditedSideBySide) {
  Browser& admin = *admin_;
  const std::string service = city_.PlainServiceCode();
  ASSERT_EQ(
      admin
          .Post("/staff/admin/articles/save", {{"slug", "leaf-collection"},
                                               {"lang", "en"},
                                               {"title", "Leaf collection"},
                                               {"summary", "When the city collects leaves."},
                                               {"body", "Leaves are collected **every Monday**."},
                                               {"published", "true"},
                                               {"action", "save"}})
          .status,
      303);
  // The list and the one-language address lead to the editor of both.
  EXPECT_NE(admin.Get("/staff/admin/articles")
                .body.find("href=\"/staff/admin/articles/leaf-collection#col-en\""),
            std::string::npos);
  HttpResponse old = admin.Get("/staff/admin/articles/leaf-collection/es");
  EXPECT_EQ(old.status, 303);
  EXPECT_EQ(old.Header("location"), "/staff/admin/articles/leaf-collection#col-es");
  HttpResponse page = admin.Get("/staff/admin/articles/leaf-collection");
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_NE(page.body.find("id=\"es-missing\""), std::string::npos) << "missing translation";
  EXPECT_EQ(page.body.find("id=\"en-missing\""), std::string::npos);
  EXPECT_NE(page.body.find("id=\"es-title\" name=\"es_title\" lang=\"es\" value=\"\""),
            std::string::npos);
  EXPECT_NE(
      page.body.find("id=\"en-title\" name=\"en_title\" lang=\"en\" value=\"Leaf collection\""),
      std::string::npos);
  EXPECT_NE(page.body.find("<strong>every Monday</strong>"), std::string::npos) << "preview";

  Params both = {{"en_title", "Leaf collection in autumn"},
                 {"en_summary", "When the city collects leaves."},
                 {"en_body", "Leaves are collected **every Monday**."},
                 {"en_published", "true"},
                 {"es_title", ""},
                 {"es_summary", "Cuándo se recogen las hojas."},
                 {"es_body", "Las hojas se recogen **cada lunes**."},
                 {"es_published", "true"},
                 {"services", service},
                 {"action", "save"}};
  // The Spanish title is missing: said next to it; the English change and the Spanish text
  // come back as typed; nothing is written in either language.
  HttpResponse bad = admin.Post("/staff/admin/articles/leaf-collection", both);
  EXPECT_EQ(bad.status, 400) << bad.Describe();
  EXPECT_NE(bad.body.find("id=\"es-title-error\""), std::string::npos);
  EXPECT_EQ(bad.body.find("id=\"en-title-error\""), std::string::npos);
  EXPECT_NE(bad.body.find("value=\"Leaf collection in autumn\""), std::string::npos);
  EXPECT_NE(bad.body.find("Las hojas se recogen **cada lunes**."), std::string::npos);
  EXPECT_EQ(Sql(city_, "SELECT title FROM kb_articles WHERE slug = 'leaf-collection'"),
            "Leaf collection");
  EXPECT_EQ(Sql(city_, "SELECT count(*) FROM audit_log WHERE action = 'article_save'"), "1");

  // Preview renders both with the portal's renderer, still writing nothing.
  both[4].second = "Recogida de hojas";
  Params preview = both;
  preview.back().second = "preview";
  HttpResponse seen = admin.Post("/staff/admin/articles/leaf-collection", preview);
  ASSERT_EQ(seen.status, 200) << seen.Describe();
  EXPECT_NE(seen.body.find("<strong>cada lunes</strong>"), std::string::npos);
  EXPECT_NE(seen.body.find("<strong>every Monday</strong>"), std::string::npos);
  EXPECT_EQ(Sql(city_, "SELECT count(*) FROM kb_articles WHERE slug = 'leaf-collection'"), "1");

  HttpResponse saved = admin.Post("/staff/admin/articles/leaf-collection", both);
  ASSERT_EQ(saved.status, 303) << saved.Describe();
  EXPECT_EQ(saved.Header("location"), "/staff/admin/articles?saved=leaf-collection");
  EXPECT_EQ(Sql(city_,
                "SELECT group_concat(lang || '|' || title || '|' || published || '|' || "
                "service_codes, ';') FROM (SELECT * FROM kb_articles WHERE slug = "
                "'leaf-collection' ORDER BY lang)"),
            "en|Leaf collection in autumn|1|[\"" + service + "\"];es|Recogida de hojas|1|[\"" +
                service + "\"]");
  EXPECT_EQ(Sql(city_,
                "SELECT group_concat(detail, ';') FROM (SELECT detail FROM audit_log WHERE "
                "action = 'article_save' ORDER BY id)"),
            "leaf-collection/en published;leaf-collection/en published;leaf-collection/es "
            "published");
  HttpResponse es = city_.Client().Get("/answers/leaf-collection?lang=es");
  EXPECT_EQ(es.status, 200);
  EXPECT_NE(es.body.find("<strong>cada lunes</strong>"), std::string::npos);
  // Unknown, badly shaped and reserved short names have no editor.
  EXPECT_EQ(admin.Get("/staff/admin/articles/no-such-article").status, 404);
  EXPECT_EQ(admin.Get("/staff/admin/articles/Bad%20Slug").status, 404);
  EXPECT_EQ(admin.Post("/staff/admin/articles/no-such-article", both).status, 404);
  HttpResponse reserved = admin.Post(
      "/staff/admin/articles/save",
      {{"slug", "new"}, {"lang", "en"}, {"title", "T"}, {"body", "B"}, {"action", "save"}});
  EXPECT_EQ(reserved.status, 400);
  EXPECT_NE(reserved.body.find("id=\"slug-error\""), std::string::npos);
}

TEST_F(Admin2, AParkedMessageIsListedMaskedAndRetried) {
  Browser& admin = *admin_;
  ASSERT_EQ(admin
                .Post("/staff/admin/users/new",
                      {{"email", "omar@admin2.example"}, {"name", "Omar"}, {"role", "staff"}})
                .status,
            303);
  // As the worker parks a message after its budget (no SMTP is configured in this test).
  Sql(city_,
      "UPDATE outbox SET parked_at = unixepoch(), attempts = 8, last_error = 'SMTP 550 mailbox "
      "unavailable' WHERE recipient = 'omar@admin2.example'");
  const std::string id =
      Sql(city_, "SELECT id FROM outbox WHERE recipient = 'omar@admin2.example'");
  HttpResponse page = admin.Get("/staff/admin/outbox");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-message=\"" + id + "\""), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("o…@admin2.example"), std::string::npos);
  EXPECT_EQ(page.body.find("omar@admin2.example"), std::string::npos) << "recipient not masked";
  EXPECT_NE(page.body.find("SMTP 550 mailbox unavailable"), std::string::npos);
  ASSERT_EQ(admin.Post("/staff/admin/outbox/" + id + "/retry", {}).status, 303);
  EXPECT_EQ(Sql(city_, "SELECT parked_at IS NULL FROM outbox WHERE id = " + id), "1");
  EXPECT_EQ(admin.Post("/staff/admin/outbox/999999/retry", {}).status, 404);
  Sql(city_, "UPDATE outbox SET parked_at = unixepoch() WHERE id = " + id);
  HttpResponse all = admin.Post("/staff/admin/outbox/retry-all", {});
  ASSERT_EQ(all.status, 303);
  EXPECT_EQ(all.Header("location"), "/staff/admin/outbox?retried=1");
  EXPECT_EQ(Sql(city_, "SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL"), "0");
  EXPECT_EQ(Sql(city_, "SELECT count(*) FROM audit_log WHERE action = 'outbox_retry'"), "2");
  EXPECT_EQ(admin.Get("/staff/admin/outbox?kind=webhook").status, 200);
}

TEST_F(Admin2, AWebhookEndpointIsAddedAndDisabledOnItsForm) {
  Browser& admin = *admin_;
  const std::string page = admin.Get("/staff/admin/webhooks/new").body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page, m, std::regex(R"re(name="based_on" value="(\d+)")re")));
  Params hook = {{"based_on", m[1].str()},
                 {"name", "assets"},
                 {"url", "https://assets.example.org/hook"},
                 {"events", "created, state_changed"},
                 {"secret_env", "ASSETS_WEBHOOK_SECRET"}};  // "enabled" unticked
  HttpResponse saved = admin.Post("/staff/admin/webhooks/new", hook);
  ASSERT_EQ(saved.status, 303) << saved.Describe();
  const std::string toml = admin.Get("/staff/admin/document").body;
  EXPECT_NE(toml.find("enabled = false"), std::string::npos);
  hook[0].second = std::to_string(std::stoi(m[1].str()) + 1);
  hook[2].second = "ftp://nope";
  HttpResponse bad = admin.Post("/staff/admin/webhooks/0", hook);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("error-message"), std::string::npos);
}

}  // namespace
}  // namespace civic311::it
