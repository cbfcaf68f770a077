#include "base/metrics.hpp"

#include <cstdio>
#include <mutex>

namespace civic311 {
namespace {
std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}
std::string Series(const std::string& name, const std::string& labels) {
  return labels.empty() ? name : name + "{" + labels + "}";
}
}  // namespace

void Histogram::Observe(double seconds) {
  size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Histogram::AppendTo(std::string& out, const std::string& name,
                         const std::string& labels) const {
  std::uint64_t cumulative = 0;
  std::string sep = labels.empty() ? "" : ",";
  for (size_t i = 0; i <= kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    std::string le = i < kBounds.size() ? Num(kBounds[i]) : "+Inf";
    out += name + "_bucket{" + labels + sep + "le=\"" + le + "\"} " + std::to_string(cumulative) +
           "\n";
  }
  out += Series(name + "_sum", labels) + " " +
         Num(static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6) + "\n";
  out += Series(name + "_count", labels) + " " +
         std::to_string(count_.load(std::memory_order_relaxed)) + "\n";
}

Counter& MetricsRegistry::GetCounter(const std::string& name, const std::string& labels,
                                     const std::string& help) {
  {
    std::shared_lock lock(mu_);
    auto f = families_.find(name);
    if (f != families_.end()) {
      auto c = f->second.counters.find(labels);
      if (c != f->second.counters.end()) return *c->second;
    }
  }
  std::unique_lock lock(mu_);
  Family& f = families_[name];
  f.help = help;
  f.type = "counter";
  auto& slot = f.counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Histogram& MetricsRegistry::GetHistogram(const std::string& name, const std::string& labels,
                                         const std::string& help) {
  {
    std::shared_lock lock(mu_);
    auto f = families_.find(name);
    if (f != families_.end()) {
      auto h = f->second.histograms.find(labels);
      if (h != f->second.histograms.end()) return *h->second;
    }
  }
  std::unique_lock lock(mu_);
  Family& f = families_[name];
  f.help = help;
  f.type = "histogram";
  auto& slot = f.histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>();
  return *slot;
}

void MetricsRegistry::AddGauge(const std::string& name, const std::string& labels,
                               const std::string& help, std::function<double()> read) {
  std::unique_lock lock(mu_);
  Family& f = families_[name];
  f.help = help;
  f.type = "gauge";
  f.gauges[labels] = std::move(read);
}

std::string MetricsRegistry::Render() const {
  std::shared_lock lock(mu_);
  std::string out;
  out.reserve(4096);
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n";
    out += "# TYPE " + name + " " + f.type + "\n";
    for (const auto& [labels, c] : f.counters)
      out += Series(name, labels) + " " + std::to_string(c->Value()) + "\n";
    for (const auto& [labels, h] : f.histograms) h->AppendTo(out, name, labels);
    for (const auto& [labels, g] : f.gauges) out += Series(name, labels) + " " + Num(g()) + "\n";
  }
  return out;
}

}  // namespace civic311
