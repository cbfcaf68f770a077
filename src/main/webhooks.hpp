// Outbound webhooks for `civic311 serve` and `civic311 worker`: each [[webhooks]] endpoint with
// its signing secret (from its environment variable or file), for the webhook channel of the
// one delivery worker (adapters/webhook/webhook_channel.hpp, main/notify.cpp).
#pragma once

#include <vector>

#include "adapters/webhook/webhook_channel.hpp"
#include "domain/city.hpp"

namespace civic311 {

// kInvalidArgument (one line per endpoint) when a secret is missing, empty or shorter than 16
// bytes.
Result<std::vector<WebhookTarget>> ReadWebhookTargets(const City& city);

}  // namespace civic311
