// civic311 backup --db FILE --to COPY
#include <cstdio>

#include "main/cli.hpp"
#include "main/commands.hpp"

namespace civic311 {

int RunBackup(int argc, char** argv, int first) {
  const std::vector<cli::FlagSpec> specs = {
      {"db", true, false, "the live database file"},
      {"to", true, false, "where to write the copy (must not exist)"},
  };
  std::string err;
  auto args = cli::Args::Parse(argc, argv, first, specs, &err);
  if (!args) return Fail("backup", err + " (see civic311 backup --help)", 2);
  if (args->help()) {
    std::fputs(
        cli::Usage("civic311 backup --db FILE --to COPY",
                   "Writes a consistent copy of the database, safe while the server runs.", specs)
            .c_str(),
        stdout);
    return 0;
  }
  if (!args->Has("db") || !args->Has("to")) return Fail("backup", "--db and --to are required", 2);
  int code = 0;
  auto store = OpenStoreOrFail("backup", args->Get("db"), &code);
  if (!store) return code;
  if (auto s = store->Backup(args->Get("to")); !s.ok()) return Fail("backup", Describe(s.error()));
  std::printf("backed up %s to %s\n", args->Get("db").c_str(), args->Get("to").c_str());
  return 0;
}

}  // namespace civic311
