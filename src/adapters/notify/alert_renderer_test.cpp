// The follow and area-alert e-mails, rendered for every language against a fixture and compared
// with tests/notify/expected/ (CIVIC311_UPDATE_EXPECTED=1 rewrites them): each ends with its
// stop link, confirmations carry a verifiable confirm link, an alert's stop link stops the alert,
// the digest lists its requests, and values are escaped in HTML.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "adapters/notify/renderer.hpp"

namespace civic311::notify {
namespace {

const std::filesystem::path kExpected =
    std::filesystem::path(CIVIC311_SOURCE_DIR) / "tests/notify/expected";

void Check(const std::string& name, const std::string& got) {
  const auto path = kExpected / name;
  if (std::getenv("CIVIC311_UPDATE_EXPECTED") != nullptr) {
    std::ofstream(path, std::ios::binary) << got;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing expected file " << path;
  std::ostringstream s;
  s << in.rdbuf();
  EXPECT_EQ(got, s.str()) << name;
}

OutboxItem Fixture(const std::string& event, const std::string& lang) {
  OutboxItem m;
  m.id = 43;
  m.kind = "email";
  m.event = event;
  m.lang = lang;
  m.recipient = "fan@example.org";
  if (event.starts_with("follow_")) m.request_id = 1234;
  m.payload = R"({"service_request_id":"1234","service_code":"POTHOLE","service_name":"Pothole",)"
              R"("state":"in_progress","status":"open","address":"1 Main St <corner>",)"
              R"("public_note":"Crew & truck booked","alert_id":"9","alert_label":"Home <3",)"
              R"("alert_area":"","alert_radius_m":500,"alert_mode":"immediate","count":2,)"
              R"("items":"[{\"service_request_id\":\"1234\",\"service_name\":\"Pothole\",)"
              R"(\"address\":\"1 Main St <corner>\",\"state\":\"submitted\"},)"
              R"({\"service_request_id\":\"1235\",\"service_name\":\"Graffiti\",\"address\":\"\",)"
              R"(\"state\":\"fixed\"}]"})";
  return m;
}

class AlertRendererTest : public ::testing::Test {
 protected:
  AlertRendererTest()
      : catalog_(assets::MessageCatalog::Load(assets_).value()),
        renderer_(engine_, catalog_, Branding{"Testville", "", "#0a5", "", {}},
                  Links("https://city.example", "test-key")) {}
  assets::Assets assets_;
  assets::TemplateEngine engine_{assets_};
  assets::MessageCatalog catalog_;
  MessageRenderer renderer_;
};

TEST_F(AlertRendererTest, EveryFollowAndAlertEmailInEveryLanguageMatchesItsExpectedFile) {
  int rendered = 0;
  for (const std::string lang : {"en", "es"}) {
    for (const std::string event :
         {"follow_confirm", "follow_update", "alert_confirm", "alert_new", "alert_digest"}) {
      ASSERT_TRUE(engine_.Exists("email/" + event + "." + lang + ".html.mustache")) << event;
      auto mail = renderer_.Email(Fixture(event, lang));
      ASSERT_TRUE(mail.ok()) << event << " " << lang << ": " << mail.error().detail;
      Check(event + "." + lang + ".txt", "Subject: " + mail->subject + "\n\n" + mail->text);
      Check(event + "." + lang + ".html", mail->html);
      EXPECT_EQ(mail->html.find("<corner>"), std::string::npos) << event;
      EXPECT_EQ(mail->html.find("Home <3"), std::string::npos) << event;
      // Every one ends with a stop link.
      ASSERT_FALSE(mail->stop_url.empty()) << event;
      EXPECT_NE(mail->text.find(mail->stop_url), std::string::npos) << event;
      const bool alert = event.starts_with("alert_");
      EXPECT_EQ(mail->stop_url.starts_with("https://city.example/alerts/stop?t="), alert) << event;
      ++rendered;
    }
  }
  EXPECT_EQ(rendered, 10);
}

TEST_F(AlertRendererTest, ConfirmLinksVerifyForTheirAddressAndWhat) {
  auto mail = renderer_.Email(Fixture("follow_confirm", "en"));
  ASSERT_TRUE(mail.ok());
  const std::string marker = "https://city.example/notify/confirm?t=";
  const size_t at = mail->text.find(marker);
  ASSERT_NE(at, std::string::npos) << mail->text;
  const std::string token =
      mail->text.substr(at + marker.size(), mail->text.find('\n', at) - at - marker.size());
  auto claim = renderer_.links().Verify(token);
  ASSERT_TRUE(claim.has_value());
  EXPECT_EQ(claim->scope, "follow");
  EXPECT_EQ(claim->request_id, 1234);
  EXPECT_EQ(claim->address, "fan@example.org");

  auto alert = renderer_.Email(Fixture("alert_confirm", "es"));
  ASSERT_TRUE(alert.ok());
  const size_t a = alert->text.find(marker);
  ASSERT_NE(a, std::string::npos);
  auto c = renderer_.links().Verify(
      alert->text.substr(a + marker.size(), alert->text.find('\n', a) - a - marker.size()));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->scope, "alert");
  EXPECT_EQ(c->request_id, 9);
}

TEST_F(AlertRendererTest, TheDigestListsItsRequestsWithTheirLinks) {
  auto mail = renderer_.Email(Fixture("alert_digest", "en"));
  ASSERT_TRUE(mail.ok());
  EXPECT_NE(mail->text.find("https://city.example/requests/1234"), std::string::npos);
  EXPECT_NE(mail->text.find("https://city.example/requests/1235"), std::string::npos);
  EXPECT_NE(mail->html.find("1 Main St &lt;corner&gt;"), std::string::npos);
  EXPECT_NE(mail->text.find("(fixed)"), std::string::npos);
}

}  // namespace
// The radius reads as the portal writes it, in the message's language: "1 km", "1,5 km", never
// "1000 m".
TEST_F(AlertRendererTest, AlertConfirmationWritesTheRadiusAsThePortalDoes) {
  for (const auto& [lang, radius, words] : {std::tuple{"en", "1000", "within 1 km of"},
                                            std::tuple{"es", "1500", "a menos de 1,5 km de"},
                                            std::tuple{"en", "250", "within 250 m of"}}) {
    OutboxItem m = Fixture("alert_confirm", lang);
    const std::string from = R"("alert_radius_m":500)";
    m.payload.replace(m.payload.find(from), from.size(),
                      std::string(R"("alert_radius_m":)") + radius);
    auto mail = renderer_.Email(m);
    ASSERT_TRUE(mail.ok()) << mail.error().detail;
    EXPECT_NE(mail->text.find(words), std::string::npos) << mail->text;
    EXPECT_NE(mail->html.find(words), std::string::npos) << mail->html;
    EXPECT_EQ(mail->text.find("000 m"), std::string::npos) << mail->text;
  }
}

}  // namespace civic311::notify
