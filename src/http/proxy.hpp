// Trusted reverse proxies: who the client is (X-Forwarded-For) and whether it used TLS
// (X-Forwarded-Proto), believed only when the TCP peer is one of our own proxies.
//
// Thread-safety: a TrustedProxies is immutable after Parse; Contains and ResolveClient are safe
// from any thread.
#pragma once

#include <array>
#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace civic311::http {

class TrustedProxies {
 public:
  // Each spec is an IPv4 or IPv6 address ("10.0.0.7", "::1") or a CIDR block ("10.0.0.0/8",
  // "fd00::/8"). kInvalidArgument names the first bad spec.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& specs);

  bool empty() const { return nets_.empty(); }
  // IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match IPv4 entries.
  bool Contains(const boost::asio::ip::address& a) const;

 private:
  struct Net {
    bool v4;
    std::array<std::uint8_t, 16> bytes;
    int prefix;  // bits
  };
  std::vector<Net> nets_;
};

struct ClientInfo {
  std::string ip;
  bool secure = false;
};

// The client address: `peer` itself unless it is a trusted proxy; then X-Forwarded-For is walked
// from the right, skipping trusted proxies, and the first untrusted address is the client (a
// garbage entry stops the walk at the last good hop). `forwarded_for` holds the comma-joined
// values of every X-Forwarded-For header in order. `secure` is true when the trusted peer says
// X-Forwarded-Proto: https (its rightmost value).
ClientInfo ResolveClient(const TrustedProxies& proxies, const boost::asio::ip::address& peer,
                         std::string_view peer_text, std::string_view forwarded_for,
                         std::string_view forwarded_proto);

// Unmaps ::ffff:a.b.c.d to a.b.c.d; other addresses are returned unchanged.
boost::asio::ip::address Canonical(const boost::asio::ip::address& a);

}  // namespace civic311::http
