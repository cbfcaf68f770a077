// civic311 worker --db FILE [notification flags]: the delivery worker alone (e-mail, SMS,
// dispatch and webhook lanes), for a deployment that runs delivery apart from the web servers.
// Several workers (and servers) on one database share the outbox safely: claims are leased.
#include <csignal>
#include <cstdio>

#include "adapters/storage/sqlite/config_version_store.hpp"
#include "app/config_follower.hpp"
#include "base/log.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"
#include "main/notify.hpp"

namespace civic311 {

int RunWorker(int argc, char** argv, int first) {
  std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the database file (made by civic311 init)"},
      {"web-dir", true, false,
       "a directory whose files shadow the built-in web/ files (message templates, words)"},
  };
  for (cli::FlagSpec& f : NotifyFlagSpecs()) specs.push_back(std::move(f));
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first, specs, &err);
  if (!args) return Fail("worker", err + " (see civic311 worker --help)", 2);
  if (args->help()) {
    std::fputs(cli::Usage("civic311 worker --db FILE [--smtp URL --mail-from ADDR …]",
                          "Delivers the outbox (e-mail, SMS, dispatch, webhooks) until SIGTERM "
                          "or SIGINT;\nthen finishes the sends in flight and exits 0.",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  if (!args->Has("db")) return Fail("worker", "--db FILE is required", 2);
  // Block the signals before any thread starts, so that only sigwait below receives them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  const std::string db = args->Get("db");
  int code = 0;
  auto store = OpenStoreOrFail("worker", db, &code);
  if (!store) return code;
  SystemClock clock;
  // As serve: the version first, then the document; the follower publishes newer versions.
  SqliteConfigVersions config_versions(*store, &clock);
  auto started_version = config_versions.CurrentConfigVersion();
  if (!started_version.ok()) return Fail("worker", Describe(started_version.error()));
  auto city = LoadStoredCity(*store, db);
  if (!city.ok()) return Fail("worker", Describe(city.error()));
  auto settings = ReadNotifySettings(*args, "http://127.0.0.1:8311");
  if (!settings.ok()) return Fail("worker", settings.error().message, 2);
  MetricsRegistry metrics;
  auto live_city = std::make_shared<LiveCity>(*city, *started_version);
  auto notify = StartNotify(live_city, *store, clock, metrics, *settings);
  if (!notify.ok()) return Fail("worker", Describe(notify.error()));
  // An admin's new version (webhook endpoints, branding, areas) reaches this worker within a
  // second, without a restart.
  ConfigFollower follower(config_versions, ConfigAdminDeps(config_versions, clock, nullptr).load,
                          live_city, {});
  follower.Start();
  std::printf("civic311 worker delivering (%s)\n",
              (*notify)->live.empty() ? "no channel configured" : (*notify)->live.c_str());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  follower.Stop();
  (*notify)->Stop();
  Log(LogLevel::kInfo, "worker stopped", {});
  FlushLog();
  return 0;
}

}  // namespace civic311
