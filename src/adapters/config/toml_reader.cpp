#include "adapters/config/toml_reader.hpp"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <utility>

namespace civic311::config {
namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string Join(const std::vector<std::string_view>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

}  // namespace

void Mistakes::Add(const toml::source_region& at, std::string path, std::string message) {
  list_.push_back({at.begin.line, at.begin.column, std::move(path), std::move(message)});
}

Error Mistakes::ToError() const {
  std::vector<Mistake> sorted = list_;
  // File order reads best; mistakes without a position (none expected) go last.
  std::stable_sort(sorted.begin(), sorted.end(), [](const Mistake& a, const Mistake& b) {
    auto key = [](const Mistake& m) {
      return std::pair(m.line == 0 ? UINT32_MAX : m.line, m.column);
    };
    return key(a) < key(b);
  });
  Error error = Error::InvalidArgument("city config has " + std::to_string(sorted.size()) +
                                       (sorted.size() == 1 ? " mistake" : " mistakes"));
  for (const auto& m : sorted) {
    std::string field = source_;
    if (m.line != 0) {
      // Appended piece by piece: "literal" + std::string trips a GCC 12 -Wrestrict false alarm.
      field += ':';
      field += std::to_string(m.line);
      field += ':';
      field += std::to_string(m.column);
    }
    if (!m.path.empty()) {
      field += ' ';
      field += m.path;
    }
    error.detail += field + ": " + m.message + "\n";
    error.fields.push_back({std::move(field), m.message});
  }
  return error;
}

TableReader::TableReader(const toml::table& table, std::string path, Mistakes& mistakes,
                         std::initializer_list<std::string_view> allowed)
    : table_(table), path_(std::move(path)), mistakes_(mistakes), allowed_(allowed) {}

std::string TableReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const toml::source_region& TableReader::Where(std::string_view key) const {
  if (const toml::node* n = table_.get(key)) return n->source();
  return table_.source();
}

void TableReader::Add(std::string_view key, std::string message) const {
  mistakes_.Add(Where(key), PathOf(key), std::move(message));
}

const toml::node* TableReader::Get(std::string_view key, Need need, toml::node_type want,
                                   std::string_view want_text) const {
  // Asking for a key that is not in the schema is a programming error.
  assert(std::find(allowed_.begin(), allowed_.end(), key) != allowed_.end());
  const toml::node* n = table_.get(key);
  if (n == nullptr) {
    if (need == Need::kRequired) {
      mistakes_.Add(table_.source(), PathOf(key),
                    "is missing: add " + std::string(key) + " = " + std::string(want_text));
    }
    return nullptr;
  }
  if (want != toml::node_type::none && n->type() != want) {
    Add(key, "should be " + std::string(TypeName(want)) + " (" + std::string(want_text) +
                 "), not " + std::string(TypeName(n->type())));
    return nullptr;
  }
  return n;
}

std::optional<std::string> TableReader::String(std::string_view key, Need need) const {
  const toml::node* n = Get(key, need, toml::node_type::string, "\"…\"");
  if (n == nullptr) return std::nullopt;
  return n->as_string()->get();
}

std::string TableReader::Text(std::string_view key, Need need) const {
  auto s = String(key, need);
  if (!s) return "";
  std::string trimmed = Trim(*s);
  if (trimmed.empty()) Add(key, "must not be empty");
  return trimmed;
}

std::optional<bool> TableReader::Bool(std::string_view key, Need need) const {
  const toml::node* n = Get(key, need, toml::node_type::boolean, "true or false");
  if (n == nullptr) return std::nullopt;
  return n->as_boolean()->get();
}

std::optional<std::int64_t> TableReader::Integer(std::string_view key, Need need) const {
  const toml::node* n = Get(key, need, toml::node_type::integer, "a whole number");
  if (n == nullptr) return std::nullopt;
  return n->as_integer()->get();
}

std::optional<double> TableReader::Number(std::string_view key, Need need) const {
  const toml::node* n = Get(key, need, toml::node_type::none, "a number");
  if (n == nullptr) return std::nullopt;
  if (auto i = n->as_integer()) return static_cast<double>(i->get());
  if (auto f = n->as_floating_point()) return f->get();
  Add(key, "should be a number, not " + std::string(TypeName(n->type())));
  return std::nullopt;
}

std::optional<std::vector<std::string>> TableReader::StringList(std::string_view key,
                                                                Need need) const {
  const toml::node* n = Get(key, need, toml::node_type::array, "[\"…\", \"…\"]");
  if (n == nullptr) return std::nullopt;
  std::vector<std::string> out;
  bool ok = true;
  size_t i = 0;
  for (const toml::node& item : *n->as_array()) {
    if (auto s = item.as_string()) {
      out.push_back(s->get());
    } else {
      mistakes_.Add(item.source(), PathOf(key) + "[" + std::to_string(i) + "]",
                    "should be a string, not " + std::string(TypeName(item.type())));
      ok = false;
    }
    ++i;
  }
  if (!ok) return std::nullopt;
  return out;
}

const toml::array* TableReader::Array(std::string_view key, Need need) const {
  const toml::node* n = Get(key, need, toml::node_type::array, "[…]");
  return n == nullptr ? nullptr : n->as_array();
}

const toml::table* TableReader::Table(std::string_view key, Need need) const {
  const std::string hint = "{ … } or a [" + PathOf(key) + "] section";
  const toml::node* n = Get(key, need, toml::node_type::table, hint);
  return n == nullptr ? nullptr : n->as_table();
}

const toml::node* TableReader::Node(std::string_view key, Need need) const {
  return Get(key, need, toml::node_type::none, "a value");
}

void TableReader::Finish() const {
  for (auto&& [k, v] : table_) {
    const std::string_view name = k.str();
    if (std::find(allowed_.begin(), allowed_.end(), name) != allowed_.end()) continue;
    std::string message = "unknown key \"" + std::string(name) + "\"";
    std::string_view best;
    size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
    for (std::string_view candidate : allowed_) {
      const size_t d = EditDistance(name, candidate);
      if (d < best_distance) best = candidate, best_distance = d;
    }
    if (!best.empty()) message += " (did you mean \"" + std::string(best) + "\"?)";
    message += "; allowed here: " + Join(allowed_);
    const toml::source_region& at = k.source().begin.line != 0 ? k.source() : v.source();
    mistakes_.Add(at, PathOf(name), std::move(message));
  }
}

std::string_view TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::none:
      return "nothing";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a decimal number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
  }
  return "a value";
}

void ForEachTable(const TableReader& parent, std::string_view key, Need need,
                  const std::function<void(const toml::table&, std::string, size_t)>& fn) {
  const toml::node* n = parent.table().get(key);
  if (n != nullptr && n->is_table()) {
    parent.Add(key, "should be a list of tables: write each entry as a [[" + parent.PathOf(key) +
                        "]] section (note the double brackets)");
    return;
  }
  const toml::array* array = parent.Array(key, need);
  if (array == nullptr) return;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& item = *array->get(i);
    std::string path = parent.PathOf(key) + "[" + std::to_string(i) + "]";
    if (const toml::table* t = item.as_table()) {
      fn(*t, std::move(path), i);
    } else {
      parent.mistakes().Add(item.source(), std::move(path),
                            "should be a table ({ … } or a [[" + parent.PathOf(key) +
                                "]] section), not " + std::string(TypeName(item.type())));
    }
  }
}

void ForEachLanguage(
    const TableReader& parent, std::string_view key,
    const std::function<void(const std::string&, const toml::table&, std::string)>& fn) {
  const toml::table* langs = parent.Table(key);
  if (langs == nullptr) return;
  for (const auto& [name, node] : *langs) {
    const std::string lang(name.str());
    const std::string path = parent.PathOf(key) + "." + lang;
    const bool code =
        (lang.size() == 2 || lang.size() == 3) &&
        std::all_of(lang.begin(), lang.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (!code) {
      parent.mistakes().Add(node.source(), path,
                            "\"" + lang +
                                "\" is not a language code: use 2 or 3 lower-case "
                                "letters, as the portal's catalogs are named (es, fr, …)");
    } else if (const toml::table* t = node.as_table()) {
      fn(lang, *t, path);
    } else {
      parent.mistakes().Add(
          node.source(), path,
          "should be a table of translated fields ({ name = \"…\" } or a [" + path + "] section)");
    }
  }
}

std::optional<std::string> CodeProblem(std::string_view code) {
  if (code.empty()) return "must not be empty";
  if (code.size() > 64) return "is too long (at most 64 characters)";
  for (char c : code) {
    const bool ok =
        std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
    if (!ok || static_cast<unsigned char>(c) >= 0x80) {
      std::string problem = "\"";
      problem += code;
      problem +=
          "\" contains a character that is not allowed: codes appear in URLs, so use only "
          "letters A-Z a-z, digits, '_', '.' and '-'";
      return problem;
    }
  }
  return std::nullopt;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

bool LooksLikeEmail(const std::string& email) {
  const auto at = email.find('@');
  return at != std::string::npos && at != 0 && email.find('@', at + 1) == std::string::npos &&
         email.find('.', at) != std::string::npos && email.back() != '.' &&
         email.find_first_of(" \t,;<>") == std::string::npos;
}

std::string LineOf(const toml::source_region& at) {
  return at.begin.line == 0 ? "elsewhere" : "line " + std::to_string(at.begin.line);
}

}  // namespace civic311::config
