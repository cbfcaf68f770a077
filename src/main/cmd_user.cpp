// civic311 user create|list|disable --db FILE …
#include <cstdio>
#include <fstream>
#include <sstream>

#include "adapters/storage/sqlite/workflow_store.hpp"
#include "app/auth_service.hpp"
#include "base/crypto.hpp"
#include "base/time_format.hpp"
#include "main/cli.hpp"
#include "main/commands.hpp"

namespace civic311 {
namespace {

// The first line of the file, without its line ending. The password never goes on the command
// line, where `ps` and shell history would show it.
std::optional<std::string> ReadPasswordFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out.empty() ? "-" : out;
}

}  // namespace

int RunUser(int argc, char** argv, int first) {
  const std::string sub = first < argc ? argv[first] : "";
  const std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the database file"},
      {"email", true, false, "the account's e-mail (its sign-in name)"},
      {"name", true, false, "create: the name shown to colleagues (default: the e-mail)"},
      {"role", true, false, "create: admin, manager, staff (or crew), agent or resident"},
      {"department", true, true, "create: a department code the user belongs to (repeatable)"},
      {"password-file", true, false, "create: a file whose first line is the password"},
  };
  const std::string usage = cli::Usage(
      "civic311 user create --db FILE --email E --role R [--department CODE …] "
      "--password-file P\n"
      "       civic311 user list --db FILE\n"
      "       civic311 user disable --db FILE --email E",
      "Staff accounts for the staff API. Passwords are stored as Argon2id hashes.", specs);
  if (sub == "--help" || sub == "-h") {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  if (sub != "create" && sub != "list" && sub != "disable")
    return Fail("user", "expected create, list or disable (see civic311 user --help)", 2);
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first + 1, specs, &err);
  if (!args) return Fail("user " + sub, err + " (see civic311 user --help)", 2);
  if (args->help()) {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  if (!args->Has("db")) return Fail("user " + sub, "--db FILE is required", 2);
  if (sub != "list" && !args->Has("email")) return Fail("user " + sub, "--email E is required", 2);
  int code = 0;
  auto store = OpenStoreOrFail("user " + sub, args->Get("db"), &code);
  if (!store) return code;
  SystemClock clock;
  SqliteWorkflowStore users(*store, &clock);

  if (sub == "create") {
    auto role = ParseRole(args->Get("role"));
    if (!role)
      return Fail("user create", "--role wants admin, manager, staff, agent or resident", 2);
    if (!args->Has("password-file")) return Fail("user create", "--password-file P is required", 2);
    auto password = ReadPasswordFile(args->Get("password-file"));
    if (!password) return Fail("user create", "cannot read " + args->Get("password-file"), 2);
    if (auto city = LoadStoredCity(*store, args->Get("db")); city.ok()) {
      for (const auto& dept : args->GetAll("department"))
        if ((*city)->FindDepartment(dept) == nullptr)
          return Fail("user create", "unknown department '" + dept + "'", 2);
    }
    if (!CryptoInit()) return Fail("user create", "cannot initialise libsodium");
    AuthService auth(users, users, clock);
    // The operator at the console (who can open the database file anyway) acts as an
    // administrator; audit entries name the console as user -1.
    Actor console{-1, Role::kAdmin, {}, false};
    NewUser in{args->Get("email"), args->Get("name"), *role, args->GetAll("department"), *password};
    auto created = auth.CreateUser(console, in);
    if (!created.ok()) return Fail("user create", Describe(created.error()));
    std::printf("created user %lld %s (%s)\n", static_cast<long long>(created->id),
                created->email.c_str(), std::string(RoleName(created->role)).c_str());
    return 0;
  }
  if (sub == "list") {
    auto list = users.ListUsers();
    if (!list.ok()) return Fail("user list", Describe(list.error()));
    std::printf("%-6s %-32s %-9s %-20s %-9s %s\n", "ID", "EMAIL", "ROLE", "DEPARTMENTS", "STATUS",
                "CREATED");
    for (const auto& u : *list) {
      std::printf("%-6lld %-32s %-9s %-20s %-9s %s\n", static_cast<long long>(u.id),
                  u.email.c_str(), std::string(RoleName(u.role)).c_str(),
                  Join(u.departments).c_str(), u.disabled ? "disabled" : "active",
                  FormatUtc(u.created_at).c_str());
    }
    return 0;
  }
  if (auto s = users.SetUserDisabled(args->Get("email"), true); !s.ok())
    return Fail("user disable", Describe(s.error()));
  std::printf("disabled user %s\n", args->Get("email").c_str());
  return 0;
}

}  // namespace civic311
