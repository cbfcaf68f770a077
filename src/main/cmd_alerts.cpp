// civic311 alerts digest --db FILE
// Writes every confirmed digest alert's digest now (normally the worker does it once a day,
// docs/notifications.md): for an operator who wants them out early, and for tests. The
// messages join the outbox; `serve` or `civic311 worker` delivers them.
#include <cstdio>

#include "adapters/storage/sqlite/alert_store.hpp"
#include "app/alert_fanout.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"

namespace civic311 {

int RunAlerts(int argc, char** argv, int first) {
  const std::string sub = first < argc ? argv[first] : "";
  const std::vector<cli::FlagSpec> specs = {{"db", true, false, "the database file"}};
  const std::string usage = cli::Usage(
      "civic311 alerts digest --db FILE",
      "Writes the daily digest of every confirmed digest alert now (requests matched since its\n"
      "last digest); the delivery worker sends them.",
      specs);
  if (sub == "--help" || sub == "-h") {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  if (sub != "digest") return Fail("alerts", "expected digest (see civic311 alerts --help)", 2);
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first + 1, specs, &err);
  if (!args) return Fail("alerts digest", err + " (see civic311 alerts --help)", 2);
  if (args->help()) {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  if (!args->Has("db")) return Fail("alerts digest", "--db FILE is required", 2);
  int code = 0;
  auto store = OpenStoreOrFail("alerts digest", args->Get("db"), &code);
  if (!store) return code;
  auto city = LoadStoredCity(*store, args->Get("db"));
  if (!city.ok()) return Fail("alerts digest", Describe(city.error()));
  SqliteAlertStore alerts(*store);
  SystemClock clock;
  AlertFanout fanout(alerts, *city, clock, {});
  int total = 0;
  // A far "due by": every digest alert is due; each call takes up to a batch.
  const Timestamp all = clock.Now() + std::chrono::days(3660);
  while (true) {
    auto sent = fanout.SendDueDigests(all);
    if (!sent.ok()) return Fail("alerts digest", Describe(sent.error()));
    total += *sent;
    if (*sent == 0) break;
  }
  std::printf("%d digest(s) written\n", total);
  return 0;
}

}  // namespace civic311
