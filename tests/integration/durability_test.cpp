// Every request the server acknowledged survives `kill -9`: POSTs from many clients, a SIGKILL
// at a random moment, a restart on the same database file, and each acknowledged id is read back
// with the data that was sent. (STYLE.md: "every accepted request is durable before its answer
// is sent".)
#include <gtest/gtest.h>

#include <random>

#include "harness.hpp"
#include "writers.hpp"

namespace civic311::it {
namespace {

TEST(Durability, AcknowledgedRequestsSurviveKill9) {
  constexpr int kRounds = 3;
  constexpr int kClients = 32;
  Instance city;
  city.Start();
  std::mt19937 rng(std::random_device{}());
  std::vector<Acked> all;

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    Writers writers(city, kClients, "round " + std::to_string(round));
    // Let some requests through first, so there is something to lose; then kill at a random
    // moment while the writes are in full flow. (Generous deadline: never a timing assertion.)
    auto deadline = Clock::now() + 60s;
    while (writers.acked_count() < 50 && Clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    ASSERT_GE(writers.acked_count(), 50u)
        << "the server acknowledged too few POSTs; failures: "
        << (writers.sample_failures().empty() ? "" : writers.sample_failures()[0]);
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 1500)(rng)));
    city.server().Kill9();
    writers.Stop();
    std::vector<Acked> acked = writers.acked();
    RecordProperty("acknowledged_round_" + std::to_string(round), static_cast<int>(acked.size()));
    all.insert(all.end(), acked.begin(), acked.end());

    city.Start();  // same database file
    ExpectHealthy(city.port(), "restart");
    auto missing = FindMissing(city.port(), acked);
    EXPECT_TRUE(missing.empty()) << acked.size() << " acknowledged this round; "
                                 << Summarize(missing);
  }
  // Earlier rounds are still intact after later crashes.
  auto missing = FindMissing(city.port(), all);
  EXPECT_TRUE(missing.empty()) << all.size() << " acknowledged in all; " << Summarize(missing);
}

}  // namespace
}  // namespace civic311::it
