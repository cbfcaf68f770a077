#include "adapters/webhook/webhook_channel.hpp"

#include <algorithm>

#include "base/log.hpp"

namespace civic311 {

WebhookChannel::WebhookChannel(std::vector<WebhookTarget> targets, WebhookTransport& transport,
                               const Clock& clock)
    : targets_(std::make_shared<const Targets>(std::move(targets))),
      transport_(transport),
      clock_(clock) {}

void WebhookChannel::SetTargets(std::vector<WebhookTarget> targets) {
  targets_.store(std::make_shared<const Targets>(std::move(targets)));
}

std::vector<std::string> WebhookChannel::recipients() const {
  std::vector<std::string> out;
  for (const WebhookTarget& t : *targets_.load()) out.push_back(t.endpoint.name);
  return out;
}

std::string WebhookChannel::DeliveryId(const OutboxItem& m) {
  const bool moved = !m.key.empty() && std::all_of(m.key.begin(), m.key.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  return moved ? m.key : std::to_string(m.id);
}

std::string WebhookChannel::Body(const OutboxItem& m) {
  std::string out = "{\"delivery_id\":\"" + DeliveryId(m) + "\",\"webhook\":\"";
  AppendJsonEscaped(out, m.recipient);
  out += '"';
  std::string_view rest = m.payload;
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) rest.remove_prefix(1);
  if (rest.starts_with('{')) {
    rest.remove_prefix(1);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) rest.remove_prefix(1);
    if (!rest.starts_with('}')) out += ',';
    out.append(rest);
  } else {
    out += '}';  // not an object (never written so): send the ids only
  }
  return out;
}

SendResult WebhookChannel::Send(const OutboxItem& m) {
  // One snapshot for the whole send: an admin's change cannot free the target under us.
  const std::shared_ptr<const Targets> targets = targets_.load();
  const WebhookTarget* target = nullptr;
  for (const WebhookTarget& t : *targets)
    if (t.endpoint.name == m.recipient) target = &t;
  // Rare: the endpoint was removed between the worker's claim and this send.
  if (target == nullptr)
    return SendResult::Retry("endpoint \"" + m.recipient + "\" not configured");
  WebhookPost post;
  post.url = target->endpoint.url;
  post.body = Body(m);
  const std::string timestamp = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count());
  post.headers = {
      {"Content-Type", "application/json"},
      {"User-Agent", "civic311-webhook/1"},
      {"X-Civic311-Event", m.event},
      {"X-Civic311-Delivery", DeliveryId(m)},
      {"X-Civic311-Attempt", std::to_string(m.attempt)},
      {"X-Civic311-Timestamp", timestamp},
      {"X-Civic311-Signature", WebhookSignature(target->secret, timestamp, post.body)},
  };
  WebhookResponse answer = transport_.Post(post);
  if (answer.status >= 200 && answer.status <= 299) return SendResult::Delivered();
  // Every other answer is retried (docs/webhooks.md): never parked.
  return SendResult::Retry(answer.status != 0
                               ? "HTTP " + std::to_string(answer.status)
                               : (answer.error.empty() ? "no response" : answer.error));
}

}  // namespace civic311
