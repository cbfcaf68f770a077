// For tests: a receiver process from tests/notify/ (smtp_sink.py, http_sink.py) in a directory
// of its own. It writes DIR/port once it listens and one file per message received; files in
// DIR ("mode", "status") tell it how to answer. Killed on destruction.
#pragma once

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace civic311::testing {

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class SinkProcess {
 public:
  SinkProcess(const std::string& script, const std::string& dir) : dir_(dir) {
    std::filesystem::create_directories(dir);
    // Prepared before fork: between fork and exec only async-signal-safe calls are allowed.
    const std::string path = std::string(CIVIC311_SOURCE_DIR) + "/tests/notify/" + script;
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
      // Dies with the test: a crashed test must not leave a sink holding ctest's output pipe
      // open (which looks like a hang: session 5's "hanging" EmailDeliveryTest was a crash).
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      execl("/usr/bin/python3", "python3", path.c_str(), "--dir", dir.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    // Wait for it to listen (the port file appears), or to die, or 60 s (a wedged interpreter).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!std::filesystem::exists(dir_ + "/port")) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    port_ = std::stoi(ReadFile(dir_ + "/port"));
  }
  ~SinkProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  SinkProcess(const SinkProcess&) = delete;
  SinkProcess& operator=(const SinkProcess&) = delete;

  bool ok() const { return pid_ > 0 && port_ > 0; }
  int port() const { return port_; }
  void Set(const std::string& file, const std::string& value) {
    std::ofstream(dir_ + "/" + file) << value;
  }
  // The contents of the received files named prefix*, in arrival order.
  std::vector<std::string> Files(const std::string& prefix) const {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir_))
      if (e.path().filename().string().starts_with(prefix)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<std::string> out;
    for (const auto& f : files) out.push_back(ReadFile(f));
    return out;
  }

 private:
  std::string dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace civic311::testing
