#include "adapters/media/poster_frame.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "base/temp_dir.hpp"

extern char** environ;

namespace civic311::media {
namespace {

constexpr auto kTimeLimit = std::chrono::seconds(20);

bool WriteFile(const std::string& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return ::close(fd) == 0;
}

}  // namespace

std::optional<std::string> PosterFrame(const std::string& ffmpeg, std::string_view video,
                                       int side) {
  ScopedTempDir dir("c311-poster");
  if (dir.path().empty()) return std::nullopt;
  const std::string in = dir.path() + "/in", out = dir.path() + "/poster.jpg";
  if (!WriteFile(in, video)) return std::nullopt;
  const std::string scale = "scale=w=" + std::to_string(side) + ":h=" + std::to_string(side) +
                            ":force_original_aspect_ratio=decrease";
  std::vector<std::string> args = {ffmpeg,   "-nostdin",  "-v",    "error", "-y",  "-i",
                                   in,       "-frames:v", "1",     "-vf",   scale, "-f",
                                   "image2", "-c:v",      "mjpeg", out};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, ffmpeg.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return std::nullopt;  // no ffmpeg on PATH
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + kTimeLimit;
  for (;;) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return std::nullopt;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  std::ifstream f(out, std::ios::binary);
  if (!f) return std::nullopt;
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace civic311::media
