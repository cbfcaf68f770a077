// Geocoder: the port the resident portal asks "where is '145 ipswitch st'?" and "what address is
// at this pin?" (docs/gazetteer.md). The local implementation searches the city's gazetteer in
// the database (adapters/storage/sqlite/gazetteer_store); an external Nominatim-compatible one may
// come later behind the same port.
//
// Errors: kUnavailable when the store cannot be read; an empty query or a gazetteer that was
// never loaded is not an error (no matches).
// Thread-safety: implementations must be safe to call from many threads at once. Calls block
// (disk): call them on worker threads, never on network threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace civic311 {

enum class PlaceKind {
  kAddress,       // a building or a range of numbers: "145-151 Ipswich St"
  kStreet,        // a whole street, located at the middle of its known addresses
  kIntersection,  // "Francis St & Vining St"
};
const char* PlaceKindName(PlaceKind kind);  // "address", "street", "intersection"

struct Place {
  std::string label;     // what to show and to store as the request's address
  std::string postcode;  // may be empty
  std::string area;      // neighbourhood, may be empty
  double lat = 0;
  double lon = 0;
  PlaceKind kind = PlaceKind::kAddress;
  // Search: relevance in (0, 1], best first (1 = every word exact). Reverse: 1.
  double score = 0;
  // Reverse: metres from the asked point. Search: 0.
  double distance_m = 0;
};

// Reverse() looks no further than this from the point.
inline constexpr double kReverseRadiusMeters = 250;
inline constexpr int kMaxGeocoderResults = 20;

class Geocoder {
 public:
  virtual ~Geocoder() = default;

  // Ranked matches for what a resident typed: a house number (optional) and a street name, with
  // the last word read as a prefix (typing in progress) and small typos forgiven ("ipswitch" →
  // Ipswich). A number inside a range finds the range ("147 Ipswich St" → 145-151 Ipswich St).
  // limit is clamped to 1..kMaxGeocoderResults.
  virtual Result<std::vector<Place>> Search(std::string_view query, int limit) = 0;

  // The nearest address (kind kAddress) within kReverseRadiusMeters; nullopt if none.
  virtual Result<std::optional<Place>> Reverse(double lat, double lon) = 0;
};

// One row of a gazetteer as a city loads it (`civic311 gazetteer load`, docs/gazetteer.md).
struct GazetteerEntry {
  PlaceKind kind = PlaceKind::kAddress;
  std::string number;        // kAddress: "145", "145-151", "28A"; else empty
  std::string street;        // "Ipswich St"
  std::string cross_street;  // kIntersection: the other street; else empty
  std::string postcode;
  std::string area;
  double lat = 0;
  double lon = 0;
};

struct GazetteerStats {
  int addresses = 0;
  int streets = 0;
  int intersections = 0;
};

// The score from which a search's best match is taken as the place an address names (a typed
// address with no point is placed there, marked approximate).
inline constexpr double kConfidentAddressScore = 0.8;
// The best match for `address` when it scores at least kConfidentAddressScore; nullopt when
// there is none or the search fails (a missing point is never an error).
std::optional<Place> ConfidentPlace(Geocoder& geocoder, std::string_view address);

}  // namespace civic311
