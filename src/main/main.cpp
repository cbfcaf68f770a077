// civic311: the composition root. The only place that knows every concrete type.
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "base/crypto.hpp"
#include "main/commands.hpp"

namespace {

const char kHelp[] =
    "civic311 — a self-hosted 311 system (Open311 GeoReport v2)\n"
    "\n"
    "usage: civic311 COMMAND [flags]\n"
    "\n"
    "commands:\n"
    "  init      create or migrate a database; --demo loads the demo city, --config a city file\n"
    "  serve     serve the web API until SIGTERM/SIGINT\n"
    "  api-key   create, list or revoke Open311 API keys (create | list | revoke)\n"
    "  backup    a consistent online copy of the database\n"
    "  seed      bulk-load synthetic requests (benchmarks, demos)\n"
    "  route     show which department a request at a point goes to, and why\n"
    "  user      create, list or disable staff accounts (create | list | disable)\n"
    "  gazetteer load the city's addresses for address search (load)\n"
    "  worker    deliver the outbox (e-mail, SMS, dispatch, webhooks) without serving\n"
    "  outbox    list undelivered or parked messages, retry them (list | retry)\n"
    "  alerts    send the area alerts' daily digests now (digest)\n"
    "  config    export the city configuration (TOML) or import a new version (export | import)\n"
    "  demo-replay  fill a new demo database with replayed requests and demo sign-ins\n"
    "\n"
    "Run 'civic311 COMMAND --help' for the flags of a command.\n";

}  // namespace

int main(int argc, char** argv) {
  // Whatever this process creates (database, WAL, backups, media, logs it writes itself) is
  // private to the service's user; the storage code also sets the modes explicitly
  // (base/private_files.hpp), so this is the second line, not the only one.
  ::umask(077);
  if (!civic311::CryptoInit()) {
    std::fprintf(stderr, "civic311: cannot initialise libsodium\n");
    return 1;
  }
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    std::fputs(kHelp, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::puts("civic311 0.1.0");
    return 0;
  }
  std::string cmd = argv[1];
  if (cmd == "init") return civic311::RunInit(argc, argv, 2);
  if (cmd == "serve") return civic311::RunServe(argc, argv, 2);
  if (cmd == "api-key") return civic311::RunApiKey(argc, argv, 2);
  if (cmd == "backup") return civic311::RunBackup(argc, argv, 2);
  if (cmd == "seed") return civic311::RunSeed(argc, argv, 2);
  if (cmd == "route") return civic311::RunRoute(argc, argv, 2);
  if (cmd == "user") return civic311::RunUser(argc, argv, 2);
  if (cmd == "gazetteer") return civic311::RunGazetteer(argc, argv, 2);
  if (cmd == "worker") return civic311::RunWorker(argc, argv, 2);
  if (cmd == "outbox") return civic311::RunOutbox(argc, argv, 2);
  if (cmd == "alerts") return civic311::RunAlerts(argc, argv, 2);
  if (cmd == "demo-replay") return civic311::RunDemoReplay(argc, argv, 2);
  if (cmd == "config") return civic311::RunConfig(argc, argv, 2);
  std::fprintf(stderr, "civic311: unknown command '%s' (see civic311 --help)\n", cmd.c_str());
  return 2;
}
