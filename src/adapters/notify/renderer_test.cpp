// Every message template, rendered for every language against one fixture and compared with
// the expected file under tests/notify/expected/ (a template change shows up as a diff there).
// CIVIC311_UPDATE_EXPECTED=1 rewrites the expected files instead (then review the diff).
#include "adapters/notify/renderer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/notify/email_channel.hpp"

namespace civic311::notify {
namespace {

const std::filesystem::path kExpected =
    std::filesystem::path(CIVIC311_SOURCE_DIR) / "tests/notify/expected";

std::string Read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Check(const std::string& name, const std::string& got) {
  const auto path = kExpected / name;
  if (std::getenv("CIVIC311_UPDATE_EXPECTED") != nullptr) {
    std::filesystem::create_directories(kExpected);
    std::ofstream(path, std::ios::binary) << got;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << "missing expected file " << path;
  EXPECT_EQ(got, Read(path)) << name;
}

OutboxItem Fixture(const std::string& event, const std::string& lang) {
  OutboxItem m;
  m.id = 42;
  m.kind = "email";
  m.event = event;
  m.lang = lang;
  m.recipient = "jane@example.org";
  m.request_id = 1234;
  m.payload =
      R"({"service_request_id":"1234","service_code":"POTHOLE","service_name":"Pothole",)"
      R"("state":"fixed","status":"closed","address":"1 Main St <corner>",)"
      R"("expected_at":"2026-01-08T15:00:00Z","public_note":"Filled & rolled","token":"TK",)"
      R"("parent_id":"1200","department":"PWD","note":"see crew sheet","rule":"overdue-pwd",)"
      R"("trigger":"overdue","display_name":"Ann","user_id":7,"emergency":false,"count":2,)"
      R"("more":true,"since":"2026-01-07T15:00:00Z","until":"2026-01-08T15:00:00Z","requests":[)"
      R"({"service_request_id":"1234","service_name":"Pothole","department":"PWD",)"
      R"("address":"1 Main St <corner>","requested_at":"2026-01-08T09:00:00Z","emergency":""},)"
      R"({"service_request_id":"1235","service_name":"Gas leak","department":"PWD",)"
      R"("address":"","requested_at":"2026-01-08T10:00:00Z","emergency":"yes"}]})";
  return m;
}

class RendererTest : public ::testing::Test {
 protected:
  RendererTest()
      : catalog_(assets::MessageCatalog::Load(assets_).value()),
        renderer_(engine_, catalog_,
                  Branding{"Testville",
                           "https://city.example/logo.png",
                           "#0a5",
                           "help@city.example",
                           {{"Privacy", "https://city.example/privacy"}}},
                  Links("https://city.example/", "test-key")) {}
  assets::Assets assets_;
  assets::TemplateEngine engine_{assets_};
  assets::MessageCatalog catalog_;
  MessageRenderer renderer_;
};

TEST_F(RendererTest, EveryTemplateInEveryLanguageMatchesItsExpectedFile) {
  int rendered = 0;
  for (const std::string lang : {"en", "es"}) {
    for (const std::string event :
         {"received", "state_changed", "information_requested", "resolved", "duplicate", "assigned",
          "transferred", "escalation", "password_reset", "resident_reply", "reopened",
          "parent_outcome", "new_request", "not_fixed", "digest"}) {
      OutboxItem m = Fixture(event, lang);
      ASSERT_TRUE(engine_.Exists("email/" + event + "." + lang + ".txt.mustache")) << event;
      auto mail = renderer_.Email(m);
      ASSERT_TRUE(mail.ok()) << event << " " << lang << ": " << mail.error().detail;
      Check(event + "." + lang + ".txt", "Subject: " + mail->subject + "\n\n" + mail->text);
      Check(event + "." + lang + ".html", mail->html);
      // Values are escaped in HTML, and only there.
      EXPECT_EQ(mail->html.find("<corner>"), std::string::npos) << event;
      ++rendered;
      if (MessageRenderer::ToResident(event)) {
        EXPECT_FALSE(mail->stop_url.empty()) << event;
        EXPECT_NE(mail->text.find(mail->stop_url), std::string::npos) << event;
        auto sms = renderer_.Sms(m);
        ASSERT_TRUE(sms.ok()) << event << " " << lang << ": " << sms.error().detail;
        Check(event + "." + lang + ".sms", *sms);
      } else {
        EXPECT_TRUE(mail->stop_url.empty()) << event;
      }
    }
  }
  EXPECT_EQ(rendered, 30);
}

TEST_F(RendererTest, AnUnknownLanguageFallsBackToEnglish) {
  auto mail = renderer_.Email(Fixture("received", "fr"));
  ASSERT_TRUE(mail.ok());
  EXPECT_NE(mail->subject.find("we received your report #1234"), std::string::npos);
}

TEST_F(RendererTest, FooterLinksAreLabelledInTheMessagesLanguage) {
  Branding b{"Testville", "", "#0a5", "", {{"Privacy", "https://city.example/privacy", {}}}};
  b.footer_links[0].label_i18n["es"] = "Privacidad";
  MessageRenderer localized(engine_, catalog_, b, Links("https://city.example/", "test-key"));
  auto es = localized.Email(Fixture("received", "es"));
  auto en = localized.Email(Fixture("received", "en"));
  ASSERT_TRUE(es.ok() && en.ok());
  EXPECT_NE(es->text.find("Privacidad: https://city.example/privacy"), std::string::npos)
      << es->text;
  EXPECT_NE(en->text.find("Privacy: https://city.example/privacy"), std::string::npos) << en->text;
  EXPECT_EQ(en->text.find("Privacidad"), std::string::npos);
}

TEST(Links, StopTokensVerifyAndRefuseTampering) {
  Links links("https://city.example", "k1");
  const std::string t = links.Token(77, "Jane@Example.org", "stop");
  auto c = links.Verify(t);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->request_id, 77);
  EXPECT_EQ(c->address, "Jane@Example.org");
  EXPECT_EQ(c->scope, "stop");
  std::string forged = t;
  forged[0] = '8';  // another request
  EXPECT_FALSE(links.Verify(forged).has_value());
  EXPECT_FALSE(Links("https://city.example", "k2").Verify(t).has_value());
  EXPECT_FALSE(links.Verify("").has_value());
  EXPECT_FALSE(links.Verify("1.zz.stop.0123456789abcdef0123456789abcdef").has_value());
}

TEST(Mime, MessageIdHeadersAndBothParts) {
  RenderedEmail mail{"Año nuevo", "texto", "<p>html</p>", "https://x.example/notify/stop?t=1"};
  const std::string mime =
      BuildMime(mail, "Testville <noreply@city.example>", "jane@example.org",
                "<e5.email.reporter@city.example>", "", std::chrono::system_clock::now());
  EXPECT_NE(mime.find("Message-ID: <e5.email.reporter@city.example>\r\n"), std::string::npos);
  EXPECT_NE(mime.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(mime.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(mime.find("text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(mime.find("text/html; charset=utf-8"), std::string::npos);
  EXPECT_EQ(AddressOf("Testville <noreply@city.example>"), "noreply@city.example");
  EXPECT_EQ(AddressOf(" a@b.example "), "a@b.example");
}

}  // namespace
}  // namespace civic311::notify
