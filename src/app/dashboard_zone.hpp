// DashboardZoneKeeper: keeps the dashboard counting the city's days (docs/console.md, "The city's
// days"). At start-up UseCity() hands the city calendar's zone to the DashboardStore (which
// rebuilds its day counts only when the stored zone differs); Follow() does the same for every
// later publication of the live city whose zone differs from the last one handed over, on a
// thread of its own: a rebuild takes seconds at 1,000,000 requests, and LiveCity's listeners
// must be quick.
//
// Ownership: borrows the store, which must outlive it. The destructor finishes a rebuild under
// way (it cannot be interrupted: one transaction) and joins the thread.
// Thread-safety: UseCity and the listener may be called from any thread.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/dashboard_ports.hpp"
#include "domain/live_city.hpp"

namespace civic311 {

class DashboardZoneKeeper {
 public:
  explicit DashboardZoneKeeper(DashboardStore& store) : store_(store) {}
  ~DashboardZoneKeeper();
  DashboardZoneKeeper(const DashboardZoneKeeper&) = delete;
  DashboardZoneKeeper& operator=(const DashboardZoneKeeper&) = delete;

  // Now, on the calling thread. Returns whether the store rebuilt its counts; the store's
  // errors as they come.
  Result<bool> UseCity(const City& city);
  // From now on, each publication of `live` with another zone is handed to the store in the
  // background (the newest wins when several arrive during a rebuild; failures are logged).
  void Follow(LiveCity& live);

 private:
  void Loop();

  DashboardStore& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string last_zone_;  // the zone last handed to the store
  std::optional<std::pair<std::string, std::vector<UtcOffsetSpan>>> pending_;
  bool stopping_ = false;
  std::thread thread_;  // started by Follow
};

}  // namespace civic311
