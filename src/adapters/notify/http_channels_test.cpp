// The SMS and dispatch channels against a real HTTP receiver on loopback
// (tests/notify/http_sink.py): the wire shape (Twilio-style form, basic auth, client reference;
// signed JSON with the callback number), and the outcome of each kind of answer.
#include "adapters/notify/http_channels.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "adapters/notify/test_sinks.hpp"
#include "adapters/storage/sqlite/test_support.hpp"
#include "domain/webhook.hpp"

namespace civic311::testing {
namespace {

namespace json = boost::json;

class HttpChannelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sink_ = std::make_unique<SinkProcess>("http_sink.py", dir_.File("http"));
    ASSERT_TRUE(sink_->ok());
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(sink_->port()) + path;
  }
  json::object Last() { return json::parse(sink_->Files("req-").back()).as_object(); }

  OutboxItem Message(const std::string& kind, const std::string& event) {
    OutboxItem m;
    m.id = 9;
    m.kind = kind;
    m.event = event;
    m.lang = "es";
    m.recipient = "+15550100";
    m.request_id = 77;
    m.key = "e12." + kind + ".reporter";
    m.payload = R"({"service_request_id":"77","service_name":"Fuga de gas","state":"submitted",)"
                R"("callback_phone":"+15550100","lat":"40.1","lon":"-74.2"})";
    return m;
  }

  TempDir dir_;
  std::unique_ptr<SinkProcess> sink_;
  assets::Assets assets_;
  assets::TemplateEngine engine_{assets_};
  assets::MessageCatalog catalog_ = assets::MessageCatalog::Load(assets_).value();
  notify::MessageRenderer renderer_{engine_, catalog_, notify::Branding{.city_name = "Testville"},
                                    notify::Links("https://city.example", "k")};
};

TEST_F(HttpChannelsTest, SmsIsATwilioStyleFormWithBasicAuthAndAReference) {
  notify::SmsChannel sms(Url("/sms"), "+15559999", "AC123:secret", renderer_);
  auto r = sms.Send(Message("sms", "received"));
  EXPECT_EQ(r.outcome, SendResult::Outcome::kDelivered) << r.error;
  json::object got = Last();
  EXPECT_EQ(got["path"].as_string(), "/sms");
  const std::string body(got["body"].as_string());
  EXPECT_NE(body.find("To=%2B15550100"), std::string::npos) << body;
  EXPECT_NE(body.find("From=%2B15559999"), std::string::npos) << body;
  EXPECT_NE(body.find("Body=Testville%3A%20reporte"), std::string::npos) << body;  // Spanish
  const auto& h = got["headers"].as_object();
  EXPECT_EQ(h.at("Authorization").as_string(), "Basic QUMxMjM6c2VjcmV0");
  EXPECT_EQ(h.at("Idempotency-Key").as_string(), "e12.sms.reporter");

  sink_->Set("status", "400");  // a bad number: permanent
  EXPECT_EQ(sms.Send(Message("sms", "received")).outcome, SendResult::Outcome::kRejected);
  sink_->Set("status", "503");
  EXPECT_EQ(sms.Send(Message("sms", "received")).outcome, SendResult::Outcome::kRetry);
  sink_->Set("status", "429");
  EXPECT_EQ(sms.Send(Message("sms", "received")).outcome, SendResult::Outcome::kRetry);
  notify::SmsChannel nowhere("http://127.0.0.1:1/sms", "+1", "", renderer_);
  EXPECT_EQ(nowhere.Send(Message("sms", "received")).outcome, SendResult::Outcome::kRetry);
}

TEST_F(HttpChannelsTest, DispatchIsSignedJsonWithTheCallbackNumber) {
  notify::DispatchChannel dispatch(Url("/dispatch"), "0123456789abcdef0123");
  auto r = dispatch.Send(Message("dispatch", "emergency"));
  EXPECT_EQ(r.outcome, SendResult::Outcome::kDelivered) << r.error;
  json::object got = Last();
  const std::string body(got["body"].as_string());
  json::object payload = json::parse(body).as_object();
  EXPECT_EQ(payload["callback_phone"].as_string(), "+15550100");
  EXPECT_EQ(payload["event"].as_string(), "emergency");
  EXPECT_EQ(payload["message_id"].as_string(), "e12.dispatch.reporter");
  const auto& h = got["headers"].as_object();
  const std::string ts(h.at("X-Civic311-Timestamp").as_string());
  EXPECT_EQ(h.at("X-Civic311-Signature").as_string(),
            WebhookSignature("0123456789abcdef0123", ts, body));
  EXPECT_LE(dispatch.max_retry().count(), 10);  // retried every few seconds
}

}  // namespace
}  // namespace civic311::testing
