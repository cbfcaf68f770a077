#include "adapters/notify/http_channels.hpp"

#include "domain/webhook.hpp"

namespace civic311::notify {

SendResult HttpOutcome(const HttpAnswer& a) {
  if (a.status >= 200 && a.status <= 299) return SendResult::Delivered();
  if (a.status == 0) return SendResult::Retry(a.error.empty() ? "no response" : a.error);
  const std::string why = "HTTP " + std::to_string(a.status);
  if (a.status >= 400 && a.status <= 499 && a.status != 408 && a.status != 429)
    return SendResult::Rejected(why);
  return SendResult::Retry(why);
}

SmsChannel::SmsChannel(std::string gateway_url, std::string from, std::string auth,
                       const MessageRenderer& renderer)
    : url_(std::move(gateway_url)),
      from_(std::move(from)),
      auth_(std::move(auth)),
      renderer_(renderer) {
  InitCurl();
}

SendResult SmsChannel::Send(const OutboxItem& m) {
  if (m.recipient.empty()) return SendResult::Rejected("no recipient");
  auto text = renderer_.Sms(m);
  if (!text.ok()) return SendResult::Rejected("render: " + text.error().detail);
  const std::string body = FormEncode({{"To", m.recipient}, {"From", from_}, {"Body", *text}});
  const std::string key = m.StableKey();
  return HttpOutcome(HttpPost(pool_, url_,
                              {"Content-Type: application/x-www-form-urlencoded",
                               "Idempotency-Key: " + key, "X-Civic311-Reference: " + key},
                              body, auth_, 20));
}

DispatchChannel::DispatchChannel(std::string url, std::string secret)
    : url_(std::move(url)), secret_(std::move(secret)) {
  InitCurl();
}

std::string DispatchChannel::Body(const OutboxItem& m) {
  std::string out = "{\"message_id\":\"" + m.StableKey() + "\",\"event\":\"emergency\"";
  std::string_view rest = m.payload;
  if (rest.starts_with('{')) rest.remove_prefix(1);
  if (!rest.empty() && !rest.starts_with('}')) out += ',';
  out.append(rest);
  if (rest.empty()) out += '}';
  return out;
}

SendResult DispatchChannel::Send(const OutboxItem& m) {
  const std::string body = Body(m);
  const std::string timestamp =
      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count());
  std::vector<std::string> headers = {"Content-Type: application/json",
                                      "User-Agent: civic311-dispatch/1",
                                      "X-Civic311-Event: emergency",
                                      "X-Civic311-Delivery: " + m.StableKey(),
                                      "X-Civic311-Attempt: " + std::to_string(m.attempt),
                                      "X-Civic311-Timestamp: " + timestamp};
  if (!secret_.empty())
    headers.push_back("X-Civic311-Signature: " + WebhookSignature(secret_, timestamp, body));
  return HttpOutcome(HttpPost(pool_, url_, headers, body, "", 5));
}

}  // namespace civic311::notify
