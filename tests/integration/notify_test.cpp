// Notifications against the real binary and a real SMTP server (tests/notify/smtp_sink.py):
// a burst of reports, `kill -9` of the server while it is e-mailing them, a restart on the same
// database — and every reporter gets their "received" e-mail: none lost. Repeats (a round sent
// but not yet recorded when the server died) carry the same Message-ID; their count is recorded
// as a test property. `civic311 outbox list` shows nothing left over.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>

#include "adapters/notify/test_sinks.hpp"
#include "harness.hpp"

namespace civic311::it {
namespace {

// Message-ID of every message the sink received, in order (repeats included).
std::vector<std::string> MessageIds(const testing::SinkProcess& sink) {
  std::vector<std::string> out;
  for (const std::string& m : sink.Files("msg-")) {
    const size_t at = m.find("Message-ID: ");
    if (at != std::string::npos) out.push_back(m.substr(at + 12, m.find('\r', at) - at - 12));
  }
  return out;
}

TEST(Notifications, EveryReceivedEmailArrivesAfterKill9DuringTheBurst) {
  constexpr int kReports = 300;
  // Claims of the killed server come back after their lease: 4 s here instead of a minute.
  setenv("CIVIC311_NOTIFY_LEASE_SECONDS", "4", 1);
  Instance city;
  testing::SinkProcess sink("smtp_sink.py", (city.dir() / "sink").string());
  ASSERT_TRUE(sink.ok()) << "the SMTP sink did not start (python3-aiosmtpd installed?)";
  const std::vector<std::string> flags = {
      "--smtp",       "smtp://127.0.0.1:" + std::to_string(sink.port()),
      "--mail-from",  "Demo City <noreply@demo.example>",
      "--public-url", "https://demo.example"};
  city.Start(flags);
  city.PlainServiceCode();
  HttpClient c = city.Client();
  std::set<std::string> ids;
  for (int i = 0; i < kReports; ++i) {
    auto r =
        c.PostForm("/open311/v2/requests.json", city.NewRequestForm("burst " + std::to_string(i)));
    ASSERT_EQ(r.status, 200) << r.body;
    ids.insert(ParseSubmittedId(r.body));
  }
  // Kill the server while it delivers (after the first e-mails arrived; generous wait).
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (MessageIds(sink).size() < 20 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  city.server().Kill9();
  const size_t before_restart = MessageIds(sink).size();
  city.Start(flags);
  const auto done_by = std::chrono::steady_clock::now() + 240s;
  std::set<std::string> distinct;
  std::vector<std::string> all;
  while (std::chrono::steady_clock::now() < done_by) {
    all = MessageIds(sink);
    distinct = std::set<std::string>(all.begin(), all.end());
    if (distinct.size() >= static_cast<size_t>(kReports)) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kReports))
      << "lost e-mails; received " << all.size() << ", " << before_restart << " before the restart";
  RecordProperty("emails_before_kill", static_cast<int>(before_restart));
  RecordProperty("repeats", static_cast<int>(all.size() - distinct.size()));
  std::printf(
      "notify kill -9: %d reports, %zu e-mails before the kill, %zu received, %zu repeats\n",
      kReports, before_restart, all.size(), all.size() - distinct.size());
  ASSERT_TRUE(city.server().Terminate().has_value());
  auto listed = RunCivic311({"outbox", "list", "--db", city.db().string()});
  EXPECT_EQ(listed.exit_code, 0) << listed.Describe();
  // Only the header line: nothing undelivered.
  EXPECT_EQ(std::count(listed.out.begin(), listed.out.end(), '\n'), 1) << listed.out;
}

TEST(Notifications, UnconfiguredChannelsKeepTheirMessagesVisibleAndRetryable) {
  Instance city;
  city.Start();  // no --smtp: e-mail is not live
  city.PlainServiceCode();
  auto r = city.Client().PostForm("/open311/v2/requests.json", city.NewRequestForm("kept"));
  ASSERT_EQ(r.status, 200);
  ASSERT_TRUE(city.server().Terminate().has_value());
  auto listed = RunCivic311({"outbox", "list", "--db", city.db().string()});
  EXPECT_EQ(listed.exit_code, 0) << listed.Describe();
  EXPECT_NE(listed.out.find("received"), std::string::npos) << listed.out;
  auto parked = RunCivic311({"outbox", "list", "--db", city.db().string(), "--parked"});
  EXPECT_EQ(std::count(parked.out.begin(), parked.out.end(), '\n'), 1) << parked.out;
  auto bad = RunCivic311({"outbox", "retry", "--db", city.db().string()});
  EXPECT_EQ(bad.exit_code, 2);
  auto none = RunCivic311({"outbox", "retry", "--db", city.db().string(), "--id", "999999"});
  EXPECT_NE(none.exit_code, 0);
  auto all = RunCivic311({"outbox", "retry", "--db", city.db().string(), "--all-parked"});
  EXPECT_EQ(all.exit_code, 0) << all.Describe();
  EXPECT_NE(all.out.find("0 message(s)"), std::string::npos);

  // Configured later, by `civic311 worker` alone: the kept message goes out.
  testing::SinkProcess sink("smtp_sink.py", (city.dir() / "sink").string());
  ASSERT_TRUE(sink.ok());
  ChildProcess worker({Civic311Binary(), "worker", "--db", city.db().string(), "--smtp",
                       "smtp://127.0.0.1:" + std::to_string(sink.port()), "--mail-from",
                       "Demo City <noreply@demo.example>"});
  ASSERT_TRUE(worker.WaitForStdoutLine("delivering (email", 30s).has_value()) << worker.Stderr();
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (MessageIds(sink).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  EXPECT_EQ(MessageIds(sink).size(), 1u);
  worker.Signal(SIGTERM);
  EXPECT_EQ(worker.Wait(30s), 0);
}

// --web-dir shadows the message templates as it shadows pages (the same Assets): a city edits
// an e-mail without rebuilding. The override's words arrive at the SMTP server.
TEST(Notifications, WebDirShadowsMessageTemplates) {
  Instance city;
  const auto web = city.dir() / "web";
  std::filesystem::create_directories(web / "templates/email");
  std::ofstream(web / "templates/email/received.en.txt.mustache")
      << "Subject: {{city.name}} override #{{m.service_request_id}}\n\nWOMBAT-OVERRIDE-TEXT\n"
         "{{> email/_footer}}";
  testing::SinkProcess sink("smtp_sink.py", (city.dir() / "sink").string());
  ASSERT_TRUE(sink.ok());
  city.Start({"--smtp", "smtp://127.0.0.1:" + std::to_string(sink.port()), "--mail-from",
              "Demo City <noreply@demo.example>", "--web-dir", web.string()});
  city.PlainServiceCode();
  auto r = city.Client().PostForm("/open311/v2/requests.json", city.NewRequestForm("shadowed"));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (sink.Files("msg-").empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  auto mails = sink.Files("msg-");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("WOMBAT-OVERRIDE-TEXT"), std::string::npos) << mails[0];
  // The branding of the demo city's [branding] section: its reply-to and footer links.
  EXPECT_NE(mails[0].find("Reply-To: 311@democity.example"), std::string::npos) << mails[0];
  EXPECT_NE(mails[0].find("City website: https://www.example.org/"), std::string::npos);
  ASSERT_TRUE(city.server().Terminate().has_value());
}

}  // namespace
}  // namespace civic311::it
