#include "http/proxy.hpp"

#include <charconv>

#include "http/form_decode.hpp"

namespace civic311::http {
namespace asio = boost::asio;
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::array<std::uint8_t, 16> Bytes(const asio::ip::address& a) {
  std::array<std::uint8_t, 16> out{};
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    std::copy(b.begin(), b.end(), out.begin());
  } else {
    auto b = a.to_v6().to_bytes();
    std::copy(b.begin(), b.end(), out.begin());
  }
  return out;
}

// Parses one X-Forwarded-For entry: an address, optionally "[v6]:port" or "v4:port".
bool ParseForwardedAddress(std::string_view s, asio::ip::address* out) {
  s = Trim(s);
  if (s.empty() || s.size() > 64) return false;
  std::string text;
  if (s.front() == '[') {
    size_t close = s.find(']');
    if (close == std::string_view::npos) return false;
    text = std::string(s.substr(1, close - 1));
  } else if (s.find(':') != s.rfind(':')) {
    text = std::string(s);  // bare IPv6
  } else {
    text = std::string(s.substr(0, s.find(':')));  // IPv4, maybe with a port
  }
  boost::system::error_code ec;
  *out = Canonical(asio::ip::make_address(text, ec));
  return !ec;
}

}  // namespace

asio::ip::address Canonical(const asio::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  }
  return a;
}

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& specs) {
  TrustedProxies t;
  for (const auto& spec : specs) {
    std::string_view s = Trim(spec);
    size_t slash = s.find('/');
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(std::string(s.substr(0, slash)), ec);
    Error bad = Error::InvalidArgument("invalid trusted proxy \"" + spec +
                                       "\": expected an IP address or CIDR block");
    if (ec) return bad;
    addr = Canonical(addr);
    int max_bits = addr.is_v4() ? 32 : 128;
    int prefix = max_bits;
    if (slash != std::string_view::npos) {
      std::string_view bits = s.substr(slash + 1);
      auto [p, err] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
      if (err != std::errc() || p != bits.data() + bits.size() || bits.empty() || prefix < 0 ||
          prefix > max_bits) {
        return bad;
      }
    }
    t.nets_.push_back({addr.is_v4(), Bytes(addr), prefix});
  }
  return t;
}

bool TrustedProxies::Contains(const asio::ip::address& raw) const {
  asio::ip::address a = Canonical(raw);
  auto bytes = Bytes(a);
  for (const Net& n : nets_) {
    if (n.v4 != a.is_v4()) continue;
    int full = n.prefix / 8;
    int rest = n.prefix % 8;
    if (!std::equal(bytes.begin(), bytes.begin() + full, n.bytes.begin())) continue;
    if (rest != 0) {
      auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
      if ((bytes[full] & mask) != (n.bytes[full] & mask)) continue;
    }
    return true;
  }
  return false;
}

ClientInfo ResolveClient(const TrustedProxies& proxies, const asio::ip::address& peer,
                         std::string_view peer_text, std::string_view forwarded_for,
                         std::string_view forwarded_proto) {
  ClientInfo info;
  if (proxies.empty() || !proxies.Contains(peer)) {
    info.ip = std::string(peer_text);
    return info;
  }
  if (!forwarded_proto.empty()) {
    size_t comma = forwarded_proto.rfind(',');
    std::string_view last =
        comma == std::string_view::npos ? forwarded_proto : forwarded_proto.substr(comma + 1);
    info.secure = EqualsIgnoreCase(Trim(last), "https");
  }
  // Walk right to left; each trusted hop vouches for the entry to its left.
  std::string_view rest = forwarded_for;
  std::string client(peer_text);
  while (!Trim(rest).empty()) {
    size_t comma = rest.rfind(',');
    std::string_view entry = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    asio::ip::address a;
    if (!ParseForwardedAddress(entry, &a)) break;  // garbage: the last good hop is the client
    client = a.to_string();
    if (!proxies.Contains(a)) break;
  }
  info.ip = std::move(client);
  return info;
}

}  // namespace civic311::http
