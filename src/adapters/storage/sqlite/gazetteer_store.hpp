// SqliteGazetteer: the city's gazetteer in the database a SqliteStore has open (schema:
// migrations/0006_portal_data.sql) and the local Geocoder over it (docs/gazetteer.md).
//
// Replace() swaps the whole gazetteer in one transaction (a solo writer job): readers see the old
// one or the new one, never a mix. Search() matches the street words in memory (StreetIndex,
// built from gazetteer_streets on first use and rebuilt when gazetteer_meta.generation changes,
// i.e. after a load by any process), then reads the house numbers of the few best streets by
// index. Reverse() asks the R*Tree for the places in a box around the point.
//
// Ownership: borrows the SqliteStore, which must outlive it.
// Thread-safety: every method is safe from many threads at once; all calls block (disk).
#pragma once

#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/geocoder.hpp"

namespace civic311 {

class StreetIndex;

class SqliteGazetteer final : public Geocoder {
 public:
  explicit SqliteGazetteer(SqliteStore& store, const Clock* clock = nullptr);
  ~SqliteGazetteer() override;

  // Replaces the gazetteer with `entries` (validated first: kInvalidArgument naming the first
  // bad entry by its index; nothing is changed then). Streets are derived from the entries:
  // every street and cross street named, located at the middle of its places.
  Result<GazetteerStats> Replace(const std::vector<GazetteerEntry>& entries,
                                 std::string_view source);

  Result<std::vector<Place>> Search(std::string_view query, int limit) override;
  Result<std::optional<Place>> Reverse(double lat, double lon) override;

 private:
  struct Snapshot;
  // The street index of the current generation, (re)built if needed.
  Result<std::shared_ptr<const Snapshot>> Current();

  SqliteStore& store_;
  const Clock* clock_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;  // guarded by mu_ (the pointee is immutable)
};

}  // namespace civic311
