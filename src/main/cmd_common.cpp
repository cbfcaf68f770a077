#include <cstdio>

#include "adapters/config/city_config.hpp"
#include "main/commands.hpp"

namespace civic311 {

int Fail(const std::string& command, const std::string& message, int code) {
  std::fprintf(stderr, "civic311 %s: %s\n", command.c_str(), message.c_str());
  return code;
}

std::string Describe(const Error& e) {
  std::string out = e.message;
  for (const auto& f : e.fields) out += "\n  " + f.field + ": " + f.message;
  return out;
}

std::unique_ptr<SqliteStore> OpenStoreOrFail(const std::string& command, const std::string& path,
                                             int* exit_code) {
  SqliteStore::Options opts;
  opts.path = path;
  auto store = SqliteStore::Open(opts);
  if (!store.ok()) {
    *exit_code = Fail(command, "cannot open database " + path + ": " + Describe(store.error()));
    return nullptr;
  }
  return std::move(store).value();
}

Result<std::shared_ptr<const City>> LoadStoredCity(SqliteStore& store, const std::string& path) {
  auto text = store.LoadCityConfig();
  if (!text.ok()) return std::move(text).error();
  if (!text->has_value()) {
    return Error::NotFound("database " + path +
                           " has no city configuration: run 'civic311 init --db " + path +
                           " --demo' or '--config CITY.toml' first");
  }
  return LoadCityConfig(**text, path);
}

}  // namespace civic311
