// Hundreds of clients POST at once: every one gets a 2xx with its own id, and every request is
// readable afterwards with the data that was sent.
#include <gtest/gtest.h>

#include <latch>
#include <set>

#include "harness.hpp"
#include "writers.hpp"

namespace civic311::it {
namespace {

TEST(Concurrency, SimultaneousPostsAllSucceedWithUniqueIds) {
  constexpr int kClients = 300;
  Instance city;
  city.Start();
  city.PlainServiceCode();

  // Connect everyone first, then release all the POSTs together.
  std::vector<Socket> sockets(kClients);
  for (auto& s : sockets) {
    ASSERT_EQ(s.Connect(city.port(), 30s), "");
  }
  std::vector<HttpResponse> answers(kClients);
  std::vector<std::string> descriptions(kClients);
  std::latch go(kClients + 1);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    descriptions[i] = "concurrent client " + std::to_string(i) + " streetlight out";
    threads.emplace_back([&, i] {
      std::string body = FormEncode(city.NewRequestForm(descriptions[i]));
      std::string request =
          "POST /open311/v2/requests.json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          "Content-Type: application/x-www-form-urlencoded\r\n"
          "Content-Length: " +
          std::to_string(body.size()) + "\r\n\r\n" + body;
      go.arrive_and_wait();
      auto deadline = Clock::now() + 60s;
      std::string err;
      if (!sockets[i].SendAll(request, deadline, &err)) {
        answers[i].error = err;
        return;
      }
      std::string buffer;
      answers[i] = sockets[i].ReadResponse(buffer, deadline);
    });
  }
  go.arrive_and_wait();
  for (auto& t : threads) t.join();

  std::vector<Acked> acked;
  std::set<std::string> ids;
  for (int i = 0; i < kClients; ++i) {
    const HttpResponse& r = answers[i];
    ASSERT_TRUE(r.ok()) << "client " << i << ": " << r.Describe();
    std::string id = ParseSubmittedId(r.body);
    ASSERT_FALSE(id.empty()) << "client " << i << ": no service_request_id in " << r.body;
    EXPECT_TRUE(ids.insert(id).second) << "id " << id << " given twice";
    acked.push_back({id, descriptions[i]});
  }
  auto missing = FindMissing(city.port(), acked, 16);
  EXPECT_TRUE(missing.empty()) << Summarize(missing);
}

TEST(Concurrency, ReadersAndWritersTogether) {
  Instance city;
  city.Start();
  Writers writers(city, 64, "mixed");
  // Readers list and fetch while 64 clients write.
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::string first_bad;
  std::mutex mu;
  std::vector<std::thread> readers;
  for (int i = 0; i < 16; ++i) {
    readers.emplace_back([&] {
      HttpClient c(city.port());
      while (!stop) {
        HttpResponse r = c.Get("/open311/v2/requests.json");
        if (r.status != 200) {
          std::lock_guard lock(mu);
          if (bad++ == 0) first_bad = r.Describe();
        }
      }
    });
  }
  auto deadline = Clock::now() + 60s;
  while (writers.acked_count() < 1000 && Clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  stop = true;
  for (auto& t : readers) t.join();
  writers.Stop();
  EXPECT_EQ(bad.load(), 0) << first_bad;
  EXPECT_EQ(writers.failed_count(), 0u)
      << (writers.sample_failures().empty() ? "" : writers.sample_failures()[0]);
  auto missing = FindMissing(city.port(), writers.acked(), 16);
  EXPECT_TRUE(missing.empty()) << Summarize(missing);
}

}  // namespace
}  // namespace civic311::it
