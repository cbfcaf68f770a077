#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace open311_suite {
namespace {

using Clock = std::chrono::steady_clock;

// fork + exec with stdout/stderr redirected to the given fds; the child dies with us.
pid_t Spawn(const std::vector<std::string>& argv, int out_fd, int err_fd) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);
  int devnull = ::open("/dev/null", O_RDONLY);
  ::dup2(devnull, 0);
  ::dup2(out_fd, 1);
  ::dup2(err_fd, 2);
  ::execv(args[0], args.data());
  ::_exit(127);
}

int StatusCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > 2000 ? "…" + s.substr(s.size() - 2000) : s;
}

}  // namespace

RunResult Run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  RunResult r;
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) return r;
  pid_t pid = Spawn(argv, out[1], err[1]);
  ::close(out[1]);
  ::close(err[1]);
  if (pid < 0) {
    ::close(out[0]);
    ::close(err[0]);
    return r;
  }
  const auto deadline = Clock::now() + timeout;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0 && Clock::now() < deadline) {
    if (::poll(fds, 2, 200) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  int status = 0;
  if (open_fds > 0) ::kill(pid, SIGKILL);  // timed out
  ::waitpid(pid, &status, 0);
  r.exit_code = open_fds > 0 ? -1 : StatusCode(status);
  return r;
}

std::uint16_t ServerProcess::Start(const std::vector<std::string>& argv,
                                   const std::string& log_path, std::chrono::milliseconds timeout,
                                   std::string* error) {
  int out[2];
  int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log < 0 || ::pipe2(out, O_CLOEXEC) != 0) {
    *error = "cannot set up the server's output: " + std::string(std::strerror(errno));
    return 0;
  }
  pid_ = Spawn(argv, out[1], log);
  ::close(out[1]);
  ::close(log);
  out_fd_ = out[0];
  const auto deadline = Clock::now() + timeout;
  std::string seen;
  char buf[1024];
  while (Clock::now() < deadline) {
    pollfd p{out_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n <= 0) break;  // exited
    seen.append(buf, static_cast<std::size_t>(n));
    std::size_t at = seen.find("http://127.0.0.1:");
    if (at != std::string::npos) {
      std::size_t digits = at + 17;
      std::size_t end = digits;
      while (end < seen.size() && std::isdigit(static_cast<unsigned char>(seen[end]))) ++end;
      if (end < seen.size()) return static_cast<std::uint16_t>(std::stoi(seen.substr(digits)));
    }
  }
  int status = 0;
  std::string how = "did not print its URL in time";
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    how = "exited with status " + std::to_string(StatusCode(status));
    pid_ = -1;
  }
  *error = "civic311 serve " + how + "; stdout: " + seen + "\nlog tail:\n" + Tail(log_path);
  Stop();
  return 0;
}

void ServerProcess::Stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (Clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
  }
  if (out_fd_ >= 0) {
    ::close(out_fd_);
    out_fd_ = -1;
  }
}

}  // namespace open311_suite
