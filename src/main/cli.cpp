#include "main/cli.hpp"

namespace civic311::cli {

std::optional<Args> Args::Parse(int argc, char** argv, int first,
                                const std::vector<FlagSpec>& specs, std::string* error) {
  Args args;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      args.help_ = true;
      continue;
    }
    if (a.rfind("--", 0) != 0) {
      *error = "unexpected argument '" + a + "'";
      return std::nullopt;
    }
    std::string name = a.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const FlagSpec* spec = nullptr;
    for (const auto& s : specs)
      if (s.name == name) spec = &s;
    if (spec == nullptr) {
      *error = "unknown flag --" + name;
      return std::nullopt;
    }
    if (spec->takes_value && !value) {
      if (i + 1 >= argc) {
        *error = "flag --" + name + " needs a value";
        return std::nullopt;
      }
      value = argv[++i];
    }
    if (!spec->takes_value && value) {
      *error = "flag --" + name + " takes no value";
      return std::nullopt;
    }
    auto& slot = args.values_[name];
    if (!slot.empty() && !spec->repeatable) {
      *error = "flag --" + name + " given twice";
      return std::nullopt;
    }
    slot.push_back(value.value_or("true"));
  }
  return args;
}

std::string Args::Get(const std::string& name, const std::string& def) const {
  auto it = values_.find(name);
  return it == values_.end() ? def : it->second.front();
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string Usage(const std::string& synopsis, const std::string& summary,
                  const std::vector<FlagSpec>& specs) {
  std::string out = "usage: " + synopsis + "\n\n" + summary + "\n";
  if (!specs.empty()) out += "\nflags:\n";
  for (const auto& s : specs) {
    std::string left = "  --" + s.name + (s.takes_value ? " VALUE" : "");
    if (left.size() < 26) left.resize(26, ' ');
    out += left + " " + s.help + (s.repeatable ? " (repeatable)" : "") + "\n";
  }
  out += "  --help                   this text\n";
  return out;
}

}  // namespace civic311::cli
