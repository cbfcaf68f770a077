// Outbound webhooks for `civic311 serve` and `civic311 worker`: each [[webhooks]] endpoint with
// its signing secret (from its environment variable or file), for the webhook channel of the
// one delivery worker (adapters/webhook/webhook_channel.hpp, main/notify.cpp).
#pragma once

#include <vector>

#include "adapters/webhook/webhook_channel.hpp"
#include "domain/city.hpp"

namespace civic311 {

// kInvalidArgument (one line per endpoint) when a secret is missing, empty or shorter than 16
// bytes (start-up: a bad secret stops serve with one clear line).
Result<std::vector<WebhookTarget>> ReadWebhookTargets(const City& city);

// While running (a new configuration version): the enabled endpoints whose secret can be read;
// each one that cannot is in `problems` as the field error of its setting
// ("<source> webhooks[2].secret_env": the message), and left out (its deliveries wait).
struct WebhookTargetsRead {
  std::vector<WebhookTarget> targets;
  std::vector<FieldError> problems;
};
WebhookTargetsRead ReadWebhookTargetsLenient(const City& city, std::string_view source);

}  // namespace civic311
