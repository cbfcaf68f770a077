// The on-duty alert about an emergency dispatch did not acknowledge ("dispatch_unacknowledged",
// docs/notifications.md): e-mail and SMS in each language against the expected files under
// tests/notify/expected/ (CIVIC311_UPDATE_EXPECTED=1 rewrites them; review the diff).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

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
  ASSERT_TRUE(std::filesystem::exists(path)) << "missing expected file " << path;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream want;
  want << in.rdbuf();
  EXPECT_EQ(got, want.str()) << name;
}

TEST(DispatchAlertRender, EmailAndSmsInEveryLanguageMatchTheirExpectedFiles) {
  assets::Assets assets;
  assets::TemplateEngine engine(assets);
  assets::MessageCatalog catalog = assets::MessageCatalog::Load(assets).value();
  MessageRenderer renderer(engine, catalog, Branding{.city_name = "Testville"},
                           Links("https://city.example/", "test-key"));
  for (const std::string lang : {"en", "es"}) {
    OutboxItem m;
    m.id = 7;
    m.kind = "email";
    m.event = "dispatch_unacknowledged";
    m.lang = lang;
    m.recipient = "duty@city.example";
    m.request_id = 1234;
    m.lane = 1;
    // The dispatch push's fields with the alert's on top, as the store writes them.
    m.payload =
        R"({"service_request_id":"1234","service_name":"Gas leak","address":"1 Main St <corner>",)"
        R"("description":"Smell of gas & hissing","lat":"40.1","lon":"-74.2",)"
        R"("callback_phone":"+15550100","flagged_reason":"Caller hears hissing",)"
        R"("on_duty_name":"Ann","dispatch_id":"e5.dispatch","dispatch_attempts":9,)"
        R"("dispatch_error":"HTTP 503","dispatch_parked":false,"waited_seconds":60,)"
        R"("dispatched_at":"2026-01-08T15:00:00Z"})";
    auto mail = renderer.Email(m);
    ASSERT_TRUE(mail.ok()) << lang << ": " << mail.error().detail;
    Check("dispatch_unacknowledged." + lang + ".txt",
          "Subject: " + mail->subject + "\n\n" + mail->text);
    Check("dispatch_unacknowledged." + lang + ".html", mail->html);
    EXPECT_TRUE(mail->stop_url.empty());                        // to staff: no stop link
    EXPECT_EQ(mail->html.find("<corner>"), std::string::npos);  // escaped in HTML
    m.kind = "sms";
    auto sms = renderer.Sms(m);
    ASSERT_TRUE(sms.ok()) << lang << ": " << sms.error().detail;
    Check("dispatch_unacknowledged." + lang + ".sms", *sms);
    EXPECT_NE(sms->find("1234"), std::string::npos);
  }
}

}  // namespace
}  // namespace civic311::notify
