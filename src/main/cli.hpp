// Command-line parsing for the civic311 binary: `civic311 COMMAND [SUB] --flag value …`.
// Flags take `--name value` or `--name=value`; some are repeatable; unknown flags are an error.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace civic311::cli {

struct FlagSpec {
  std::string name;  // without dashes
  bool takes_value = true;
  bool repeatable = false;
  std::string help;
};

class Args {
 public:
  // Parses argv[first..]; on error returns nullopt and sets *error to one clear line.
  static std::optional<Args> Parse(int argc, char** argv, int first,
                                   const std::vector<FlagSpec>& specs, std::string* error);
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& def = "") const;
  std::vector<std::string> GetAll(const std::string& name) const;
  bool help() const { return help_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  bool help_ = false;
};

std::string Usage(const std::string& synopsis, const std::string& summary,
                  const std::vector<FlagSpec>& specs);

}  // namespace civic311::cli
