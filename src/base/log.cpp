#include "base/log.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <thread>

#include "base/time_format.hpp"

namespace civic311 {
namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};

// Lines are appended to a buffer under a mutex; warnings and errors (and a full buffer) are
// written at once, info/debug lines by a flusher thread every 50 ms. One write(2) per line cost
// several microseconds per request on the hot path; batching keeps the access log nearly free
// while an error still reaches stderr before the next line of code runs.
class LogSink {
 public:
  LogSink() : flusher_([this] { Run(); }) {}
  ~LogSink() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    flusher_.join();
    Flush();
  }
  void Write(const std::string& line, bool urgent) {
    std::unique_lock lock(mu_);
    buf_ += line;
    if (urgent || buf_.size() >= kMaxBuffered) FlushLocked(lock);
  }
  void Flush() {
    std::unique_lock lock(mu_);
    FlushLocked(lock);
  }

 private:
  static constexpr size_t kMaxBuffered = 64 * 1024;
  void FlushLocked(std::unique_lock<std::mutex>&) {
    if (buf_.empty()) return;
    std::fwrite(buf_.data(), 1, buf_.size(), stderr);
    std::fflush(stderr);
    buf_.clear();
  }
  void Run() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      cv_.wait_for(lock, std::chrono::milliseconds(50));
      FlushLocked(lock);
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::string buf_;
  bool stop_ = false;
  std::thread flusher_;
};

LogSink& Sink() {
  static LogSink* sink = new LogSink();  // never destroyed: may be used during static teardown
  return *sink;
}

const char* LevelName(LogLevel l) {
  switch (l) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// A plain decimal number ("12", "-3", "0.412"): written unquoted as a JSON number.
bool IsNumber(std::string_view s) {
  if (s.empty() || s.size() > 18) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size() || s[i] == '.') return false;
  if (s[i] == '0' && i + 1 < s.size() && s[i + 1] != '.') return false;  // no leading zeros
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (dot || i + 1 == s.size()) return false;
      dot = true;
    } else if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  return true;
}
}  // namespace

void SetLogLevel(LogLevel level) { g_level = static_cast<int>(level); }
bool LogEnabled(LogLevel level) { return static_cast<int>(level) >= g_level.load(); }

void AppendJsonEscaped(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  // Runs of plain characters are appended at once: most values need no escaping at all, and a
  // character-by-character append was the largest cost of the access log (docs/performance.md).
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
}

namespace {
// "2026-12-06T05:31:07" for the current second, formatted once per second per thread.
std::string_view SecondText(std::chrono::system_clock::time_point now) {
  thread_local std::int64_t cached_second = -1;
  thread_local std::string cached;
  auto second = std::chrono::floor<std::chrono::seconds>(now);
  std::int64_t count = second.time_since_epoch().count();
  if (count != cached_second) {
    cached = FormatUtc(second);
    cached.pop_back();  // the Z: milliseconds follow
    cached_second = count;
  }
  return cached;
}
}  // namespace

void Log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  if (!LogEnabled(level)) return;
  auto now = std::chrono::system_clock::now();
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  thread_local std::string line;  // keeps its capacity: no allocation per line
  line.clear();
  line += "{\"ts\":\"";
  line += SecondText(now);
  const char frac[] = {'.', static_cast<char>('0' + ms / 100),
                       static_cast<char>('0' + ms / 10 % 10), static_cast<char>('0' + ms % 10),
                       'Z'};
  line.append(frac, sizeof frac);
  line += "\",\"level\":\"";
  line += LevelName(level);
  line += "\",\"msg\":\"";
  AppendJsonEscaped(line, msg);
  line += '"';
  for (const auto& [k, v] : fields) {
    line += ",\"";
    AppendJsonEscaped(line, k);
    line += "\":";
    if (IsNumber(v)) {
      line += v;
    } else {
      line += '"';
      AppendJsonEscaped(line, v);
      line += '"';
    }
  }
  line += "}\n";
  Sink().Write(line, level >= LogLevel::kWarn);
}

void FlushLog() { Sink().Flush(); }

}  // namespace civic311
