#include "adapters/storage/sqlite/gazetteer_store.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "adapters/storage/sqlite/reader_pool.hpp"
#include "adapters/storage/sqlite/writer.hpp"
#include "domain/address_text.hpp"
#include "domain/geo.hpp"
#include "domain/street_index.hpp"

namespace civic311 {

using sqlite::Db;

namespace {
struct StreetInfo {
  std::string name, postcode, area;
  double lat = 0, lon = 0;
};
}  // namespace

struct SqliteGazetteer::Snapshot {
  std::int64_t generation = -1;
  StreetIndex index{{}};
  std::unordered_map<std::int64_t, StreetInfo> streets;
};

namespace {

constexpr std::size_t kStreetCandidates = 8;
constexpr double kNearNumberCost = 0.6;  // the typed number is not there; a neighbour is
constexpr double kRangeCost = 0.05;      // inside a range rather than the exact number
constexpr double kStreetOnlyCost = 1.0;  // a number was typed but the street has no addresses

struct Scored {
  Place place;
  double cost = 0;
};

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool EndsInWordChar(std::string_view s) {
  if (s.empty()) return false;
  unsigned char c = static_cast<unsigned char>(s.back());
  return c >= 0x80 || std::isalnum(c) != 0;
}

Place StreetPlace(const StreetInfo& s) {
  Place p;
  p.label = s.name;
  p.postcode = s.postcode;
  p.area = s.area;
  p.lat = s.lat;
  p.lon = s.lon;
  p.kind = PlaceKind::kStreet;
  return p;
}

// Reads label, postcode, area, lat, lon from columns 0..4.
Place PlaceFromRow(const sqlite::Statement& st, PlaceKind kind) {
  Place p;
  p.label = st.String(0);
  p.postcode = st.String(1);
  p.area = st.String(2);
  p.lat = st.Double(3);
  p.lon = st.Double(4);
  p.kind = kind;
  return p;
}

Status ValidateEntry(const GazetteerEntry& e, std::size_t i) {
  auto bad = [&](const std::string& why) {
    return Error::InvalidArgument("gazetteer entry " + std::to_string(i + 1) + ": " + why);
  };
  if (NormalizedAddress(e.street).empty()) return bad("the street is empty");
  if (!std::isfinite(e.lat) || e.lat < -90 || e.lat > 90) return bad("lat is not a latitude");
  if (!std::isfinite(e.lon) || e.lon < -180 || e.lon > 180) return bad("lon is not a longitude");
  if (e.kind == PlaceKind::kAddress && !ParseHouseNumber(e.number))
    return bad("an address needs a number that starts with a digit (\"145\", \"145-151\")");
  if (e.kind == PlaceKind::kIntersection && NormalizedAddress(e.cross_street).empty())
    return bad("an intersection needs a cross_street");
  return OkStatus();
}

// The most frequent non-empty value of a tally, or "".
std::string Mode(const std::map<std::string, int>& tally) {
  std::string best;
  int n = 0;
  for (const auto& [v, c] : tally)
    if (!v.empty() && c > n) best = v, n = c;
  return best;
}

}  // namespace

SqliteGazetteer::SqliteGazetteer(SqliteStore& store, const Clock* clock)
    : store_(store), clock_(clock) {}
SqliteGazetteer::~SqliteGazetteer() = default;

Result<GazetteerStats> SqliteGazetteer::Replace(const std::vector<GazetteerEntry>& entries,
                                                std::string_view source) {
  for (std::size_t i = 0; i < entries.size(); ++i) C311_TRY(ValidateEntry(entries[i], i));

  // Derive the streets: one per normalised name, at the mean of its places.
  struct Derived {
    std::int64_t id = 0;
    std::string name;
    double lat_sum = 0, lon_sum = 0;
    int located = 0, places = 0;
    std::optional<std::pair<double, double>> fixed;  // a 'street' entry's own location
    std::map<std::string, int> postcodes, areas;
  };
  std::unordered_map<std::string, Derived> streets;
  auto street = [&](const std::string& name) -> Derived& {
    Derived& d = streets[NormalizedAddress(name)];
    if (d.name.empty()) d.name = name;
    return d;
  };
  GazetteerStats stats;
  for (const GazetteerEntry& e : entries) {
    Derived& d = street(e.street);
    if (e.kind == PlaceKind::kStreet) {
      d.fixed = {e.lat, e.lon};
    } else {
      d.lat_sum += e.lat, d.lon_sum += e.lon, ++d.located;
    }
    if (e.kind == PlaceKind::kAddress) ++d.places, ++stats.addresses;
    ++d.postcodes[e.postcode];
    ++d.areas[e.area];
    if (e.kind == PlaceKind::kIntersection) {
      ++stats.intersections;
      Derived& c = street(e.cross_street);
      c.lat_sum += e.lat, c.lon_sum += e.lon, ++c.located;
    }
  }
  stats.streets = static_cast<int>(streets.size());
  std::int64_t next_id = 1;
  for (auto& [norm, d] : streets) d.id = next_id++;

  const std::int64_t now =
      (clock_ != nullptr ? clock_->Now() : SystemClock().Now()).time_since_epoch().count();
  Status s = store_.writer().Run(
      [&](Db& db) -> Status {
        C311_TRY(
            db.Exec("DELETE FROM gazetteer_locations; DELETE FROM gazetteer_places;"
                    "DELETE FROM gazetteer_streets;"));
        for (const auto& [norm, d] : streets) {
          auto st = db.Prepare(
              "INSERT INTO gazetteer_streets (id, name, normalized, postcode, area, lat, lon, "
              "places) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
          if (!st.ok()) return std::move(st).error();
          double lat = d.fixed ? d.fixed->first : d.lat_sum / std::max(d.located, 1);
          double lon = d.fixed ? d.fixed->second : d.lon_sum / std::max(d.located, 1);
          C311_TRY(st->Bind(1, d.id)
                       .Bind(2, d.name)
                       .Bind(3, norm)
                       .Bind(4, Mode(d.postcodes))
                       .Bind(5, Mode(d.areas))
                       .Bind(6, lat)
                       .Bind(7, lon)
                       .Bind(8, d.places)
                       .Run());
        }
        std::int64_t place_id = 0;
        for (const GazetteerEntry& e : entries) {
          if (e.kind == PlaceKind::kStreet) continue;
          ++place_id;
          const Derived& d = streets.at(NormalizedAddress(e.street));
          auto st = db.Prepare(
              "INSERT INTO gazetteer_places (id, kind, street_id, cross_street_id, number, "
              "number_from, number_to, label, postcode, area, lat, lon) VALUES (?1, ?2, ?3, ?4, "
              "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
          if (!st.ok()) return std::move(st).error();
          st->Bind(1, place_id).Bind(2, PlaceKindName(e.kind)).Bind(3, d.id);
          if (e.kind == PlaceKind::kIntersection) {
            st->Bind(4, streets.at(NormalizedAddress(e.cross_street)).id)
                .Bind(5, "")
                .BindNull(6)
                .BindNull(7)
                .Bind(8, e.street + " & " + e.cross_street);
          } else {
            HouseNumber h = *ParseHouseNumber(e.number);
            st->BindNull(4)
                .Bind(5, e.number)
                .Bind(6, static_cast<std::int64_t>(h.from))
                .Bind(7, static_cast<std::int64_t>(h.to))
                .Bind(8, e.number + " " + e.street);
          }
          C311_TRY(st->Bind(9, e.postcode).Bind(10, e.area).Bind(11, e.lat).Bind(12, e.lon).Run());
          auto loc = db.Prepare("INSERT INTO gazetteer_locations VALUES (?1, ?2, ?2, ?3, ?3)");
          if (!loc.ok()) return std::move(loc).error();
          C311_TRY(loc->Bind(1, place_id).Bind(2, e.lat).Bind(3, e.lon).Run());
        }
        auto meta = db.Prepare(
            "UPDATE gazetteer_meta SET generation = generation + 1, source = ?1, loaded_at = ?2 "
            "WHERE id = 1");
        if (!meta.ok()) return std::move(meta).error();
        return meta->Bind(1, source).Bind(2, now).Run();
      },
      /*solo=*/true);
  if (!s.ok()) return std::move(s).error();
  return stats;
}

Result<std::shared_ptr<const SqliteGazetteer::Snapshot>> SqliteGazetteer::Current() {
  auto lease = store_.readers().Acquire();
  if (!lease.ok()) return std::move(lease).error();
  auto generation = (*lease)->QueryInt("SELECT generation FROM gazetteer_meta WHERE id = 1");
  if (!generation.ok()) return std::move(generation).error();
  std::lock_guard lock(mu_);
  if (snapshot_ && snapshot_->generation == *generation) return snapshot_;
  auto snap = std::make_shared<Snapshot>();
  snap->generation = *generation;
  std::vector<StreetIndex::Street> list;
  auto st = (*lease)->Prepare(
      "SELECT id, name, normalized, postcode, area, lat, lon, places FROM gazetteer_streets");
  if (!st.ok()) return std::move(st).error();
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    std::int64_t id = st->Int64(0);
    snap->streets[id] = {st->String(1), st->String(3), st->String(4), st->Double(5), st->Double(6)};
    list.push_back({id, st->String(2), static_cast<int>(st->Int64(7))});
  }
  snap->index = StreetIndex(std::move(list));
  snapshot_ = std::move(snap);
  return snapshot_;
}

Result<std::vector<Place>> SqliteGazetteer::Search(std::string_view query, int limit) {
  limit = std::clamp(limit, 1, kMaxGeocoderResults);
  std::vector<std::string> words = AddressWords(query);
  const bool prefix = EndsInWordChar(query);
  std::optional<HouseNumber> number;
  if (!words.empty() && (number = ParseHouseNumber(words.front()))) words.erase(words.begin());
  // Postcodes ("02215") narrow nothing here; they are dropped rather than matched as street words.
  std::erase_if(words, [](const std::string& w) { return w.size() == 5 && IsDigits(w); });
  if (words.empty()) return std::vector<Place>();

  auto snap = Current();
  if (!snap.ok()) return std::move(snap).error();
  const Snapshot& s = **snap;
  if (s.streets.empty()) return std::vector<Place>();
  auto lease = store_.readers().Acquire();
  if (!lease.ok()) return std::move(lease).error();
  Db& db = **lease;

  std::vector<Scored> found;
  auto amp = std::find(words.begin(), words.end(), "&");
  if (amp != words.end()) {
    std::vector<std::string> a(words.begin(), amp), b(amp + 1, words.end());
    if (a.empty() || b.empty()) return std::vector<Place>();
    auto ma = s.index.Find(a, false, 5);
    auto mb = s.index.Find(b, prefix, 5);
    for (const auto& x : ma) {
      for (const auto& y : mb) {
        auto st = db.Prepare(
            "SELECT label, postcode, area, lat, lon FROM gazetteer_places WHERE kind = "
            "'intersection' AND ((street_id = ?1 AND cross_street_id = ?2) OR (street_id = ?2 "
            "AND cross_street_id = ?1)) LIMIT 1");
        if (!st.ok()) return std::move(st).error();
        st->Bind(1, x.id).Bind(2, y.id);
        auto row = st->Step();
        if (!row.ok()) return std::move(row).error();
        if (*row) found.push_back({PlaceFromRow(*st, PlaceKind::kIntersection), x.cost + y.cost});
      }
    }
  } else {
    for (const auto& m : s.index.Find(words, prefix, kStreetCandidates)) {
      const StreetInfo& info = s.streets.at(m.id);
      if (!number) {
        found.push_back({StreetPlace(info), m.cost});
        continue;
      }
      // The address holding the number, else its nearest neighbours on the street.
      auto below = db.Prepare(
          "SELECT label, postcode, area, lat, lon, number_from, number_to FROM gazetteer_places "
          "WHERE street_id = ?1 AND number_from <= ?2 ORDER BY number_from DESC LIMIT 4");
      if (!below.ok()) return std::move(below).error();
      below->Bind(1, m.id).Bind(2, static_cast<std::int64_t>(number->from));
      std::optional<Scored> near;
      bool hit = false;
      for (;;) {
        auto row = below->Step();
        if (!row.ok()) return std::move(row).error();
        if (!*row) break;
        long from = below->Int64(5), to = below->Int64(6);
        if (to >= number->from) {
          bool exact = from == number->from && to == number->to;
          found.push_back(
              {PlaceFromRow(*below, PlaceKind::kAddress), m.cost + (exact ? 0 : kRangeCost)});
          hit = true;
        } else if (!near) {
          near = Scored{PlaceFromRow(*below, PlaceKind::kAddress),
                        m.cost + kNearNumberCost + 0.001 * double(number->from - to)};
        }
      }
      if (hit) continue;
      auto above = db.Prepare(
          "SELECT label, postcode, area, lat, lon, number_from FROM gazetteer_places "
          "WHERE street_id = ?1 AND number_from > ?2 ORDER BY number_from LIMIT 1");
      if (!above.ok()) return std::move(above).error();
      above->Bind(1, m.id).Bind(2, static_cast<std::int64_t>(number->from));
      auto row = above->Step();
      if (!row.ok()) return std::move(row).error();
      if (*row) {
        double cost = m.cost + kNearNumberCost + 0.001 * double(above->Int64(5) - number->from);
        if (!near || cost < near->cost)
          near = Scored{PlaceFromRow(*above, PlaceKind::kAddress), cost};
      }
      found.push_back(near ? *near : Scored{StreetPlace(info), m.cost + kStreetOnlyCost});
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const Scored& a, const Scored& b) { return a.cost < b.cost; });
  std::vector<Place> out;
  for (Scored& f : found) {
    if (static_cast<int>(out.size()) >= limit) break;
    bool dup = std::any_of(out.begin(), out.end(), [&](const Place& p) {
      return p.label == f.place.label && p.kind == f.place.kind;
    });
    if (dup) continue;
    f.place.score = 1.0 / (1.0 + f.cost);
    out.push_back(std::move(f.place));
  }
  return out;
}

Result<std::optional<Place>> SqliteGazetteer::Reverse(double lat, double lon) {
  if (!std::isfinite(lat) || !std::isfinite(lon)) return std::optional<Place>();
  auto box = CircleBoundingBox({lat, lon, kReverseRadiusMeters});
  auto lease = store_.readers().Acquire();
  if (!lease.ok()) return std::move(lease).error();
  auto st = (*lease)->Prepare(
      "SELECT p.label, p.postcode, p.area, p.lat, p.lon FROM gazetteer_locations g "
      "JOIN gazetteer_places p ON p.id = g.id WHERE g.min_lat >= ?1 AND g.max_lat <= ?2 AND "
      "g.min_lon >= ?3 AND g.max_lon <= ?4 AND p.kind = 'address'");
  if (!st.ok()) return std::move(st).error();
  st->Bind(1, box.min_lat).Bind(2, box.max_lat).Bind(3, box.min_lon).Bind(4, box.max_lon);
  std::optional<Place> best;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    double d = HaversineMeters(lat, lon, st->Double(3), st->Double(4));
    if (d <= kReverseRadiusMeters && (!best || d < best->distance_m)) {
      best = PlaceFromRow(*st, PlaceKind::kAddress);
      best->distance_m = d;
      best->score = 1;
    }
  }
  return best;
}

}  // namespace civic311
