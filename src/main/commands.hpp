// The civic311 sub-commands. Each parses its own flags (argv[first…]) and returns the exit code:
// 0 success, 1 failure while running, 2 bad usage (one clear line on stderr).
#pragma once

#include <memory>
#include <string>

#include "adapters/storage/sqlite/sqlite_store.hpp"
#include "app/config_admin.hpp"
#include "app/geocoder.hpp"
#include "base/result.hpp"
#include "domain/city.hpp"

namespace civic311 {

int RunInit(int argc, char** argv, int first);
int RunServe(int argc, char** argv, int first);
int RunApiKey(int argc, char** argv, int first);
int RunBackup(int argc, char** argv, int first);
int RunSeed(int argc, char** argv, int first);
int RunRoute(int argc, char** argv, int first);
int RunUser(int argc, char** argv, int first);
int RunGazetteer(int argc, char** argv, int first);
int RunWorker(int argc, char** argv, int first);
int RunOutbox(int argc, char** argv, int first);
int RunDemoReplay(int argc, char** argv, int first);
int RunAlerts(int argc, char** argv, int first);
int RunConfig(int argc, char** argv, int first);

// Shared by the commands: print "civic311 CMD: message" to stderr and return code.
int Fail(const std::string& command, const std::string& message, int code = 1);
// Opens (and migrates) the store, or prints why not.
std::unique_ptr<SqliteStore> OpenStoreOrFail(const std::string& command, const std::string& path,
                                             int* exit_code);
// Loads the city configuration kept in the database.
Result<std::shared_ptr<const City>> LoadStoredCity(SqliteStore& store, const std::string& path);
// Replaces the gazetteer with `entries`, leaving out places outside `city` (if given), and prints
// what was loaded.
Status LoadGazetteer(SqliteStore& store, const City* city, std::vector<GazetteerEntry> entries,
                     const std::string& source);
// What ConfigAdmin needs, wired to the real loader and Open311 catalogue (cmd_config.cpp).
// `live` null: nothing to publish to (the command line).
ConfigAdmin::Deps ConfigAdminDeps(ConfigVersionStore& store, const Clock& clock,
                                  std::shared_ptr<LiveCity> live);
// An Error as one or more readable lines.
std::string Describe(const Error& e);

}  // namespace civic311
