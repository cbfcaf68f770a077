#include "adapters/notify/links.hpp"

#include <charconv>

#include "base/crypto.hpp"

namespace civic311::notify {
namespace {

constexpr size_t kMacHex = 32;  // 128 bits of the HMAC

std::string Hex(std::string_view s) {
  static const char* d = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() * 2);
  for (unsigned char c : s) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data() + i, s.data() + i + 2, v, 16);
    if (ec != std::errc() || p != s.data() + i + 2) return std::nullopt;
    out += static_cast<char>(v);
  }
  return out;
}

}  // namespace

Links::Links(std::string public_url, std::string key)
    : public_url_(std::move(public_url)), key_(std::move(key)) {
  while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

std::string Links::Status(std::int64_t request_id) const {
  return public_url_ + "/requests/" + std::to_string(request_id);
}

std::string Links::Token(std::int64_t request_id, std::string_view address,
                         std::string_view scope) const {
  std::string body = std::to_string(request_id);
  body += '.';
  body += Hex(address);
  body += '.';
  body += scope;
  return body + "." + HmacSha256Hex(key_, body).substr(0, kMacHex);
}

std::string Links::Stop(std::int64_t request_id, std::string_view address) const {
  return public_url_ + "/notify/stop?t=" + Token(request_id, address, "stop");
}

std::string Links::Survey(std::int64_t request_id, std::string_view address,
                          std::string_view answer) const {
  return public_url_ + "/notify/survey?t=" + Token(request_id, address, answer);
}

std::string Links::Confirm(std::string_view what, std::int64_t id, std::string_view address) const {
  return public_url_ + "/notify/confirm?t=" + Token(id, address, what);
}

std::string Links::AlertStop(std::int64_t alert_id, std::string_view address) const {
  return public_url_ + "/alerts/stop?t=" + Token(alert_id, address, "alertstop");
}

std::optional<LinkClaim> Links::Verify(std::string_view token) const {
  const size_t last = token.rfind('.');
  if (last == std::string_view::npos || token.size() - last - 1 != kMacHex) return std::nullopt;
  const std::string_view body = token.substr(0, last);
  if (!ConstantTimeEqual(HmacSha256Hex(key_, body).substr(0, kMacHex), token.substr(last + 1)))
    return std::nullopt;
  const size_t a = body.find('.');
  const size_t b = body.rfind('.');
  if (a == std::string_view::npos || b == a) return std::nullopt;
  LinkClaim c;
  auto [p, ec] = std::from_chars(body.data(), body.data() + a, c.request_id);
  if (ec != std::errc() || p != body.data() + a) return std::nullopt;
  auto address = Unhex(body.substr(a + 1, b - a - 1));
  if (!address) return std::nullopt;
  c.address = std::move(*address);
  c.scope = std::string(body.substr(b + 1));
  return c;
}

}  // namespace civic311::notify
