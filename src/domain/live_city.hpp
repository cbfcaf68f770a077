// LiveCity: the city configuration a running server uses *now*. An admin who stores a new
// configuration version (docs/config.md, "Versions") replaces it without a restart, in this
// process at once and in every other process on the same database within a second
// (app/config_follower.hpp).
//
// The design (docs/architecture.md, "The configuration snapshot"): a City is immutable; LiveCity
// holds a shared_ptr to the current one and swaps it atomically. A reader takes one snapshot
// (`Current()`) at the start of its work and uses only that for the whole request, so a request
// never sees half of one version and half of another; the old City lives on until its last
// reader lets go of it. Readers never wait for the writer, nor the writer for readers.
//
// Each published City carries the number of the stored configuration version it was built from,
// and a version never replaces a newer one: the admin's own save and the follower that notices
// it may race, and the older of the two must lose. Components that keep something derived from
// the city (the server's upload limit, the webhook endpoints with their secrets) subscribe with
// OnChange and rebuild it on each publication.
//
// CitySource is what the services take: either a fixed City (tests, one-shot commands) or a
// LiveCity (serve). Implicitly built from either, so a test can keep passing a City.
//
// Thread-safety: every method is safe from any thread. Listeners run on the publishing thread,
// one publication at a time, after the swap; they must be quick and must not publish.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <type_traits>
#include <vector>

#include "domain/city.hpp"

namespace civic311 {

class LiveCity {
 public:
  // `version`: the stored configuration version `first` was built from (0: unknown/none).
  explicit LiveCity(std::shared_ptr<const City> first, std::int64_t version = 0)
      : city_(std::move(first)), version_(version) {}
  LiveCity(const LiveCity&) = delete;
  LiveCity& operator=(const LiveCity&) = delete;

  // The current snapshot; never null when built with a non-null City.
  std::shared_ptr<const City> Current() const { return city_.load(std::memory_order_acquire); }
  // The stored version number of the current snapshot.
  std::int64_t version() const { return version_.load(std::memory_order_acquire); }

  // Publishes `next` (non-null, validated), built from stored version `version`, to every
  // reader that starts after this call, then tells the listeners. Returns false, publishing
  // nothing, when a version newer than `version` is already published.
  bool Publish(std::shared_ptr<const City> next, std::int64_t version) {
    std::lock_guard lock(publish_mu_);
    if (version < version_.load(std::memory_order_relaxed)) return false;
    city_.store(next, std::memory_order_release);
    version_.store(version, std::memory_order_release);
    for (const auto& listener : listeners_) listener(*next);
    return true;
  }
  // Publishes `next` under the current version number (tests, the command line).
  void Replace(std::shared_ptr<const City> next) { Publish(std::move(next), version()); }

  // Calls `listener(city)` after every later publication. Listeners live as long as this.
  void OnChange(std::function<void(const City&)> listener) {
    std::lock_guard lock(publish_mu_);
    listeners_.push_back(std::move(listener));
  }

 private:
  std::atomic<std::shared_ptr<const City>> city_;
  std::atomic<std::int64_t> version_;
  std::mutex publish_mu_;  // one publication at a time; guards listeners_
  std::vector<std::function<void(const City&)>> listeners_;
};

class CitySource {
 public:
  // A city that never changes (shared_ptr<City> or shared_ptr<const City>).
  template <typename C>
  requires std::is_convertible_v<std::shared_ptr<C>, std::shared_ptr<const City>> CitySource(
      std::shared_ptr<C> fixed)  // NOLINT: implicit on purpose
      : live_(std::make_shared<LiveCity>(std::move(fixed))) {}
  // The server's live city: every Current() sees the latest published version.
  template <typename L>
  requires std::is_convertible_v<std::shared_ptr<L>, std::shared_ptr<const LiveCity>> CitySource(
      std::shared_ptr<L> live)  // NOLINT: implicit on purpose
      : live_(std::move(live)) {}

  // Take it once per request and keep it for the request's whole life.
  std::shared_ptr<const City> Current() const { return live_->Current(); }

 private:
  std::shared_ptr<const LiveCity> live_;
};

}  // namespace civic311
