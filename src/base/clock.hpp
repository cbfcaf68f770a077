// Clock: the source of "now". Real in production, fake in tests (the only time fake we allow).
// Thread-safety: both implementations are safe to call from any thread.
#pragma once

#include <atomic>
#include <chrono>

namespace civic311 {

using Timestamp = std::chrono::sys_seconds;  // UTC, whole seconds: what Open311 exposes

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : now_(start.time_since_epoch().count()) {}
  Timestamp Now() const override { return Timestamp(std::chrono::seconds(now_.load())); }
  void Set(Timestamp t) { now_ = t.time_since_epoch().count(); }
  void Advance(std::chrono::seconds d) { now_ += d.count(); }

 private:
  std::atomic<long long> now_;
};

}  // namespace civic311
