#include "domain/webhook.hpp"

#include <algorithm>

#include "base/crypto.hpp"

namespace civic311 {

std::string WebhookSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body) {
  std::string message;
  message.reserve(timestamp.size() + 1 + body.size());
  message.append(timestamp).append(".").append(body);
  return "sha256=" + HmacSha256Hex(secret, message);
}

bool WebhookEndpoint::Wants(std::string_view event) const {
  if (!enabled) return false;
  return events.empty() || std::find(events.begin(), events.end(), event) != events.end();
}

std::optional<WebhookUrl> ParseWebhookUrl(std::string_view url, std::string* problem) {
  auto fail = [&](std::string why) -> std::optional<WebhookUrl> {
    if (problem != nullptr) *problem = std::move(why);
    return std::nullopt;
  };
  WebhookUrl out;
  std::string_view rest;
  if (url.starts_with("https://")) {
    out.https = true;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return fail("must start with http:// or https://");
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f)
      return fail("must not contain blanks, control or non-ASCII characters");
  }
  if (url.find('#') != std::string_view::npos) return fail("must not have a #fragment");
  const size_t end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, end);
  if (end == std::string_view::npos) {
    out.target = "/";
  } else {
    if (rest[end] == '?') out.target = "/";
    out.target.append(rest.substr(end));
  }
  if (authority.find('@') != std::string_view::npos)
    return fail("must not carry a user name or password (use the signing secret)");
  std::string_view port_text;
  if (authority.starts_with("[")) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail("has an unclosed [IPv6 address]");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("has text after the ]");
      port_text = after.substr(1);
      if (port_text.empty()) return fail("has an empty port");
    }
  } else {
    const size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return fail("has an empty port");
    }
  }
  if (out.host.empty()) return fail("has no host");
  unsigned long port = out.https ? 443 : 80;
  if (!port_text.empty()) {
    port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9') return fail("has a port that is not a number");
      port = port * 10 + static_cast<unsigned long>(c - '0');
      if (port > 65535) return fail("has a port above 65535");
    }
    if (port == 0) return fail("has port 0");
  }
  out.port = static_cast<std::uint16_t>(port);
  return out;
}

}  // namespace civic311
