// Internal to adapters/config: helpers that read TOML tables against a fixed set of keys and
// collect every mistake (wrong type, missing key, unknown key) with its line and column, instead
// of stopping at the first. Not thread-safe; one instance per load.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace civic311::config {

// Every mistake found in one config file.
class Mistakes {
 public:
  explicit Mistakes(std::string source_name) : source_(std::move(source_name)) {}

  // `path` names the setting ("services[3].sla"); `at` says where it is (may be empty).
  void Add(const toml::source_region& at, std::string path, std::string message);
  bool empty() const { return list_.empty(); }
  size_t size() const { return list_.size(); }

  // kInvalidArgument "city config has N mistakes", one FieldError per mistake in file order:
  // field "demo.toml:42:3 services[4].sla", message what is wrong and how to fix it.
  Error ToError() const;

 private:
  struct Mistake {
    std::uint32_t line;
    std::uint32_t column;
    std::string path;
    std::string message;
  };
  std::string source_;
  std::vector<Mistake> list_;
};

enum class Need { kOptional, kRequired };

// Reads one TOML table whose keys must come from `allowed`. Getters return nullopt (nullptr) when
// the key is absent, recording a mistake if it is required, or when the value has the wrong type,
// recording that too. Finish() records every key not in `allowed`, with a "did you mean".
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, Mistakes& mistakes,
              std::initializer_list<std::string_view> allowed);

  const toml::table& table() const { return table_; }
  const std::string& path() const { return path_; }
  Mistakes& mistakes() const { return mistakes_; }
  std::string PathOf(std::string_view key) const;
  // Where `key`'s value is, or the table itself when the key is absent.
  const toml::source_region& Where(std::string_view key) const;
  // Records a mistake about `key` (at its value).
  void Add(std::string_view key, std::string message) const;

  std::optional<std::string> String(std::string_view key, Need need = Need::kOptional) const;
  // A string with surrounding blanks trimmed; "" when absent; blank-but-present is a mistake.
  std::string Text(std::string_view key, Need need = Need::kOptional) const;
  std::optional<bool> Bool(std::string_view key, Need need = Need::kOptional) const;
  std::optional<std::int64_t> Integer(std::string_view key, Need need = Need::kOptional) const;
  std::optional<double> Number(std::string_view key, Need need = Need::kOptional) const;
  std::optional<std::vector<std::string>> StringList(std::string_view key,
                                                     Need need = Need::kOptional) const;
  const toml::array* Array(std::string_view key, Need need = Need::kOptional) const;
  const toml::table* Table(std::string_view key, Need need = Need::kOptional) const;
  const toml::node* Node(std::string_view key, Need need = Need::kOptional) const;

  void Finish() const;

 private:
  const toml::node* Get(std::string_view key, Need need, toml::node_type want,
                        std::string_view want_text) const;
  const toml::table& table_;
  std::string path_;
  Mistakes& mistakes_;
  std::vector<std::string_view> allowed_;
};

// "a string", "an integer", … for messages.
std::string_view TypeName(toml::node_type type);

// Calls fn(table, path, index) for every table in the array `key` ([[key]] sections); records a
// mistake for elements that are not tables.
void ForEachTable(const TableReader& parent, std::string_view key, Need need,
                  const std::function<void(const toml::table&, std::string, size_t)>& fn);

// Translations: calls fn(lang, table, path) for every entry of the table `key` (i18n.es = {…},
// or an [x.i18n.es] section) whose name is a language code (2 or 3 lower-case letters, as the
// portal's catalogs are named: web/i18n/<lang>.json); records a mistake for other entries.
void ForEachLanguage(
    const TableReader& parent, std::string_view key,
    const std::function<void(const std::string&, const toml::table&, std::string)>& fn);

// Codes (service, attribute, department, value keys) appear in URLs and form fields, so they
// are limited to [A-Za-z0-9_.-], 1–64 characters. Returns what is wrong, or nullopt.
std::optional<std::string> CodeProblem(std::string_view code);

std::string Lower(std::string_view s);
std::string Trim(std::string_view s);
// name@example.org, roughly: one '@', a dot after it, no blanks or list separators.
bool LooksLikeEmail(const std::string& email);
// "line 12" for messages that point at another place in the file.
std::string LineOf(const toml::source_region& at);

}  // namespace civic311::config
