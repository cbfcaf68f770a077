// Outbound webhooks: the endpoints a city configures ([[webhooks]], docs/config.md) and the
// event names they may subscribe to. The wire format is in docs/webhooks.md.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civic311 {

// The events a webhook receives, by the name used in the config filter, the payload ("event")
// and the X-Civic311-Event header (app/request_events.hpp maps timeline events to them).
inline constexpr std::string_view kWebhookEvents[] = {
    "created", "state_changed", "assigned", "transferred", "note", "updated", "escalated"};

// An http:// or https:// URL split for the client. Only the forms a webhook may use:
// scheme://host[:port][/path][?query]; no user info, no fragment.
struct WebhookUrl {
  bool https = false;
  std::string host;  // IPv6 without brackets
  std::uint16_t port = 0;
  std::string target;  // path and query, at least "/"
};

// The URL, or nullopt with *problem saying what is wrong (for config messages).
std::optional<WebhookUrl> ParseWebhookUrl(std::string_view url, std::string* problem);

struct WebhookEndpoint {
  std::string name;  // unique per city; the delivery rows refer to it
  std::string url;   // validated by ParseWebhookUrl
  // Where the signing secret comes from: exactly one is set. The secret itself is never in the
  // config (which is stored in the database); `civic311 serve` reads it at start-up.
  std::string secret_env;
  std::string secret_file;
  std::vector<std::string> events;  // kWebhookEvents names; empty: every event
  // `enabled = false` in the config: kept (name, URL, filter) but sent nothing new; messages
  // already written to it wait in the outbox.
  bool enabled = true;

  // Whether the endpoint is enabled and subscribes to `event`.
  bool Wants(std::string_view event) const;
};

// The X-Civic311-Signature value of webhooks and dispatch pushes (docs/webhooks.md):
// "sha256=" + lower-case hex HMAC-SHA256(secret, timestamp + "." + body).
std::string WebhookSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body);

}  // namespace civic311
