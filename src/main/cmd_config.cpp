// civic311 config export --db FILE          prints the current city configuration (TOML)
// civic311 config import --db FILE --config CITY.toml
//                                           validates it and stores it as a new version
// The same document and the same ConfigAdmin as the admin screens (docs/config.md, "Versions"):
// export then import of an unchanged file stores an identical version.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "adapters/config/city_config.hpp"
#include "adapters/open311/render.hpp"
#include "adapters/storage/sqlite/config_version_store.hpp"
#include "app/config_admin.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"

namespace civic311 {

ConfigAdmin::Deps ConfigAdminDeps(ConfigVersionStore& store, const Clock& clock,
                                  std::shared_ptr<LiveCity> live) {
  ConfigAdmin::Deps d;
  d.live = std::move(live);
  d.store = &store;
  d.clock = &clock;
  d.load = [](std::string_view toml, std::string_view source) {
    return LoadCityConfig(toml, source);
  };
  d.catalogue = [](const City& city) { return open311::CatalogueSnapshot(city); };
  return d;
}

int RunConfig(int argc, char** argv, int first) {
  const std::string sub = first < argc ? argv[first] : "";
  const std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the SQLite database file"},
      {"config", true, false, "import: the city configuration file (TOML, see docs/config.md)"},
      {"note", true, false, "import: what changed, recorded with the version"},
  };
  if (sub != "export" && sub != "import") {
    if (sub == "--help" || sub == "-h") {
      std::fputs(cli::Usage("civic311 config export --db FILE\n"
                            "       civic311 config import --db FILE --config CITY.toml",
                            "export prints the current city configuration (TOML) to stdout.\n"
                            "import validates CITY.toml exactly like init and stores it as a new "
                            "version\n(a running serve picks it up when an admin saves, or at "
                            "its next start).",
                            specs)
                     .c_str(),
                 stdout);
      return 0;
    }
    return Fail("config", "say export or import (see civic311 config --help)", 2);
  }
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first + 1, specs, &err);
  if (!args) return Fail("config", err + " (see civic311 config --help)", 2);
  if (!args->Has("db")) return Fail("config", "--db FILE is required", 2);
  const std::string db = args->Get("db");
  int code = 0;
  auto store = OpenStoreOrFail("config", db, &code);
  if (!store) return code;
  SystemClock clock;
  SqliteConfigVersions versions(*store, &clock);
  ConfigAdmin admin(ConfigAdminDeps(versions, clock, nullptr));
  // Whoever may write the database file administers it; not a person's account (id 0 would be
  // anonymous to the policy, positive ids are accounts), recorded as author 0.
  const Actor operator_actor{-1, Role::kAdmin, {}, /*anonymous=*/false};

  if (sub == "export") {
    auto current = admin.Current(operator_actor);
    if (!current.ok()) return Fail("config", Describe(current.error()));
    std::fwrite(current->toml.data(), 1, current->toml.size(), stdout);
    return 0;
  }
  if (!args->Has("config")) return Fail("config", "import needs --config CITY.toml", 2);
  const std::string source = args->Get("config");
  std::ifstream in(source, std::ios::binary);
  if (!in) return Fail("config", "cannot read config file " + source);
  std::stringstream text;
  text << in.rdbuf();
  // The file's own name labels its mistakes (LoadCityConfig), as with init.
  if (auto checked = LoadCityConfig(text.str(), source); !checked.ok())
    return Fail("config", Describe(checked.error()));
  auto saved = admin.Save({operator_actor, "civic311 config import"}, text.str(),
                          args->Get("note", "imported from " + source), std::nullopt);
  if (!saved.ok()) return Fail("config", Describe(saved.error()));
  std::printf("stored %s as configuration version %lld\n", source.c_str(),
              static_cast<long long>(saved->number));
  return 0;
}

}  // namespace civic311
