// LiveCity: the city configuration a running server uses *now*. An admin who stores a new
// configuration version (docs/config.md, "Versions") replaces it without a restart.
//
// The design (docs/architecture.md, "The configuration snapshot"): a City is immutable; LiveCity
// holds a shared_ptr to the current one and swaps it atomically. A reader takes one snapshot
// (`Current()`) at the start of its work and uses only that for the whole request, so a request
// never sees half of one version and half of another; the old City lives on until its last
// reader lets go of it. Readers never wait for the writer, nor the writer for readers.
//
// CitySource is what the services take: either a fixed City (tests, one-shot commands) or a
// LiveCity (serve). Implicitly built from either, so a test can keep passing a City.
//
// Thread-safety: every method is safe from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <type_traits>

#include "domain/city.hpp"

namespace civic311 {

class LiveCity {
 public:
  explicit LiveCity(std::shared_ptr<const City> first) : city_(std::move(first)) {}
  LiveCity(const LiveCity&) = delete;
  LiveCity& operator=(const LiveCity&) = delete;

  // The current snapshot; never null when built with a non-null City.
  std::shared_ptr<const City> Current() const { return city_.load(std::memory_order_acquire); }
  // Publishes `next` (non-null, validated) to every reader that starts after this call.
  void Replace(std::shared_ptr<const City> next) {
    city_.store(std::move(next), std::memory_order_release);
  }

 private:
  std::atomic<std::shared_ptr<const City>> city_;
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
