// civic311 init --db FILE [--demo] [--config CITY.toml]
#include <cstdio>
#include <fstream>
#include <sstream>

#include "adapters/config/city_config.hpp"
#include "adapters/config/gazetteer_csv.hpp"
#include "adapters/demo/demo_data.hpp"
#include "adapters/open311/render.hpp"
#include "adapters/storage/sqlite/knowledge_store.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"

namespace civic311 {
namespace {

// The demo city's reference data: its gazetteer (from Boston's 311 records) and its knowledge
// base. Replaced on every init --demo. (The replayed requests: civic311 demo-replay.)
int LoadDemoData(SqliteStore& store, const City& city) {
  auto csv = MaybeGunzip(DemoGazetteerCsvGz());
  if (!csv.ok()) return Fail("init", "demo gazetteer: " + Describe(csv.error()));
  auto entries = ParseGazetteerCsv(*csv);
  if (!entries.ok()) return Fail("init", "demo gazetteer: " + Describe(entries.error()));
  Status s = LoadGazetteer(store, &city, std::move(*entries), "demo-gazetteer.csv.gz");
  if (!s.ok()) return Fail("init", "demo gazetteer: " + Describe(s.error()));
  auto articles = DemoArticles();
  if (!articles.ok()) return Fail("init", "demo knowledge base: " + Describe(articles.error()));
  SqliteKnowledgeBase kb(store);
  if (Status k = kb.UpsertAll(*articles); !k.ok())
    return Fail("init", "demo knowledge base: " + Describe(k.error()));
  std::printf("knowledge base: %zu articles\n", articles->size());
  return 0;
}

}  // namespace

int RunInit(int argc, char** argv, int first) {
  const std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the SQLite database file (created if missing)"},
      {"demo", false, false, "load the demo city (departments, services, calendar)"},
      {"config", true, false, "load the city from this TOML file (see docs/config.md)"},
  };
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first, specs, &err);
  if (!args) return Fail("init", err + " (see civic311 init --help)", 2);
  if (args->help()) {
    std::fputs(cli::Usage("civic311 init --db FILE [--demo] [--config CITY.toml]",
                          "Creates the database, or migrates it to the current schema. With --demo "
                          "or --config\nit also stores (or replaces) the city configuration.",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  if (!args->Has("db")) return Fail("init", "--db FILE is required", 2);
  if (args->Has("demo") && args->Has("config"))
    return Fail("init", "give either --demo or --config, not both", 2);

  // Validate the city before touching the database: a bad config changes nothing.
  std::string toml;
  std::string source;
  if (args->Has("demo")) {
    toml = std::string(DemoCityToml());
    source = "demo-city.toml";
  } else if (args->Has("config")) {
    source = args->Get("config");
    std::ifstream in(source, std::ios::binary);
    if (!in) return Fail("init", "cannot read config file " + source);
    std::stringstream ss;
    ss << in.rdbuf();
    toml = ss.str();
  }
  std::shared_ptr<const City> city;
  if (!source.empty()) {
    auto loaded = LoadCityConfig(toml, source);
    if (!loaded.ok()) return Fail("init", Describe(loaded.error()));
    city = *loaded;
  }

  const std::string db = args->Get("db");
  int code = 0;
  auto store = OpenStoreOrFail("init", db, &code);
  if (!store) return code;
  if (city) {
    // The catalogue version (the Open311 discovery changeset) moves only when what clients
    // cache changes: compare the documents the old and the new configuration render.
    bool catalogue_changed = true;
    if (auto old = LoadStoredCity(*store, db); old.ok()) {
      catalogue_changed = open311::CatalogueSnapshot(**old) != open311::CatalogueSnapshot(*city);
    }
    if (auto s = store->SaveCityConfig(toml, catalogue_changed); !s.ok())
      return Fail("init", "cannot save the city configuration: " + Describe(s.error()));
    std::printf("initialised %s (schema version %d): %s, %zu services in %zu departments\n",
                db.c_str(), store->SchemaVersion(), city->name.c_str(), city->services.size(),
                city->departments.size());
    if (args->Has("demo")) {
      if (int rc = LoadDemoData(*store, *city); rc != 0) return rc;
    }
  } else {
    auto existing = LoadStoredCity(*store, db);
    std::printf("initialised %s (schema version %d)%s\n", db.c_str(), store->SchemaVersion(),
                existing.ok() ? "" : "; no city configured yet: use --demo or --config");
  }
  return 0;
}

}  // namespace civic311
