// Running the civic311 binary from the Open311 suite: commands to completion, and the server
// as a child that dies with the test (PR_SET_PDEATHSIG) and is stopped with SIGTERM.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace open311_suite {

struct RunResult {
  int exit_code = -1;  // 128 + signal when killed; -1 when it could not run or timed out
  std::string out;
  std::string err;
};

// Runs argv (argv[0] a path) to completion, capturing stdout and stderr; killed after timeout.
RunResult Run(const std::vector<std::string>& argv,
              std::chrono::milliseconds timeout = std::chrono::seconds(120));

// A `civic311 serve` child process. Its stderr (the log) goes to `log_path`.
class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess() { Stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts argv and waits until a stdout line contains "http://127.0.0.1:PORT"; returns the
  // port, or 0 with *error set (the exit status and the log tail included).
  std::uint16_t Start(const std::vector<std::string>& argv, const std::string& log_path,
                      std::chrono::milliseconds timeout, std::string* error);
  // SIGTERM, up to 20 s to exit, then SIGKILL. Idempotent.
  void Stop();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
};

}  // namespace open311_suite
