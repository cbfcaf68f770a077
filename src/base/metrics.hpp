// Metrics in the Prometheus text exposition format (version 0.0.4).
// Thread-safety: all methods are safe from any thread; the hot paths (Inc, Observe) are lock-free
// once a series exists (series lookup takes a shared lock).
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace civic311 {

class Counter {
 public:
  void Inc(std::uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t Value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> v_{0};
};

// Fixed-bucket histogram of seconds.
class Histogram {
 public:
  static constexpr std::array<double, 14> kBounds = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  void Observe(double seconds);
  void AppendTo(std::string& out, const std::string& name, const std::string& labels) const;

 private:
  std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};
};

class MetricsRegistry {
 public:
  // Series are identified by name + label string, e.g. labels = R"(route="x",status="200")".
  Counter& GetCounter(const std::string& name, const std::string& labels, const std::string& help);
  Histogram& GetHistogram(const std::string& name, const std::string& labels,
                          const std::string& help);
  // A gauge read at scrape time (queue depths, pool sizes).
  void AddGauge(const std::string& name, const std::string& labels, const std::string& help,
                std::function<double()> read);
  std::string Render() const;

 private:
  struct Family {
    std::string help;
    std::string type;
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
    std::map<std::string, std::function<double()>> gauges;
  };
  mutable std::shared_mutex mu_;
  std::map<std::string, Family> families_;
};

}  // namespace civic311
