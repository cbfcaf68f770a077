// civic311 gazetteer load --db FILE --csv FILE
#include <cstdio>

#include "adapters/config/gazetteer_csv.hpp"
#include "adapters/storage/sqlite/gazetteer_store.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"

namespace civic311 {

Status LoadGazetteer(SqliteStore& store, const City* city, std::vector<GazetteerEntry> entries,
                     const std::string& source) {
  // A place outside the city could never be reported at: leave it out, and say so.
  std::size_t outside = 0;
  if (city != nullptr) {
    std::erase_if(entries, [&](const GazetteerEntry& e) {
      bool in = city->bounds.Contains(e.lat, e.lon) &&
                (!city->areas || city->areas->InCity({e.lon, e.lat}));
      outside += in ? 0 : 1;
      return !in;
    });
  }
  SqliteGazetteer gazetteer(store);
  auto stats = gazetteer.Replace(entries, source);
  if (!stats.ok()) return std::move(stats).error();
  std::printf("gazetteer from %s: %d addresses, %d intersections, %d streets", source.c_str(),
              stats->addresses, stats->intersections, stats->streets);
  if (outside > 0) std::printf(" (%zu places outside the city left out)", outside);
  std::printf("\n");
  return OkStatus();
}

int RunGazetteer(int argc, char** argv, int first) {
  const std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the database file (made by civic311 init)"},
      {"csv", true, false, "the gazetteer CSV file, plain or gzip (see docs/gazetteer.md)"},
  };
  const char* synopsis = "civic311 gazetteer load --db FILE --csv FILE";
  if (argc <= first || std::string(argv[first]) != "load") {
    if (argc > first &&
        (std::string(argv[first]) == "--help" || std::string(argv[first]) == "-h")) {
      std::fputs(cli::Usage(synopsis,
                            "Replaces the city's gazetteer (addresses, streets, "
                            "intersections) used by address search.",
                            specs)
                     .c_str(),
                 stdout);
      return 0;
    }
    return Fail("gazetteer", "usage: " + std::string(synopsis), 2);
  }
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first + 1, specs, &err);
  if (!args) return Fail("gazetteer", err + " (see civic311 gazetteer --help)", 2);
  if (args->help()) {
    std::fputs(cli::Usage(synopsis,
                          "Replaces the city's gazetteer (addresses, streets, intersections) used "
                          "by address search,\nin one transaction. Places outside the city "
                          "boundary are left out.",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  if (!args->Has("db") || !args->Has("csv"))
    return Fail("gazetteer", "--db and --csv are required", 2);
  // Read and check the file before opening the database: a bad file changes nothing.
  auto entries = ReadGazetteerFile(args->Get("csv"));
  if (!entries.ok()) return Fail("gazetteer", Describe(entries.error()));
  int code = 0;
  auto store = OpenStoreOrFail("gazetteer", args->Get("db"), &code);
  if (!store) return code;
  auto city = LoadStoredCity(*store, args->Get("db"));
  Status s = LoadGazetteer(*store, city.ok() ? city->get() : nullptr, std::move(*entries),
                           args->Get("csv"));
  if (!s.ok()) return Fail("gazetteer", Describe(s.error()));
  return 0;
}

}  // namespace civic311
