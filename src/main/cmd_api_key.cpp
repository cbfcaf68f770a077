// civic311 api-key create|list|revoke --db FILE …
#include <cstdio>

#include "app/api_key_service.hpp"
#include "base/time_format.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"

namespace civic311 {

int RunApiKey(int argc, char** argv, int first) {
  const std::string sub = first < argc ? argv[first] : "";
  const std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the database file"},
      {"name", true, false, "create: a name for the key (who uses it); revoke: the key's name"},
      {"id", true, false, "revoke: the key's id (from api-key list)"},
  };
  const std::string usage = cli::Usage(
      "civic311 api-key create --db FILE --name NAME\n"
      "       civic311 api-key list --db FILE\n"
      "       civic311 api-key revoke --db FILE (--name NAME | --id ID)",
      "Open311 clients need an API key to POST requests. Keys are shown once, at creation, and\n"
      "stored hashed.",
      specs);
  if (sub == "--help" || sub == "-h") {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  if (sub != "create" && sub != "list" && sub != "revoke")
    return Fail("api-key", "expected create, list or revoke (see civic311 api-key --help)", 2);
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first + 1, specs, &err);
  if (!args) return Fail("api-key " + sub, err + " (see civic311 api-key --help)", 2);
  if (args->help()) {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  if (!args->Has("db")) return Fail("api-key " + sub, "--db FILE is required", 2);
  int code = 0;
  auto store = OpenStoreOrFail("api-key " + sub, args->Get("db"), &code);
  if (!store) return code;
  SystemClock clock;
  ApiKeyService keys(*store, clock);

  if (sub == "create") {
    if (!args->Has("name")) return Fail("api-key create", "--name NAME is required", 2);
    auto created = keys.Create(args->Get("name"));
    if (!created.ok()) return Fail("api-key create", Describe(created.error()));
    std::printf("created API key %lld '%s'; it is shown only now, keep it safe:\n",
                static_cast<long long>(created->info.id), created->info.name.c_str());
    std::printf("%s\n", created->key.c_str());
    return 0;
  }
  if (sub == "list") {
    auto list = keys.List();
    if (!list.ok()) return Fail("api-key list", Describe(list.error()));
    std::printf("%-6s %-24s %-10s %-22s %s\n", "ID", "NAME", "PREFIX", "CREATED", "REVOKED");
    for (const auto& k : *list) {
      std::printf("%-6lld %-24s %-10s %-22s %s\n", static_cast<long long>(k.id), k.name.c_str(),
                  k.prefix.c_str(), FormatUtc(k.created_at).c_str(),
                  k.revoked_at ? FormatUtc(*k.revoked_at).c_str() : "-");
    }
    return 0;
  }
  // revoke
  if (args->Has("name") == args->Has("id"))
    return Fail("api-key revoke", "give exactly one of --name NAME or --id ID", 2);
  const std::string which = args->Has("name") ? args->Get("name") : args->Get("id");
  if (auto s = keys.Revoke(which); !s.ok()) return Fail("api-key revoke", Describe(s.error()));
  std::printf("revoked API key %s\n", which.c_str());
  return 0;
}

}  // namespace civic311
