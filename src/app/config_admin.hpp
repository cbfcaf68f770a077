// ConfigAdmin: changing the city configuration while the server runs (docs/config.md,
// "Versions"; docs/architecture.md, "The configuration snapshot").
//
// A change is a whole new document. It is validated by the same loader as the file at start-up
// (every mistake, each with its setting), stored as the next version with who and when, and
// then published: the LiveCity's snapshot is swapped, so the next request of every front door
// sees it — no restart. Revert stores an old version's document again, as a new version (history
// is never rewritten). The admin screens and `civic311 config import` both come through here.
//
// Ownership: borrows the store and clock (they must outlive it); shares the LiveCity.
// Thread-safety: every method is safe from many threads. Two admins saving at once: the second
// save names the version it started from and gets kConflict instead of overwriting the first.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/config_ports.hpp"
#include "domain/live_city.hpp"
#include "domain/policy.hpp"

namespace civic311 {

class ConfigAdmin {
 public:
  // The config loader (adapters/config: LoadCityConfig): a City or every mistake.
  using Loader = std::function<Result<std::shared_ptr<const City>>(std::string_view toml,
                                                                   std::string_view source)>;
  // What Open311 clients cache of a city (services, definitions, discovery), as comparable text:
  // a save moves the catalogue version only when this changes.
  using CatalogueOf = std::function<std::string(const City&)>;

  struct Deps {
    std::shared_ptr<LiveCity> live;  // null: nothing to publish to (the command line)
    ConfigVersionStore* store = nullptr;
    Loader load;
    CatalogueOf catalogue;
    const Clock* clock = nullptr;
    // Called after a save that changed the catalogue (the Open311 discovery changeset).
    std::function<void(Timestamp)> catalogue_moved;
  };
  explicit ConfigAdmin(Deps deps) : d_(std::move(deps)) {}

  // Who is saving, as recorded on the version.
  struct Author {
    Actor actor;
    std::string name;  // e-mail, or the command
  };

  // Validates `toml`, stores it as the next version and publishes it. kPermissionDenied unless
  // the actor may manage the configuration (admins); kInvalidArgument with every mistake (the
  // loader's fields: "admin:12:3 services[4].sla"); kConflict when `based_on` is given and
  // another version was saved since. Nothing is stored or published on any error.
  Result<ConfigVersion> Save(const Author& who, std::string_view toml, std::string note,
                             std::optional<std::int64_t> based_on);
  // Saves version `number`'s document again as the next version ("reverted to version N").
  Result<ConfigVersion> Revert(const Author& who, std::int64_t number,
                               std::optional<std::int64_t> based_on);
  // Checks a document without storing it: the City it would become, or every mistake.
  Result<std::shared_ptr<const City>> Check(const Actor& actor, std::string_view toml) const;

  Result<std::vector<ConfigVersion>> List(const Actor& actor, int limit) const;
  // kNotFound when there is no such version.
  Result<ConfigVersion> Get(const Actor& actor, std::int64_t number) const;
  // The newest version, with its document (kNotFound: nothing stored yet).
  Result<ConfigVersion> Current(const Actor& actor) const;

 private:
  Status Allowed(const Actor& actor) const;
  Deps d_;
};

}  // namespace civic311
