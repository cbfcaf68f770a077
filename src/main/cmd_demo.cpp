// civic311 demo-replay --db FILE [--media-dir DIR]: the lived-in demo (docs/demo.md).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include "adapters/config/gazetteer_csv.hpp"
#include "adapters/demo/demo_replay.hpp"
#include "adapters/media/demo_photo.hpp"
#include "adapters/storage/sqlite/workflow_store.hpp"
#include "app/auth_service.hpp"
#include "base/crypto.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"
#include "main/portal_backend.hpp"

namespace civic311 {
namespace {

// A few thousand requests from Boston's 311 records, with timelines and photos (docs/demo.md).
int ReplayDemo(SqliteStore& store, const City& city, const std::string& db,
               const std::string& media_dir) {
  auto csv = MaybeGunzip(DemoRequestsCsvGz());
  if (!csv.ok()) return Fail("demo-replay", "demo requests: " + Describe(csv.error()));
  auto records = ParseDemoRequests(*csv);
  if (!records.ok()) return Fail("demo-replay", Describe(records.error()));
  SystemClock clock;
  SqliteWorkflowStore workflow(store, &clock);
  auto backend = MakePortalBackend(store, std::make_shared<const City>(city), db, media_dir, clock);
  if (!backend.ok()) return Fail("demo-replay", Describe(backend.error()));
  auto stats = ReplayDemoRequests(
      city, *records, workflow, (*backend)->media.get(),
      [](const Service& s, int variant) { return DemoPhotoJpeg(s.name, variant); }, clock.Now());
  if (!stats.ok()) return Fail("demo-replay", "demo requests: " + Describe(stats.error()));
  std::printf("demo requests: %d over the last 90 days (%d open, %d with photos)\n",
              stats->requests, stats->open, stats->with_photos);
  return 0;
}

// Demo sign-ins, one per role, with random passwords written to DB.demo-sign-ins.txt (0600).
int CreateDemoUsers(SqliteStore& store, const std::string& db) {
  struct Who {
    const char* email;
    const char* name;
    Role role;
    std::vector<std::string> departments;
  };
  const Who people[] = {
      {"resident@demo.example", "Rosa Resident", Role::kResident, {}},
      {"agent@demo.example", "Alex Agent", Role::kAgent, {"CC311"}},
      {"staff@demo.example", "Sam Staff", Role::kStaff, {"PWD"}},
      {"manager@demo.example", "Morgan Manager", Role::kManager, {"PWD", "SAN"}},
      {"admin@demo.example", "Ada Admin", Role::kAdmin, {}},
  };
  SystemClock clock;
  SqliteWorkflowStore users(store, &clock);
  AuthService auth(users, users, clock);
  const Actor console{-1, Role::kAdmin, {}, false};
  std::string text = "# Demo City sign-ins (demo mode only): e-mail, role, password\n";
  for (const Who& w : people) {
    std::string password = "demo-" + RandomToken(8);
    NewUser in{w.email, w.name, w.role, w.departments, password};
    auto created = auth.CreateUser(console, in);
    if (!created.ok())
      return Fail("demo-replay",
                  "demo user " + std::string(w.email) + ": " + Describe(created.error()));
    text += std::string(w.email) + " " + std::string(RoleName(w.role)) + " " + password + "\n";
  }
  const std::string path = db + ".demo-sign-ins.txt";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    if (fd >= 0) ::close(fd);
    return Fail("demo-replay", "cannot write " + path);
  }
  ::close(fd);
  std::printf("demo sign-ins (one per role) are in %s\n", path.c_str());
  return 0;
}

}  // namespace

int RunDemoReplay(int argc, char** argv, int first) {
  const std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "a database made by civic311 init --demo, with no requests yet"},
      {"media-dir", true, false, "where the demo photos go (default <db>.media)"},
  };
  const char* synopsis = "civic311 demo-replay --db FILE [--media-dir DIR]";
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first, specs, &err);
  if (!args) return Fail("demo-replay", err + " (see civic311 demo-replay --help)", 2);
  if (args->help()) {
    std::fputs(cli::Usage(synopsis,
                          "Fills a new demo database with ~3000 requests replayed from Boston's "
                          "2015 311 records\n(every state, the last 90 days, photos on some) and "
                          "one sign-in per role, written to\nDB.demo-sign-ins.txt. Demo mode only: "
                          "refuses a database that has requests.",
                          specs)
                   .c_str(),
               stdout);
    return 0;
  }
  if (!args->Has("db")) return Fail("demo-replay", "--db FILE is required", 2);
  const std::string db = args->Get("db");
  int code = 0;
  auto store = OpenStoreOrFail("demo-replay", db, &code);
  if (!store) return code;
  auto city = LoadStoredCity(*store, db);
  if (!city.ok()) return Fail("demo-replay", Describe(city.error()));
  // Never on top of real requests.
  RequestQuery any;
  any.limit = 1;
  any.include_internal = true;
  auto existing = store->List(any);
  if (!existing.ok()) return Fail("demo-replay", Describe(existing.error()));
  if (!existing->empty())
    return Fail("demo-replay", "the database has requests already: nothing replayed");
  if (int rc = ReplayDemo(*store, **city, db, args->Get("media-dir")); rc != 0) return rc;
  return CreateDemoUsers(*store, db);
}

}  // namespace civic311
