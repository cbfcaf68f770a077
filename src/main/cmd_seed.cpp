// civic311 seed --db FILE --count N [--days D]: synthetic requests for benchmarks and demos.
#include <cstdio>
#include <random>

#include "base/crypto.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"

namespace civic311 {
namespace {

const char* const kDescriptions[] = {
    "Large pothole in the right lane, cars swerving around it.",
    "Street light has been out for three nights.",
    "Graffiti on the side of the bus shelter.",
    "Mattress and bags of trash dumped on the sidewalk.",
    "Recycling was not picked up on our scheduled day.",
    "Sidewalk not cleared of snow, very icy in the morning.",
    "Loud music from a party every night after midnight.",
    "Car with flat tyres has not moved in weeks.",
    "Tree limb hanging over the road after the storm.",
    "Walk signal does not change at the intersection.",
};

}  // namespace

int RunSeed(int argc, char** argv, int first) {
  const std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the database file (made by civic311 init)"},
      {"count", true, false, "how many requests to add"},
      {"days", true, false, "spread them over the last D days (default 365)"},
      {"seed", true, false, "random seed (default 311), for repeatable data"},
  };
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first, specs, &err);
  if (!args) return Fail("seed", err + " (see civic311 seed --help)", 2);
  if (args->help()) {
    std::fputs(cli::Usage("civic311 seed --db FILE --count N [--days D]",
                          "Bulk-loads N synthetic requests across the city's services, locations "
                          "inside its bounds\nand states (about 70% closed). For benchmarks and "
                          "demos; never on a real city's database.",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  if (!args->Has("db") || !args->Has("count"))
    return Fail("seed", "--db and --count are required", 2);
  long long count = std::atoll(args->Get("count").c_str());
  long long days = std::atoll(args->Get("days", "365").c_str());
  if (count <= 0 || count > 100'000'000) return Fail("seed", "--count wants 1 to 100000000", 2);
  if (days <= 0 || days > 36500) return Fail("seed", "--days wants 1 to 36500", 2);
  int code = 0;
  auto store = OpenStoreOrFail("seed", args->Get("db"), &code);
  if (!store) return code;
  auto city = LoadStoredCity(*store, args->Get("db"));
  if (!city.ok()) return Fail("seed", Describe(city.error()));
  const City& c = **city;

  std::mt19937_64 rng(std::strtoull(args->Get("seed", "311").c_str(), nullptr, 10));
  std::uniform_real_distribution<double> lat(c.bounds.min_lat, c.bounds.max_lat);
  std::uniform_real_distribution<double> lon(c.bounds.min_lon, c.bounds.max_lon);
  std::uniform_int_distribution<long long> age(0, days * 86400 - 1);
  std::uniform_int_distribution<size_t> pick_service(0, c.services.size() - 1);
  std::uniform_int_distribution<int> pct(0, 99);
  const Timestamp now = SystemClock().Now();
  const RequestState open_states[] = {RequestState::kSubmitted, RequestState::kAcknowledged,
                                      RequestState::kInProgress, RequestState::kActionScheduled};
  const RequestState closed_states[] = {RequestState::kFixed,     RequestState::kFixed,
                                        RequestState::kFixed,     RequestState::kNoFurtherAction,
                                        RequestState::kDuplicate, RequestState::kReferred};
  const long long kChunk = 50'000;
  long long done = 0;
  while (done < count) {
    std::vector<ServiceRequest> batch;
    batch.reserve(static_cast<size_t>(std::min(kChunk, count - done)));
    for (long long i = 0; i < kChunk && done + i < count; ++i) {
      const Service& s = c.services[pick_service(rng)];
      ServiceRequest r;
      r.service_code = s.code;
      r.service_name = s.name;
      r.token = RandomToken(10);
      r.description = kDescriptions[static_cast<size_t>(pct(rng)) % std::size(kDescriptions)];
      r.lat = lat(rng);
      r.lon = lon(rng);
      r.address = std::to_string(1 + pct(rng) * 7) + " Main St";
      r.department_code =
          s.emergency && c.dispatch_department ? *c.dispatch_department : s.department_code;
      r.emergency = s.emergency;
      r.channel = static_cast<Channel>(pct(rng) % 6);
      // In time order, as a city hands out ids: request n of count falls in the n-th slice of
      // the window (at a random second of it).
      const long long n = done + i;
      const long long span = days * 86400;
      const long long slice_start = span * n / count, slice_end = span * (n + 1) / count;
      const long long at =
          slice_start + (slice_end > slice_start
                             ? static_cast<long long>(age(rng)) % (slice_end - slice_start)
                             : 0);
      r.requested_at = now - std::chrono::seconds(span - 1 - at);
      if (c.calendar) r.expected_at = c.calendar->Due(r.requested_at, s.sla);
      bool closed = pct(rng) < 70;
      r.state = closed ? closed_states[static_cast<size_t>(pct(rng)) % std::size(closed_states)]
                       : open_states[static_cast<size_t>(pct(rng)) % std::size(open_states)];
      r.updated_at = std::min(now, r.requested_at + std::chrono::seconds(pct(rng) * 3600));
      if (closed) r.status_notes = "Resolved by the crew.";
      batch.push_back(std::move(r));
    }
    if (auto s = store->BulkInsert(batch); !s.ok()) return Fail("seed", Describe(s.error()));
    done += static_cast<long long>(batch.size());
    std::fprintf(stderr, "\rseeded %lld / %lld", done, count);
  }
  std::fprintf(stderr, "\n");
  std::printf("seeded %lld requests into %s\n", count, args->Get("db").c_str());
  return 0;
}

}  // namespace civic311
