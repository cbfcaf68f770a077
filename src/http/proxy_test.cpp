#include "http/proxy.hpp"

#include <gtest/gtest.h>

#include "http/request_id.hpp"

namespace civic311::http {
namespace {

boost::asio::ip::address Ip(const char* s) { return boost::asio::ip::make_address(s); }

TrustedProxies Proxies(std::vector<std::string> specs) {
  auto p = TrustedProxies::Parse(specs);
  EXPECT_TRUE(p.ok());
  return p.ok() ? *p : TrustedProxies();
}

TEST(TrustedProxies, ExactAndCidr) {
  auto p = Proxies({"127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1", "192.168.1.0/25"});
  EXPECT_TRUE(p.Contains(Ip("127.0.0.1")));
  EXPECT_FALSE(p.Contains(Ip("127.0.0.2")));
  EXPECT_TRUE(p.Contains(Ip("10.200.3.4")));
  EXPECT_FALSE(p.Contains(Ip("11.0.0.1")));
  EXPECT_TRUE(p.Contains(Ip("fd12::1")));
  EXPECT_FALSE(p.Contains(Ip("fe80::1")));
  EXPECT_TRUE(p.Contains(Ip("::1")));
  EXPECT_TRUE(p.Contains(Ip("::ffff:10.1.2.3")));  // mapped v4
  EXPECT_TRUE(p.Contains(Ip("192.168.1.127")));
  EXPECT_FALSE(p.Contains(Ip("192.168.1.128")));
}

TEST(TrustedProxies, RejectsBadSpecs) {
  for (const char* bad : {"", "localhost", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::1/129"}) {
    auto p = TrustedProxies::Parse({bad});
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(ResolveClient, UntrustedPeerIgnoresHeaders) {
  auto p = Proxies({"10.0.0.1"});
  auto c = ResolveClient(p, Ip("203.0.113.9"), "203.0.113.9", "1.2.3.4", "https");
  EXPECT_EQ(c.ip, "203.0.113.9");
  EXPECT_FALSE(c.secure);
}

TEST(ResolveClient, RightmostUntrustedAddress) {
  auto p = Proxies({"10.0.0.0/8"});
  // client spoofs "6.6.6.6"; real client 1.2.3.4 reached proxy 10.0.0.2, then proxy 10.0.0.1.
  auto c = ResolveClient(p, Ip("10.0.0.1"), "10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2", "https");
  EXPECT_EQ(c.ip, "1.2.3.4");
  EXPECT_TRUE(c.secure);
  c = ResolveClient(p, Ip("10.0.0.1"), "10.0.0.1", "", "http");
  EXPECT_EQ(c.ip, "10.0.0.1");
  EXPECT_FALSE(c.secure);
  c = ResolveClient(p, Ip("10.0.0.1"), "10.0.0.1", "10.0.0.5", "");
  EXPECT_EQ(c.ip, "10.0.0.5");  // all trusted: the leftmost
  c = ResolveClient(p, Ip("10.0.0.1"), "10.0.0.1", "[2001:db8::1]:443, 1.2.3.4:5555", "");
  EXPECT_EQ(c.ip, "1.2.3.4");
  c = ResolveClient(p, Ip("10.0.0.1"), "10.0.0.1", "1.2.3.4, garbage, 10.0.0.7", "");
  EXPECT_EQ(c.ip, "10.0.0.7");  // garbage stops the walk at the last good hop
  c = ResolveClient(p, Ip("10.0.0.1"), "10.0.0.1", "2001:db8::1", "http, HTTPS");
  EXPECT_EQ(c.ip, "2001:db8::1");
  EXPECT_TRUE(c.secure);
}

TEST(RequestId, SafeIds) {
  EXPECT_TRUE(IsSafeRequestId("abc-DEF_123.x"));
  EXPECT_TRUE(IsSafeRequestId(std::string(64, 'a')));
  EXPECT_FALSE(IsSafeRequestId(std::string(65, 'a')));
  EXPECT_FALSE(IsSafeRequestId(""));
  EXPECT_FALSE(IsSafeRequestId("a b"));
  EXPECT_FALSE(IsSafeRequestId("a\"b"));
  EXPECT_FALSE(IsSafeRequestId("a\nb"));
}

TEST(RequestId, NewIdsAreSafeAndDistinct) {
  std::string a = NewRequestId(), b = NewRequestId();
  EXPECT_NE(a, b);
  EXPECT_TRUE(IsSafeRequestId(a));
  EXPECT_EQ(a.substr(0, 9), b.substr(0, 9));  // same per-process prefix
}

}  // namespace
}  // namespace civic311::http
