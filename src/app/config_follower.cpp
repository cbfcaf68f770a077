#include "app/config_follower.hpp"

#include "base/log.hpp"

namespace civic311 {

ConfigFollower::ConfigFollower(ConfigVersionStore& store, ConfigAdmin::Loader load,
                               std::shared_ptr<LiveCity> live, Options options)
    : store_(store), load_(std::move(load)), live_(std::move(live)), options_(std::move(options)) {}

ConfigFollower::~ConfigFollower() { Stop(); }

void ConfigFollower::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void ConfigFollower::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ConfigFollower::Loop() {
  while (true) {
    {
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, options_.interval, [this] { return stopping_; })) return;
    }
    auto checked = CheckOnce();
    if (!checked.ok())
      Log(LogLevel::kWarn, "configuration version check failed",
          {{"error", checked.error().detail}});
  }
}

Result<bool> ConfigFollower::CheckOnce() {
  std::lock_guard lock(check_mu_);
  auto newest = store_.CurrentConfigVersion();
  if (!newest.ok()) return std::move(newest).error();
  if (*newest <= live_->version() || *newest == refused_) return false;
  auto stored = store_.GetConfigVersion(*newest);
  if (!stored.ok()) return std::move(stored).error();
  if (!stored->has_value()) return false;  // cannot happen: versions are never deleted
  auto city = load_((*stored)->toml, "stored");
  if (!city.ok()) {
    refused_ = *newest;
    Log(LogLevel::kError, "stored configuration version refused; keeping the current one",
        {{"version", std::to_string(*newest)}, {"error", city.error().message}});
    return false;
  }
  if (!live_->Publish(*city, *newest)) return false;  // this process published a newer one
  Log(LogLevel::kInfo, "configuration version published",
      {{"version", std::to_string(*newest)}, {"by", (*stored)->author}});
  if (options_.published) options_.published(**stored);
  return true;
}

}  // namespace civic311
