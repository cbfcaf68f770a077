// Black-box tests of the transport's limits, timeouts and lifecycle over real sockets. The
// options' timeouts are short (1-2 s); assertions only use generous bounds (TestClient: 10 s).
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

#include "http/server_test_fixture.hpp"

namespace civic311::http::testing {
namespace {

using namespace std::chrono_literals;

using ServerLimitsTest = ServerTest;

TEST_F(ServerLimitsTest, BodyTooLargeIs413) {
  StartServer();
  TestClient c(port_);
  auto r = c.RoundTrip(Post("/echo", "text/plain", std::string(4096, 'x')));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->Header("connection"), "close");
  EXPECT_TRUE(c.WaitClosed());
  // Announced but not sent: answered from the header alone.
  r = Fetch("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000000\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  std::string chunked =
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" +
      std::string(2048, 'y') + "\r\n0\r\n\r\n";
  r = Fetch(chunked);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  r = Fetch(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Transfer-Encoding: chunked\r\n\r\n3\r\na=1\r\n4\r\n&b=2\r\n0\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "q: f:a=1;b=2;");
}

// Upload paths take a larger body; anything larger — a 50 MB video — is refused from the header
// alone, before a byte of the body is read or buffered (the client never sends it here).
TEST_F(ServerLimitsTest, UploadPathsTakeMoreButA50MbUploadIsRefusedEarly) {
  ServerOptions o = Options();
  o.max_upload_bytes = 40u << 20;
  o.upload_paths = {"/echo/upload"};
  router_->Add(Method::kPost, "/echo/upload", [](const Request& req) {
    Response r;
    r.content_type = "text/plain";
    r.body =
        std::to_string(req.body.size()) + " bytes, " + std::to_string(req.files.size()) + " files";
    return r;
  });
  StartServer(o);
  std::string boundary = "b0undary";
  std::string body = "--" + boundary +
                     "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\"\r\n"
                     "Content-Type: image/jpeg\r\n\r\n" +
                     std::string(8192, 'j') + "\r\n--" + boundary + "--\r\n";
  auto r = Fetch(Post("/echo/upload", "multipart/form-data; boundary=" + boundary, body));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);  // 8 KB: over max_body_bytes (1 KB), fine on an upload path
  EXPECT_EQ(r->body, std::to_string(body.size()) + " bytes, 1 files");
  r = Fetch(Post("/echo", "text/plain", std::string(8192, 'x')));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);  // other paths keep the small limit
  r = Fetch(Post("/echo/upload", "application/x-www-form-urlencoded", std::string(8192, 'x')));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);  // and so do bodies that are not multipart
  r = Fetch(
      "POST /echo/upload HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; "
      "boundary=b\r\nContent-Length: 52428800\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  std::string chunked =
      "POST /echo/upload HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; "
      "boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n";
  TestClient c(port_);
  c.Send(chunked);
  // 41 MB in 1 MB chunks: refused once past 40 MB, without the server keeping all of it.
  std::optional<TestResponse> refused;
  const std::string chunk = "100000\r\n" + std::string(1u << 20, 'z') + "\r\n";
  for (int i = 0; i < 41 && c.Send(chunk); ++i) {
  }
  refused = c.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
}

TEST_F(ServerLimitsTest, HugeHeaderIs431) {
  StartServer();
  TestClient c(port_);
  auto r = c.RoundTrip(Get("/hello", "X-Big: " + std::string(8000, 'h') + "\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerLimitsTest, GarbageIs400AndServerKeepsServing) {
  StartServer();
  TestClient c(port_);
  auto r = c.RoundTrip(std::string("\x16\x03\x01\x02\x00 garbage\r\n\r\n", 18));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(c.WaitClosed());
  r = Fetch("GET /hello HTTP/1.1\r\n\r\n");  // HTTP/1.1 without Host
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = Fetch("GET /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  // Request smuggling: both framings at once.
  r = Fetch(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
      "0\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = Fetch(Get("/hello"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerLimitsTest, SlowClientGets408ThenClose) {
  StartServer();  // read_timeout 1 s for the whole request
  TestClient c(port_);
  std::atomic<bool> done{false};
  std::thread trickle([&] {  // slowloris: a header line every 200 ms, never finishing
    c.Send("GET /hello HTTP/1.1\r\nHost: t\r\n");
    for (int i = 0; i < 50 && !done; ++i) {
      std::this_thread::sleep_for(200ms);
      if (!c.Send("X-Slow: 1\r\n")) break;
    }
  });
  auto r = c.Read();
  done = true;
  trickle.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  EXPECT_TRUE(c.WaitClosed());
  r = Fetch(Get("/hello"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerLimitsTest, SilentConnectionsAndIdleKeepAliveAreClosed) {
  StartServer();
  TestClient silent(port_);
  EXPECT_TRUE(silent.WaitClosed());
  EXPECT_TRUE(silent.buffered().empty());  // closed without a 408
  TestClient idle(port_);
  ASSERT_TRUE(idle.RoundTrip(Get("/hello")));
  EXPECT_TRUE(idle.WaitClosed());  // idle_timeout 2 s
}

TEST_F(ServerLimitsTest, ManyConcurrentConnections) {
  StartServer();
  constexpr int kClients = 200;
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<TestClient>(port_));
    ASSERT_TRUE(clients.back()->connected());
  }
  for (int i = 0; i < kClients; ++i) {
    ASSERT_TRUE(clients[i]->Send(Get("/items/" + std::to_string(i) + ".json")));
  }
  for (int i = 0; i < kClients; ++i) {
    auto r = clients[i]->Read();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->body, std::to_string(i) + ",json");
  }
}

TEST_F(ServerLimitsTest, GracefulStopFinishesInFlightRequest) {
  StartServer();
  TestClient idle(port_);
  ASSERT_TRUE(idle.RoundTrip(Get("/hello")));
  TestClient busy(port_);
  ASSERT_TRUE(busy.Send(Get("/slow")));
  ASSERT_TRUE(Eventually([&] { return slow_started_.load() == 1; }));

  std::thread stopper([&] { server_->Stop(); });
  EXPECT_TRUE(idle.WaitClosed());  // idle keep-alive connections go first
  release_ = true;
  auto r = busy.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slow done");
  EXPECT_EQ(r->Header("connection"), "close");
  EXPECT_TRUE(busy.WaitClosed());
  stopper.join();
  server_->Stop();  // idempotent
  TestClient after(port_);
  EXPECT_FALSE(after.connected() && after.RoundTrip(Get("/hello")).has_value());
}

TEST_F(ServerLimitsTest, BindFailureNamesTheAddress) {
  StartServer();
  ServerOptions o = Options();
  o.port = port_;
  Server second(o, router_, metrics_);
  auto r = second.Start();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("127.0.0.1:" + std::to_string(port_)), std::string::npos)
      << r.error().message;
}

TEST_F(ServerLimitsTest, ListensOnLocalhostAndIpv6) {
  ServerOptions o = Options();
  o.host = "localhost";
  StartServer(o);
  auto r = Fetch(Get("/hello"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);

  ServerOptions v6 = Options();
  v6.host = "::1";
  Server s(v6, router_, metrics_);
  auto port = s.Start();
  if (!port.ok()) GTEST_SKIP() << "no IPv6 loopback here: " << port.error().message;
  EXPECT_GT(*port, 0);
  s.Stop();
}

bool SigtermCaught() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("SigCgt:", 0) == 0) {
      unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
      return (mask >> (SIGTERM - 1)) & 1;
    }
  }
  return false;
}

TEST_F(ServerLimitsTest, WaitForSignalStopsOnSigterm) {
  StartServer();
  std::thread waiter([&] { server_->WaitForSignal(); });
  ASSERT_TRUE(Eventually(SigtermCaught));
  ::kill(::getpid(), SIGTERM);
  waiter.join();  // returns once stopped
  TestClient after(port_);
  EXPECT_FALSE(after.connected() && after.RoundTrip(Get("/hello")).has_value());
}

TEST_F(ServerLimitsTest, StopWakesWaitForSignal) {
  StartServer();
  std::thread waiter([&] { server_->WaitForSignal(); });
  ASSERT_TRUE(Eventually(SigtermCaught));
  server_->Stop();
  waiter.join();
}

}  // namespace
}  // namespace civic311::http::testing
