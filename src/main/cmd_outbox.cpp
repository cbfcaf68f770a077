// civic311 outbox list --db FILE [--parked]
// civic311 outbox retry --db FILE (--id N | --all-parked)
// What the delivery worker has not delivered (every kind: e-mail, SMS, dispatch, webhook), and a
// way to try again.
#include <cstdio>

#include "adapters/storage/sqlite/notify_outbox_store.hpp"
#include "base/time_format.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"

namespace civic311 {

int RunOutbox(int argc, char** argv, int first) {
  const std::string sub = first < argc ? argv[first] : "";
  const std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the database file"},
      {"parked", false, false, "list: only messages the worker gave up on"},
      {"id", true, false, "retry: the message's id (from outbox list)"},
      {"all-parked", false, false, "retry: every parked message"},
      {"limit", true, false, "list: at most this many rows (default 100)"},
  };
  const std::string usage = cli::Usage(
      "civic311 outbox list --db FILE [--parked]\n"
      "       civic311 outbox retry --db FILE (--id N | --all-parked)",
      "Messages not yet delivered (due, failing, or parked after their channel's retry budget),\n"
      "oldest first; retry makes a message due now with a fresh budget.",
      specs);
  if (sub == "--help" || sub == "-h") {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  if (sub != "list" && sub != "retry")
    return Fail("outbox", "expected list or retry (see civic311 outbox --help)", 2);
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first + 1, specs, &err);
  if (!args) return Fail("outbox " + sub, err + " (see civic311 outbox --help)", 2);
  if (args->help()) {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  if (!args->Has("db")) return Fail("outbox " + sub, "--db FILE is required", 2);
  int code = 0;
  auto store = OpenStoreOrFail("outbox " + sub, args->Get("db"), &code);
  if (!store) return code;
  SqliteNotifyOutbox outbox(*store);
  SystemClock clock;

  if (sub == "list") {
    long limit = 100;
    if (args->Has("limit")) {
      try {
        limit = std::stol(args->Get("limit"));
      } catch (...) {
        limit = -1;
      }
      if (limit <= 0) return Fail("outbox list", "--limit wants a positive number", 2);
    }
    auto rows = outbox.List(args->Has("parked"), static_cast<int>(limit));
    if (!rows.ok()) return Fail("outbox list", Describe(rows.error()));
    std::printf("%-8s %-9s %-24s %-8s %-9s %-8s %-21s %s\n", "id", "kind", "event", "request",
                "attempts", "state", "created", "last error");
    for (const OutboxItem& m : *rows) {
      const std::string state = m.parked_at ? "parked" : (m.last_error.empty() ? "due" : "failing");
      // A webhook's endpoint is shown with its event (an address or number never is).
      const std::string event =
          m.kind == "webhook" && !m.recipient.empty() ? m.event + "→" + m.recipient : m.event;
      std::printf("%-8lld %-9s %-24s %-8s %-9d %-8s %-21s %s\n", static_cast<long long>(m.id),
                  m.kind.c_str(), event.c_str(),
                  m.request_id ? std::to_string(*m.request_id).c_str() : "-", m.attempt,
                  state.c_str(), FormatUtc(m.created_at).c_str(), m.last_error.c_str());
    }
    return 0;
  }
  // retry
  if (args->Has("id") == args->Has("all-parked"))
    return Fail("outbox retry", "give exactly one of --id N and --all-parked", 2);
  Result<int> changed = 0;
  if (args->Has("id")) {
    long long id = 0;
    try {
      id = std::stoll(args->Get("id"));
    } catch (...) {
      return Fail("outbox retry", "--id wants a message id from outbox list", 2);
    }
    changed = outbox.Retry(id, clock.Now());
    if (changed.ok() && *changed == 0)
      return Fail("outbox retry", "no undelivered message has the id " + args->Get("id"));
  } else {
    changed = outbox.RetryAllParked(clock.Now());
  }
  if (!changed.ok()) return Fail("outbox retry", Describe(changed.error()));
  std::printf("%d message(s) due again\n", *changed);
  return 0;
}

}  // namespace civic311
