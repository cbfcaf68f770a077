// ConfigFollower: keeps a process's LiveCity on the newest stored configuration version when
// another process stored it (docs/architecture.md, "The configuration snapshot"). An admin's
// save publishes in the process that served the form; every other `serve` or `civic311 worker`
// on the same database runs a follower, which reads the newest version number (an index-only
// max() over config_versions: microseconds) every `interval` and, when it is newer than the
// published one, loads that version's document with the config loader and publishes it.
//
// A stored document the loader refuses (stored by a newer civic311 with settings this one does
// not know) is logged once and skipped; the process keeps the version it has.
//
// Ownership: borrows the store (must outlive it); shares the LiveCity.
// Thread-safety: Start/Stop from one thread; CheckOnce from any (tests call it instead of Start).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "app/config_admin.hpp"
#include "app/config_ports.hpp"
#include "domain/live_city.hpp"

namespace civic311 {

class ConfigFollower {
 public:
  struct Options {
    std::chrono::milliseconds interval{1000};
    // Called after this follower published `version` (e.g. to move the Open311 changeset).
    std::function<void(const ConfigVersion& version)> published;
  };
  ConfigFollower(ConfigVersionStore& store, ConfigAdmin::Loader load,
                 std::shared_ptr<LiveCity> live, Options options);
  ~ConfigFollower();  // Stop()
  ConfigFollower(const ConfigFollower&) = delete;
  ConfigFollower& operator=(const ConfigFollower&) = delete;

  void Start();
  void Stop();  // idempotent

  // One look: true when a newer version was published. Errors reading the store are returned.
  Result<bool> CheckOnce();

 private:
  void Loop();

  ConfigVersionStore& store_;
  ConfigAdmin::Loader load_;
  std::shared_ptr<LiveCity> live_;
  Options options_;
  std::mutex check_mu_;       // one CheckOnce at a time
  std::int64_t refused_ = 0;  // the last version the loader refused (logged once)
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace civic311
