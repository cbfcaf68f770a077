// The binary as an operator meets it: graceful shutdown, command-line errors, online backup,
// metrics, and the JSON access log.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <sstream>

#include "harness.hpp"
#include "writers.hpp"

namespace civic311::it {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// A usage error: non-zero exit and exactly one line on stderr that is not a JSON log line.
void ExpectOneLineError(const std::vector<std::string>& args) {
  CommandResult r = RunCivic311(args, 60s);
  std::string what = "civic311 " + ::testing::PrintToString(args);
  EXPECT_NE(r.exit_code, 0) << what << "\n" << r.Describe();
  EXPECT_NE(r.exit_code, -1) << what << " did not exit";
  EXPECT_LT(r.exit_code, 128) << what << " crashed\n" << r.Describe();
  std::vector<std::string> human;
  for (const auto& l : Lines(r.err)) {
    if (l.front() != '{') human.push_back(l);
  }
  EXPECT_EQ(human.size(), 1u) << what << ": want one line on stderr\n" << r.Describe();
}

TEST(Lifecycle, SigtermLetsTheInFlightRequestFinish) {
  Instance city;
  Server& server = city.Start();
  city.PlainServiceCode();
  std::string body = FormEncode(city.NewRequestForm("in flight at SIGTERM"));
  std::string head =
      "POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/x-www-form-urlencoded\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  Socket s;
  ASSERT_EQ(s.Connect(server.port(), 10s), "");
  size_t half = body.size() / 2;
  ASSERT_TRUE(s.SendAll(head + body.substr(0, half), Clock::now() + 10s));
  // Sleeps order the events (headers read, then the signal); nothing depends on their length.
  std::this_thread::sleep_for(300ms);
  server.process().Signal(SIGTERM);
  std::this_thread::sleep_for(300ms);
  ASSERT_TRUE(s.SendAll(body.substr(half), Clock::now() + 10s))
      << "the server dropped the in-flight request on SIGTERM";
  std::string buffer;
  HttpResponse r = s.ReadResponse(buffer, Clock::now() + 30s);
  EXPECT_TRUE(r.ok()) << r.Describe();
  std::string id = ParseSubmittedId(r.body);
  EXPECT_FALSE(id.empty()) << r.body;

  auto status = server.process().Wait(60s);
  ASSERT_TRUE(status.has_value()) << "no exit within 60 s of SIGTERM";
  EXPECT_EQ(*status, 0) << server.process().Stderr();

  if (!id.empty()) {
    city.Start();
    EXPECT_TRUE(FindMissing(city.port(), {{id, "in flight at SIGTERM"}}).empty());
  }
}

TEST(Lifecycle, SigtermAndSigintExitZero) {
  Instance city;
  for (int sig : {SIGTERM, SIGINT}) {
    Server& server = city.Start();
    ExpectHealthy(server.port(), "start");
    // A keep-alive connection left idle must not hold the shutdown up.
    HttpClient idle = server.Client();
    EXPECT_EQ(idle.Get("/healthz").status, 200);
    server.process().Signal(sig);
    auto status = server.process().Wait(60s);
    ASSERT_TRUE(status.has_value()) << "signal " << sig << ": no exit within 60 s";
    EXPECT_EQ(*status, 0) << "signal " << sig << "\n" << server.process().Stderr();
  }
}

// Regression: the URL line came out before the signal handlers were installed, so a supervisor
// that signalled right after it (or a test) killed the server (exit 143) instead of stopping it.
TEST(Lifecycle, SignalRightAfterTheUrlLineStillExitsZero) {
  Instance city;
  for (int round = 0; round < 20; ++round) {
    Server& server = city.Start();
    server.process().Signal(round % 2 == 0 ? SIGTERM : SIGINT);
    auto status = server.process().Wait(60s);
    ASSERT_TRUE(status.has_value()) << "round " << round << ": no exit within 60 s";
    ASSERT_EQ(*status, 0) << "round " << round << "\n" << server.process().Stderr();
  }
}

TEST(Lifecycle, HelpAndCommandLineErrors) {
  CommandResult help = RunCivic311({"--help"});
  EXPECT_EQ(help.exit_code, 0) << help.Describe();
  EXPECT_NE(help.out.find("serve"), std::string::npos) << help.Describe();
  CommandResult serve_help = RunCivic311({"serve", "--help"});
  EXPECT_EQ(serve_help.exit_code, 0) << serve_help.Describe();
  EXPECT_NE(serve_help.out.find("--listen"), std::string::npos) << serve_help.Describe();

  TempDir dir;
  std::string db = (dir.path() / "x.db").string();
  ExpectOneLineError({"frobnicate"});
  ExpectOneLineError({"serve", "--bogus"});
  ExpectOneLineError({"serve", "--db", db, "--listen", "nonsense"});
  ExpectOneLineError({"serve", "--db", db, "--listen", "127.0.0.1:99999"});
  ExpectOneLineError({"serve", "--db", "/nonexistent/dir/civic311.db"});
  ExpectOneLineError({"init", "--db", db, "--config", "/nonexistent/city.toml"});
  // A bad city file lists each mistake on its own line, located by file:line:column
  // (README: "a config prints one line per mistake"), so no one-line rule here.
  std::string bad_toml = (dir.path() / "bad.toml").string();
  std::ofstream(bad_toml) << "name = \"unterminated\n[[services]\n";
  CommandResult bad = RunCivic311({"init", "--db", db, "--config", bad_toml});
  EXPECT_EQ(bad.exit_code, 1) << bad.Describe();
  EXPECT_NE(bad.err.find(bad_toml + ":1:"), std::string::npos) << bad.Describe();
  ExpectOneLineError({"seed", "--db", db, "--count", "-3"});
  ExpectOneLineError({"api-key", "create"});
}

TEST(Lifecycle, PortInUseIsOneLineError) {
  Instance city;
  Server& server = city.Start();
  CommandResult r = RunCivic311({"serve", "--db", city.db().string(), "--listen",
                                 "127.0.0.1:" + std::to_string(server.port())},
                                60s);
  EXPECT_NE(r.exit_code, 0) << r.Describe();
  EXPECT_LT(r.exit_code, 128) << r.Describe();
  EXPECT_FALSE(r.err.empty()) << r.Describe();
  ExpectHealthy(server.port(), "a second server tried the same port");
}

TEST(Lifecycle, OnlineBackupHoldsWhatWasAcknowledgedBefore) {
  Instance city;
  city.Start();
  Writers writers(city, 8, "backup");
  auto deadline = Clock::now() + 60s;
  while (writers.acked_count() < 300 && Clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  std::vector<Acked> before = writers.acked();
  ASSERT_GE(before.size(), 1u) << "nothing acknowledged";
  // The writers keep writing while the backup runs.
  std::filesystem::path copy = city.dir() / "copy.db";
  CommandResult backup = RunCivic311({"backup", "--db", city.db().string(), "--to", copy.string()});
  std::size_t during = writers.acked_count();
  writers.Stop();
  ASSERT_EQ(backup.exit_code, 0) << backup.Describe();
  EXPECT_GT(during, before.size()) << "writes did not continue during the backup";
  ExpectHealthy(city.port(), "backup");

  Server restored(copy, {});
  ExpectHealthy(restored.port(), "serving the copy");
  auto missing = FindMissing(restored.port(), before);
  EXPECT_TRUE(missing.empty()) << before.size() << " acknowledged before the backup; "
                               << Summarize(missing);
  // The copy is independent: a write to it works and does not touch the original.
  HttpResponse r = restored.Client().PostForm("/open311/v2/requests.json",
                                              city.NewRequestForm("only in the copy"));
  EXPECT_TRUE(r.ok()) << r.Describe();
  EXPECT_EQ(restored.Terminate(), 0);
}

TEST(Lifecycle, MetricsArePrometheusText) {
  Instance city;
  city.Start();
  HttpClient c = city.Client();
  ASSERT_EQ(c.Get("/healthz").status, 200);
  ASSERT_EQ(c.Get("/open311/v2/services.json").status, 200);
  HttpResponse m = c.Get("/metrics");
  ASSERT_EQ(m.status, 200) << m.Describe();
  EXPECT_NE(m.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(m.body.find("civic311_http_requests_total"), std::string::npos) << m.body;
  for (const auto& line : Lines(m.body)) {
    if (line.front() == '#') continue;
    // name{labels} value: the value parses as a number.
    size_t space = line.rfind(' ');
    ASSERT_NE(space, std::string::npos) << line;
    std::string value = line.substr(space + 1);
    char* end = nullptr;
    std::strtod(value.c_str(), &end);
    EXPECT_TRUE(end && *end == '\0' && !value.empty()) << "not a sample line: " << line;
  }
}

TEST(Lifecycle, AccessLogIsJsonWithTheRequestId) {
  Instance city;
  Server& server = city.Start();
  HttpClient c = city.Client();
  for (std::string target : {"/open311/v2/services.json", "/no/such/page"}) {
    HttpResponse r = c.Get(target);
    std::string id = r.Header("x-request-id");
    ASSERT_FALSE(id.empty()) << target << ": no X-Request-Id header";
    ASSERT_TRUE(server.process().WaitForStderr(id, 20s))
        << target << ": request id " << id << " never logged\n"
        << server.process().Stderr();
    bool found = false;
    for (const auto& line : Lines(server.process().Stderr())) {
      boost::system::error_code ec;
      boost::json::value v = boost::json::parse(line, ec);
      ASSERT_TRUE(!ec && v.is_object()) << "a stderr line is not a JSON object: " << line;
      if (Text(v.as_object(), "request_id") == id) found = true;
    }
    EXPECT_TRUE(found) << "no log line has \"request_id\":\"" << id << "\"";
  }
}

}  // namespace
}  // namespace civic311::it
