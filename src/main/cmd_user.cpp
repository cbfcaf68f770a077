// civic311 user create|list|disable|access --db FILE …
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

// civic311 user access: AuthService::ChangeAccess, as the admin screen's "role and departments".
int ChangeAccessCommand(const cli::Args& args, SqliteStore& store, SqliteWorkflowStore& users,
                        const Clock& clock) {
  const bool clear = args.Has("no-departments");
  const std::vector<std::string> named = args.GetAll("department");
  if (!args.Has("role") && named.empty() && !clear)
    return Fail("user access", "say --role R, --department CODE or --no-departments", 2);
  if (clear && !named.empty())
    return Fail("user access", "--no-departments and --department exclude each other", 2);
  std::optional<Role> role;
  if (args.Has("role")) {
    role = ParseRole(args.Get("role"));
    if (!role)
      return Fail("user access", "--role wants admin, manager, staff, agent or resident", 2);
  }
  auto found = users.FindUserByEmail(args.Get("email"));
  if (!found.ok()) return Fail("user access", Describe(found.error()));
  if (!found->has_value()) return Fail("user access", "no user " + args.Get("email"), 1);
  const User& before = **found;
  auto city = LoadStoredCity(store, args.Get("db"));
  if (!city.ok()) return Fail("user access", Describe(city.error()));
  for (const auto& dept : named)
    if ((*city)->FindDepartment(dept) == nullptr)
      return Fail("user access", "unknown department '" + dept + "'", 2);
  const Role new_role = role.value_or(before.role);
  const std::vector<std::string> departments =
      clear ? std::vector<std::string>{} : (named.empty() ? before.departments : named);
  AuthService auth(users, users, clock);
  // The operator at the console acts as an administrator (audit entries name user -1).
  const Actor console{-1, Role::kAdmin, {}, false};
  if (Status st = auth.ChangeAccess(console, before.id, new_role, departments); !st.ok())
    return Fail("user access", Describe(st.error()));
  std::printf("changed user %lld %s: role %s -> %s, departments %s -> %s\n",
              static_cast<long long>(before.id), before.email.c_str(),
              std::string(RoleName(before.role)).c_str(), std::string(RoleName(new_role)).c_str(),
              Join(before.departments).c_str(), Join(departments).c_str());
  return 0;
}

}  // namespace

int RunUser(int argc, char** argv, int first) {
  const std::string sub = first < argc ? argv[first] : "";
  const std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the database file"},
      {"email", true, false, "the account's e-mail (its sign-in name)"},
      {"name", true, false, "create: the name shown to colleagues (default: the e-mail)"},
      {"role", true, false, "create, access: admin, manager, staff (or crew), agent or resident"},
      {"department", true, true,
       "create, access: a department code the user belongs to (repeatable; access: replaces "
       "the list)"},
      {"no-departments", false, false, "access: the user belongs to no department"},
      {"password-file", true, false, "create: a file whose first line is the password"},
  };
  const std::string usage = cli::Usage(
      "civic311 user create --db FILE --email E --role R [--department CODE …] "
      "--password-file P\n"
      "       civic311 user list --db FILE\n"
      "       civic311 user disable --db FILE --email E\n"
      "       civic311 user access --db FILE --email E [--role R] "
      "[--department CODE … | --no-departments]",
      "Staff accounts for the staff API. Passwords are stored as Argon2id hashes.\n"
      "access changes a person's role and/or departments (what is not named stays); audited as\n"
      "user_access, as on the admin screen. Their open sessions carry it from their next request.",
      specs);
  if (sub == "--help" || sub == "-h") {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  if (sub != "create" && sub != "list" && sub != "disable" && sub != "access")
    return Fail("user", "expected create, list, disable or access (see civic311 user --help)", 2);
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
  if (sub == "access") return ChangeAccessCommand(*args, *store, users, clock);
  if (auto s = users.SetUserDisabled(args->Get("email"), true); !s.ok())
    return Fail("user disable", Describe(s.error()));
  std::printf("disabled user %s\n", args->Get("email").c_str());
  return 0;
}

}  // namespace civic311
