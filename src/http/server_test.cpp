// Black-box tests of the transport over real sockets: routing, decoding, headers, keep-alive,
// errors, observability.
#include <gtest/gtest.h>

#include "http/server_test_fixture.hpp"

namespace civic311::http::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(ServerTest, ServesRoutesWithCapturesAndStandardHeaders) {
  StartServer();
  auto r = Fetch(Get("/items/a.b.json"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "a.b,json");
  EXPECT_EQ(r->Header("server"), "civic311");
  EXPECT_EQ(r->Header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r->Header("content-length"), "8");
  EXPECT_FALSE(r->Header("date").empty());
  EXPECT_FALSE(r->Header("x-request-id").empty());
}

TEST_F(ServerTest, QueryAndFormDecoding) {
  StartServer();
  auto r = Fetch(Get("/echo?attribute%5BX%5D%5B%5D=a&attribute[X][]=b+c&e=%C3%A9"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "q:attribute[X][]=a;attribute[X][]=b c;e=\xC3\xA9; f:");
  r = Fetch(Post("/echo?x=1", "application/x-www-form-urlencoded", "a=1&a=2&b=%2B"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "q:x=1; f:a=1;a=2;b=+;");
}

TEST_F(ServerTest, MultipartFields) {
  StartServer();
  std::string body =
      "--XX\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nbig hole\r\n"
      "--XX\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n\xFF\xD8\xFF\r\n"
      "--XX\r\nContent-Disposition: form-data; name=\"attribute[X][]\"\r\n\r\n1\r\n--XX--\r\n";
  auto r = Fetch(Post("/echo", "multipart/form-data; boundary=XX", body));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "q: f:description=big hole;attribute[X][]=1;");
  r = Fetch(Post("/echo", "multipart/form-data; boundary=XX", "--XX\r\nbroken"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST_F(ServerTest, BadEncodingsAre400) {
  StartServer();
  auto r = Fetch(Get("/echo?a=%zz"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body,
            R"({"error":{"status":400,"message":"invalid percent-encoding in query string"}})");
  r = Fetch(Get("/echo?a=%FF"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("parameters must be UTF-8"), std::string::npos);
  r = Fetch(Get("/hel%6co%00"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = Fetch(Get("/hel%6c"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);  // "/hell": decoded, then routed
  r = Fetch(Get("/hel%6co"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerTest, NotFoundMethodNotAllowedAndPreflight) {
  StartServer();
  auto r = Fetch(Get("/nope"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = Fetch(Get("/hello", "", "DELETE"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->Header("allow"), "GET, HEAD, OPTIONS");
  r = Fetch(Get("/echo", "Origin: https://example.org\r\nAccess-Control-Request-Method: POST\r\n",
                "OPTIONS"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->Header("allow"), "GET, HEAD, POST, OPTIONS");
  EXPECT_EQ(r->Header("access-control-allow-origin"), "*");
  EXPECT_EQ(r->Header("access-control-allow-methods"), "GET, HEAD, POST, OPTIONS");
  EXPECT_EQ(r->Header("access-control-allow-headers"), "Content-Type, Authorization, X-Request-Id");
  EXPECT_FALSE(r->Header("access-control-max-age").empty());
  EXPECT_FALSE(r->Has("content-length"));
}

TEST_F(ServerTest, HeadKeepsLengthDropsBody) {
  StartServer();
  TestClient c(port_);
  auto r = c.RoundTrip(Get("/hello", "", "HEAD"), /*head=*/true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-length"), "5");
  EXPECT_TRUE(c.buffered().empty());
  r = c.RoundTrip(Get("/hello"));  // no stray body bytes before the next response
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hello");
}

TEST_F(ServerTest, KeepAliveAndPipelining) {
  StartServer();
  TestClient c(port_);
  for (int i = 0; i < 3; ++i) {
    auto r = c.RoundTrip(Get("/hello"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "hello");
    EXPECT_FALSE(r->Has("connection"));
  }
  ASSERT_TRUE(c.Send(Get("/items/1.json") + Get("/nope") + Get("/items/2.xml")));
  auto a = c.Read(), b = c.Read(), d = c.Read();
  ASSERT_TRUE(a && b && d);
  EXPECT_EQ(a->body, "1,json");
  EXPECT_EQ(b->status, 404);
  EXPECT_EQ(d->body, "2,xml");
  auto last = c.RoundTrip(Get("/hello", "Connection: close\r\n"));
  ASSERT_TRUE(last);
  EXPECT_EQ(last->Header("connection"), "close");
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, Http10) {
  StartServer();
  TestClient c(port_);
  auto r = c.RoundTrip("GET /hello HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->version, "HTTP/1.0");
  EXPECT_EQ(r->body, "hello");
  EXPECT_TRUE(c.WaitClosed());
  TestClient k(port_);
  r = k.RoundTrip("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("connection"), "keep-alive");
  r = k.RoundTrip("GET /items/3.json HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "3,json");
}

TEST_F(ServerTest, ExpectContinue) {
  StartServer();
  TestClient c(port_);
  ASSERT_TRUE(
      c.Send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n\r\n"));
  auto cont = c.Read();
  ASSERT_TRUE(cont);
  EXPECT_EQ(cont->status, 100);
  auto r = c.RoundTrip("a=1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "q: f:a=1;");
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutLeak) {
  StartServer();
  auto r = Fetch(Get("/boom", "X-Request-Id: boom-1\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body.find("secret"), std::string::npos);
  EXPECT_EQ(r->Header("x-request-id"), "boom-1");
}

TEST_F(ServerTest, ErrorRenderer) {
  ServerOptions o = Options();
  o.error_renderer = [](int status, const std::string& message, const Request& req) {
    Response r;
    r.status = status;
    r.content_type = "text/plain";
    r.body = std::to_string(status) + " " + message + " " + req.path;
    return r;
  };
  StartServer(o);
  auto r = Fetch(Get("/open311/nope"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, "404 not found /open311/nope");
  r = Fetch(Post("/open311/x", "text/plain", std::string(2000, 'x')));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "413 request body too large /open311/x");
}

TEST_F(ServerTest, RequestIdEchoedOrGenerated) {
  StartServer();
  auto r = Fetch(Get("/whoami", "X-Request-Id: abc.DEF_123-x\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("x-request-id"), "abc.DEF_123-x");
  EXPECT_EQ(r->body, "127.0.0.1|http|abc.DEF_123-x");
  r = Fetch(Get("/whoami", "X-Request-Id: not safe!\r\n"));
  ASSERT_TRUE(r);
  std::string id = r->Header("x-request-id");
  EXPECT_FALSE(id.empty());
  EXPECT_NE(id, "not safe!");
  EXPECT_EQ(r->body, "127.0.0.1|http|" + id);
  r = Fetch(Get("/whoami", "X-Request-Id: " + std::string(65, 'a') + "\r\n"));
  ASSERT_TRUE(r);
  EXPECT_NE(r->Header("x-request-id"), std::string(65, 'a'));
}

TEST_F(ServerTest, ForwardedHeadersIgnoredFromUntrustedPeers) {
  StartServer();
  auto r = Fetch(Get("/whoami",
                     "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\n"
                     "X-Request-Id: r1\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "127.0.0.1|http|r1");
}

TEST_F(ServerTest, ForwardedHeadersFromTrustedProxy) {
  ServerOptions o = Options();
  o.trusted_proxies = {"127.0.0.0/8", "10.0.0.1"};
  StartServer(o);
  auto r = Fetch(Get("/whoami",
                     "X-Forwarded-For: 6.6.6.6, 203.0.113.7\r\nX-Forwarded-For: 10.0.0.1\r\n"
                     "X-Forwarded-Proto: https\r\nX-Request-Id: r2\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "203.0.113.7|https|r2");
}

TEST_F(ServerTest, InvalidTrustedProxyFailsStart) {
  ServerOptions o = Options();
  o.trusted_proxies = {"not-an-ip"};
  Server s(o, router_, metrics_);
  auto port = s.Start();
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(ServerTest, MetricsAfterRequests) {
  StartServer();
  TestClient c(port_);
  ASSERT_TRUE(c.RoundTrip(Get("/hello")));
  ASSERT_TRUE(c.RoundTrip(Get("/hello")));
  ASSERT_TRUE(c.RoundTrip(Get("/items/1.json")));
  ASSERT_TRUE(c.RoundTrip(Get("/nope")));
  // The metrics are recorded just after the write completes: allow for that.
  ASSERT_TRUE(Eventually([&] {
    return metrics_.Render().find(R"(route="unmatched",method="GET",status="404"} 1)") !=
           std::string::npos;
  }));
  std::string text = metrics_.Render();
  EXPECT_NE(
      text.find(R"(civic311_http_requests_total{route="GET /hello",method="GET",status="200"} 2)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          R"(civic311_http_requests_total{route="GET /items/{id}.{format}",method="GET",status="200"} 1)"),
      std::string::npos);
  EXPECT_NE(text.find(R"(civic311_http_request_duration_seconds_count{route="GET /hello"} 2)"),
            std::string::npos);
  EXPECT_NE(text.find("civic311_http_connections_active 1"), std::string::npos);
  EXPECT_NE(text.find("civic311_http_inflight_requests 0"), std::string::npos);
  EXPECT_NE(text.find("civic311_worker_queue_depth 0"), std::string::npos);
}

}  // namespace
}  // namespace civic311::http::testing
