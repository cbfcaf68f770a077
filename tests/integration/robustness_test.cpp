// Untrusted bytes are handled gracefully: malformed requests get a 4xx (never a 5xx, never a
// crash), limits answer 413/431, slow and vanishing clients are timed out or dropped, and after
// each case the server still answers GET /healthz with 200.
#include <gtest/gtest.h>

#include <random>

#include "harness.hpp"

namespace civic311::it {
namespace {

constexpr int kReadTimeoutSeconds = 2;

class Robustness : public ::testing::Test {
 protected:
  // One server for the suite (start-up is the slow part); restarted if a case killed it.
  static void TearDownTestSuite() {
    delete city_;
    city_ = nullptr;
  }
  void SetUp() override {
    if (city_ == nullptr) city_ = new Instance();
    if (!city_->started() || !city_->server().process().Running()) {
      city_->Start(ReadTimeoutArgs());
    }
    city_->PlainServiceCode();
  }
  void TearDown() override {
    if (city_ == nullptr || !city_->started()) return;  // SetUp failed and said why
    EXPECT_TRUE(city_->server().process().Running())
        << "the server died; stderr tail: " << Tail(city_->server().process().Stderr());
    ExpectHealthy(city_->port(), ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  // A short read timeout if the binary has the flag (it is checked, not assumed).
  static std::vector<std::string> ReadTimeoutArgs() {
    if (!HasReadTimeoutFlag()) return {};
    return {"--read-timeout", std::to_string(kReadTimeoutSeconds)};
  }
  static bool HasReadTimeoutFlag() {
    static const bool has =
        RunCivic311({"serve", "--help"}).out.find("--read-timeout") != std::string::npos;
    return has;
  }
  static std::string Tail(const std::string& s) {
    return s.size() > 2000 ? s.substr(s.size() - 2000) : s;
  }
  static std::uint16_t port() { return city_->port(); }

  // Sends `bytes` on a fresh connection; expects a 4xx answer.
  static void Expect4xx(const std::string& bytes, const std::string& what) {
    HttpResponse r = SendRaw(port(), bytes, 20s);
    EXPECT_GE(r.status, 400) << what << ": " << r.Describe();
    EXPECT_LT(r.status, 500) << what << ": " << r.Describe();
  }
  static std::string PostBytes(const std::string& body) {
    return "POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: "
           "application/x-www-form-urlencoded\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }

  static Instance* city_;
};

Instance* Robustness::city_ = nullptr;

TEST_F(Robustness, MalformedRequestLine) {
  for (std::string bad : {"GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET /healthz\r\n\r\n",
                          "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",
                          "GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n",
                          "GET  /healthz  HTTP/1.1\r\nHost: x\r\n\r\n",
                          "GET /healthz HTTP/1.1\r\nNo colon here\r\n\r\n",
                          "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                          "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                          "Content-Length: 2\r\n\r\nab"}) {
    Expect4xx(bad, "request " + ::testing::PrintToString(bad));
  }
}

TEST_F(Robustness, BinaryGarbage) {
  std::mt19937 rng(311);
  for (int i = 0; i < 20; ++i) {
    // Small enough to arrive in one read, so the server's answer is not lost to a TCP reset.
    std::string bytes(512, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng() & 0xff);
    if (i % 2 == 0) bytes += "\r\n\r\n";
    Expect4xx(bytes, "garbage #" + std::to_string(i));
  }
  Expect4xx(std::string("GET /hea\0lthz HTTP/1.1\r\nHost: x\r\n\r\n", 37), "NUL in the target");
  Expect4xx(std::string("GET /healthz HTTP/1.1\r\nHost: x\0y\r\n\r\n", 36), "NUL in a header");
}

TEST_F(Robustness, InvalidPercentEncoding) {
  for (std::string target :
       {"/open311/v2/requests.json?start_date=%ZZ", "/open311/v2/requests.json?service_code=%E",
        "/open311/v2/requests.json?status=open%", "/open311/v2/requests/%zz.json",
        "/open311/v2/requests/1%2.json"}) {
    Expect4xx("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", "GET " + target);
  }
  Params form = city_->NewRequestForm("x");
  std::string body = FormEncode(form) + "&description=%G1%";
  Expect4xx(PostBytes(body), "form body with a bad escape");
}

TEST_F(Robustness, InvalidUtf8InParameters) {
  // Rejected with a 4xx: stored, such text would make every later JSON answer invalid.
  for (std::string bad : {"%FF%FE%FD", "%C0%AF", "caf%C3", "%ED%A0%80", "ok%F4%90%80%80"}) {
    std::string body = FormEncode(city_->NewRequestForm("placeholder"));
    body.replace(body.find("description=placeholder"), 23, "description=" + bad);
    Expect4xx(PostBytes(body), "description=" + bad);
    Expect4xx("GET /open311/v2/requests.json?service_code=" + bad + " HTTP/1.1\r\nHost: x\r\n\r\n",
              "service_code=" + bad);
  }
  // Raw (not percent-encoded) bytes that are not UTF-8, in the query and in a form body.
  Expect4xx("GET /open311/v2/requests.json?service_code=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
            "raw 0xFF in the query");
  std::string body = FormEncode(city_->NewRequestForm("placeholder"));
  body.replace(body.find("description=placeholder"), 23, "description=\xc3\x28");
  Expect4xx(PostBytes(body), "raw invalid UTF-8 in the form body");
}

TEST_F(Robustness, HugeHeadersAre431) {
  std::string one_big =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
  HttpResponse r = SendRaw(port(), one_big, 20s);
  EXPECT_EQ(r.status, 431) << "one 20 KB header: " << r.Describe();

  // Many small fields: the limit is on the whole header block, not on each field.
  // Regression: ~20 KB in 1000 fields was accepted (the 16 KiB limit held per field only).
  for (int fields : {1000, 3000}) {
    std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < fields; ++i) many += "X-H" + std::to_string(i) + ": 0123456789\r\n";
    r = SendRaw(port(), many + "\r\n", 20s);
    EXPECT_EQ(r.status, 431) << fields << " header fields, " << many.size()
                             << " bytes: " << r.Describe();
  }
}

TEST_F(Robustness, HugeBodyIs413) {
  // Declared too large: answered from the headers alone.
  HttpResponse r = SendRaw(port(),
                           "POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: "
                           "application/x-www-form-urlencoded\r\nContent-Length: 104857600\r\n\r\n",
                           20s);
  EXPECT_EQ(r.status, 413) << "Content-Length 100 MB: " << r.Describe();
  // Chunked, with one chunk larger than the limit.
  r = SendRaw(port(),
              "POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: "
              "application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
              "6400000\r\nabc",
              20s);
  EXPECT_EQ(r.status, 413) << "a 100 MB chunk: " << r.Describe();
  // Actually sent (2 MB > the 1 MB default limit).
  std::string body = "description=" + std::string(2 * 1024 * 1024, 'x');
  r = SendRaw(port(), PostBytes(body), 20s);
  EXPECT_EQ(r.status, 413) << "2 MB body: " << r.Describe();
}

TEST_F(Robustness, SlowlorisIsTimedOutWhileOthersAreServed) {
  // 20 clients send a request's headers one byte at a time and never finish. The server must
  // keep serving others meanwhile and (with --read-timeout) drop the slow ones. Generous wait:
  // the test never depends on how fast the server is, only that it eventually acts.
  constexpr int kSlow = 20;
  std::vector<Socket> slow(kSlow);
  for (auto& s : slow) ASSERT_EQ(s.Connect(port(), 10s), "");
  const std::string drip = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(4000, 'z');
  const bool has_timeout = HasReadTimeoutFlag();
  auto give_up = Clock::now() + (has_timeout ? std::chrono::seconds(kReadTimeoutSeconds + 30)
                                             : std::chrono::seconds(5));
  std::vector<bool> closed(kSlow, false);
  int closed_count = 0;
  for (std::size_t i = 0; i < drip.size() && closed_count < kSlow && Clock::now() < give_up; ++i) {
    for (int s = 0; s < kSlow; ++s) {
      if (closed[s]) continue;
      std::string err;
      // A failed send or an answer (408) both mean the server gave up on this client.
      if (!slow[s].SendAll(drip.substr(i, 1), Clock::now() + 1s, &err) ||
          slow[s].WaitForClose(Clock::now() + 1ms)) {
        closed[s] = true;
        ++closed_count;
      }
    }
    ExpectHealthy(port(), "slowloris byte " + std::to_string(i));
    std::this_thread::sleep_for(200ms);
  }
  if (has_timeout) {
    EXPECT_EQ(closed_count, kSlow)
        << "slow clients still connected well after --read-timeout " << kReadTimeoutSeconds << " s";
  }
}

TEST_F(Robustness, ClientsThatVanish) {
  for (int i = 0; i < 20; ++i) {
    Socket s;  // mid-body: promises 1000 bytes, sends 100, goes away
    ASSERT_EQ(s.Connect(port(), 10s), "");
    std::string head =
        "POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: "
        "application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n";
    ASSERT_TRUE(s.SendAll(head + std::string(100, 'a'), Clock::now() + 10s));
    s.Close();
  }
  for (int i = 0; i < 20; ++i) {
    Socket s;  // mid-headers
    ASSERT_EQ(s.Connect(port(), 10s), "");
    ASSERT_TRUE(s.SendAll("GET /open311/v2/services.json HTTP/1.1\r\nHo", Clock::now() + 10s));
    s.Close();
  }
  for (int i = 0; i < 50; ++i) {
    Socket s;  // connect, say nothing
    ASSERT_EQ(s.Connect(port(), 10s), "");
  }
  // And a real request still works end to end.
  HttpResponse r =
      city_->Client().PostForm("/open311/v2/requests.json", city_->NewRequestForm("after"));
  EXPECT_TRUE(r.ok()) << r.Describe();
}

TEST_F(Robustness, PipelinedRequestsAnsweredInOrder) {
  Socket s;
  ASSERT_EQ(s.Connect(port(), 10s), "");
  std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string list = "GET /open311/v2/services.json HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_TRUE(s.SendAll(get + list + get, Clock::now() + 10s));
  std::string buffer;
  auto deadline = Clock::now() + 20s;
  HttpResponse a = s.ReadResponse(buffer, deadline);
  HttpResponse b = s.ReadResponse(buffer, deadline);
  HttpResponse c = s.ReadResponse(buffer, deadline);
  EXPECT_EQ(a.status, 200) << a.Describe();
  EXPECT_EQ(b.status, 200) << b.Describe();
  EXPECT_EQ(b.body.front(), '[') << b.Describe();
  EXPECT_EQ(c.status, 200) << c.Describe();
}

}  // namespace
}  // namespace civic311::it
