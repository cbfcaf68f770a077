// A Create() that returned ok survives kill -9 of the process at any moment.
//
// The test runs this binary again as a child (only the ChildWritesUntilKilled test, told where
// by an environment variable). The child creates requests from many threads and reports each
// acknowledged id on stdout; the parent kills it with SIGKILL mid-stream, reopens the file and
// checks that every acknowledged request is there, intact. (Power loss is the job of
// synchronous=FULL, which a test cannot pull the plug on.)
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "adapters/storage/sqlite/test_support.hpp"

namespace civic311::testing {
namespace {

constexpr char kChildDbVar[] = "C311_DURABILITY_CHILD_DB";

TEST(SqliteDurability, ChildWritesUntilKilled) {
  const char* path = std::getenv(kChildDbVar);
  if (path == nullptr) GTEST_SKIP() << "runs only as the child of AcknowledgedCreatesSurviveKill9";
  auto store = SqliteStore::Open({.path = path});
  ASSERT_TRUE(store.ok());
  std::mutex out;
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        ServiceRequest r = NewRequest("DURABLE", Day(1, i));
        r.token = std::to_string(t) + "-" + std::to_string(i);
        r.contact.email = r.token + "@example.org";
        auto created = (*store)->Create(r);
        if (!created.ok()) continue;
        std::string line = std::to_string(created->id) + " " + r.token + "\n";
        std::lock_guard lock(out);
        // write(2), not stdio: nothing may sit in a buffer when the kill comes.
        if (::write(STDOUT_FILENO, line.data(), line.size()) < 0) std::_Exit(1);
      }
    });
  }
  for (auto& t : threads) t.join();  // never: the parent kills us
}

TEST(SqliteDurability, AcknowledgedCreatesSurviveKill9) {
  TempDir dir;
  const std::string path = dir.File("durable.db");
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    ::setenv(kChildDbVar, path.c_str(), 1);
    const char* argv[] = {"c311_sqlite_test", "--gtest_filter=SqliteDurability.ChildWrites*",
                          nullptr};
    ::execv("/proc/self/exe", const_cast<char* const*>(argv));
    std::_Exit(127);
  }
  ::close(pipe_fds[1]);

  // Read acknowledgements ("<id> <token>" lines; gtest's own lines do not parse) until a good
  // number have arrived, then kill mid-stream.
  std::map<RequestId, std::string> acknowledged;
  std::string buffer;
  auto take_lines = [&] {
    size_t nl;
    while ((nl = buffer.find('\n')) != std::string::npos) {
      std::istringstream line(buffer.substr(0, nl));
      buffer.erase(0, nl + 1);
      RequestId id = 0;
      std::string token;
      if (line >> id >> token) acknowledged[id] = token;
    }
  };
  char chunk[4096];
  ssize_t n = 0;
  while (acknowledged.size() < 1500 && (n = ::read(pipe_fds[0], chunk, sizeof chunk)) > 0) {
    buffer.append(chunk, static_cast<size_t>(n));
    take_lines();
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  // Lines written before the kill but not read yet are acknowledged too.
  while ((n = ::read(pipe_fds[0], chunk, sizeof chunk)) > 0) buffer.append(chunk, n);
  ::close(pipe_fds[0]);
  take_lines();

  ASSERT_TRUE(WIFSIGNALED(status)) << "the child ended on its own: see its output";
  ASSERT_GE(acknowledged.size(), 1500u) << "the child did not get going";
  auto store = SqliteStore::Open({.path = path});
  ASSERT_TRUE(store.ok()) << store.error().message;
  for (const auto& [ack_id, ack_token] : acknowledged) {
    auto got = (*store)->Get(ack_id);
    ASSERT_TRUE(got.ok());
    ASSERT_TRUE(got->has_value()) << "acknowledged request " << ack_id << " was lost";
    EXPECT_EQ((*got)->token, ack_token);
    EXPECT_EQ((*got)->contact.email, ack_token + "@example.org");
  }
  std::printf("[ info ] %zu acknowledged creates all survived kill -9\n", acknowledged.size());
}

}  // namespace
}  // namespace civic311::testing
