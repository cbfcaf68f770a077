#include "app/dashboard_zone.hpp"

#include "base/log.hpp"

namespace civic311 {

DashboardZoneKeeper::~DashboardZoneKeeper() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<bool> DashboardZoneKeeper::UseCity(const City& city) {
  if (!city.calendar) return false;
  const std::string zone = city.calendar->spec().timezone;
  auto rebuilt = store_.UseZone(zone, city.calendar->UtcOffsets());
  if (rebuilt.ok()) {
    std::lock_guard lock(mu_);
    last_zone_ = zone;
  }
  return rebuilt;
}

void DashboardZoneKeeper::Follow(LiveCity& live) {
  {
    std::lock_guard lock(mu_);
    if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
  }
  live.OnChange([this](const City& next) {
    if (!next.calendar) return;
    const std::string zone = next.calendar->spec().timezone;
    std::lock_guard lock(mu_);
    if (zone == last_zone_) return;  // the usual case: some other change of the city
    // The offsets are computed here, on the publishing thread (~1 ms), so the calendar need not
    // outlive this call.
    pending_.emplace(zone, next.calendar->UtcOffsets());
    last_zone_ = zone;
    cv_.notify_all();
  });
}

void DashboardZoneKeeper::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
    if (stopping_) return;
    auto [zone, offsets] = std::move(*pending_);
    pending_.reset();
    lock.unlock();
    auto rebuilt = store_.UseZone(zone, offsets);
    if (!rebuilt.ok()) {
      Log(LogLevel::kError, "dashboard: counting the days of the new time zone failed",
          {{"zone", zone}, {"error", rebuilt.error().message + " " + rebuilt.error().detail}});
    } else if (*rebuilt) {
      Log(LogLevel::kInfo, "dashboard: day counts rebuilt for the city's time zone",
          {{"zone", zone}});
    }
    lock.lock();
  }
}

}  // namespace civic311
