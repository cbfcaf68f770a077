#include "adapters/config/config_document.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cstdio>
#include <sstream>

namespace civic311::config {
namespace {

Result<toml::table> Parse(std::string_view text, std::string_view what) {
  try {
    return toml::parse(text, what);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    return Error::InvalidArgument(std::string(what) + ":" + std::to_string(at.line) + ":" +
                                  std::to_string(at.column) +
                                  " TOML syntax error: " + std::string(e.description()));
  }
}

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot = path.find('.');; dot = path.find('.', start)) {
    parts.emplace_back(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

// The node at a dotted path; with `create`, missing tables on the way are made.
toml::table* TableAt(toml::table& root, const std::vector<std::string>& parts, std::size_t count,
                     bool create) {
  toml::table* t = &root;
  for (std::size_t i = 0; i < count; ++i) {
    toml::table* next = t->get_as<toml::table>(parts[i]);
    if (next == nullptr) {
      if (!create || t->contains(parts[i])) return nullptr;
      next = t->insert(parts[i], toml::table{}).first->second.as_table();
    }
    t = next;
  }
  return t;
}

toml::array* ArrayAt(toml::table& root, std::string_view path, bool create) {
  const auto parts = Split(path);
  toml::table* parent = TableAt(root, parts, parts.size() - 1, create);
  if (parent == nullptr) return nullptr;
  if (toml::array* a = parent->get_as<toml::array>(parts.back())) return a;
  if (!create || parent->contains(parts.back())) return nullptr;
  return parent->insert(parts.back(), toml::array{}).first->second.as_array();
}

std::string Number(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

std::string ScalarText(const toml::node& n) {
  if (auto s = n.as_string()) return s->get();
  if (auto b = n.as_boolean()) return b->get() ? "true" : "false";
  if (auto i = n.as_integer()) return std::to_string(i->get());
  if (auto d = n.as_floating_point()) return Number(d->get());
  char buf[40];
  if (auto d = n.as_date()) {
    const toml::date v = d->get();
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(v.year),
                  static_cast<unsigned>(v.month), static_cast<unsigned>(v.day));
    return buf;
  }
  if (auto t = n.as_time()) {
    const toml::time v = t->get();
    std::snprintf(buf, sizeof buf, "%02u:%02u", static_cast<unsigned>(v.hour),
                  static_cast<unsigned>(v.minute));
    return buf;
  }
  if (auto dt = n.as_date_time()) {
    std::ostringstream os;
    os << *dt;
    return os.str();
  }
  return "";
}

bool IsKeyNameTable(const toml::node& n) {
  const toml::table* t = n.as_table();
  if (t == nullptr || !t->contains("key")) return false;
  for (const auto& [k, v] : *t) {
    if ((k.str() != "key" && k.str() != "name") || !v.is_string()) return false;
  }
  return true;
}

void Flatten(const toml::table& table, const std::string& prefix, FormValues& out) {
  for (const auto& [key, node] : table) {
    const std::string path = prefix + std::string(key.str());
    if (const toml::table* sub = node.as_table()) {
      Flatten(*sub, path + ".", out);
    } else if (const toml::array* a = node.as_array()) {
      if (!a->empty() && a->is_array_of_tables()) {
        bool key_names = true;
        for (const toml::node& e : *a) key_names = key_names && IsKeyNameTable(e);
        if (key_names) {
          std::string lines;
          for (const toml::node& e : *a) {
            const toml::table& kv = *e.as_table();
            const std::string k = kv["key"].value_or(std::string());
            lines += k + " = " + kv["name"].value_or(k) + "\n";
          }
          out[path] = lines;
        } else {
          for (std::size_t i = 0; i < a->size(); ++i) {
            Flatten(*a->get(i)->as_table(), path + "[" + std::to_string(i) + "].", out);
          }
        }
      } else {
        std::string joined;
        for (const toml::node& e : *a) joined += (joined.empty() ? "" : ", ") + ScalarText(e);
        out[path] = joined;
      }
    } else {
      out[path] = ScalarText(node);
    }
  }
}

std::string Write(const toml::table& t) {
  std::ostringstream os;
  os << toml::toml_formatter{
      t, toml::toml_formatter::default_flags & ~toml::format_flags::indent_sub_tables};
  return os.str();
}

// ---- splicing the operator's text --------------------------------------------------------------

struct Line {
  std::size_t begin = 0, end = 0;  // [begin, end) including the newline
  bool header = false;
  bool array_header = false;
  std::string name;     // the header's key path, spaces removed
  bool filler = false;  // blank or comment only
};

std::vector<Line> Lines(std::string_view doc) {
  std::vector<Line> out;
  std::string_view in_string;  // the open multi-line string's delimiter
  for (std::size_t pos = 0; pos < doc.size();) {
    std::size_t nl = doc.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? doc.size() : nl + 1;
    Line l{pos, end};
    std::string_view text = doc.substr(pos, end - pos);
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    const bool was_in_string = !in_string.empty();
    for (std::string_view delim : {std::string_view("'''"), std::string_view("\"\"\"")}) {
      if (!in_string.empty() && in_string != delim) continue;
      std::size_t n = 0;
      for (std::size_t at = text.find(delim); at != std::string_view::npos;
           at = text.find(delim, at + 3))
        ++n;
      if (n % 2 == 1) in_string = in_string.empty() ? delim : std::string_view();
    }
    if (!was_in_string) {
      l.filler = first == std::string_view::npos || text[first] == '#';
      if (!l.filler && text[first] == '[') {
        const bool dbl = text.compare(first, 2, "[[") == 0;
        const std::size_t open = first + (dbl ? 2 : 1);
        const std::size_t close = text.find(dbl ? "]]" : "]", open);
        if (close != std::string_view::npos) {
          std::string name;
          for (char c : text.substr(open, close - open))
            if (c != ' ' && c != '\t') name += c;
          l.header = true;
          l.array_header = dbl;
          l.name = std::move(name);
        }
      }
    }
    out.push_back(std::move(l));
    pos = end;
  }
  return out;
}

bool Inside(const std::string& name, std::string_view section) {
  return name.size() > section.size() && name.compare(0, section.size(), section) == 0 &&
         name[section.size()] == '.';
}

// The byte range of the block starting at header line `h`: up to the next header that is not a
// sub-table of `section`, minus the blank and comment lines just before it (they introduce what
// follows).
std::pair<std::size_t, std::size_t> BlockOf(const std::vector<Line>& lines, std::size_t h,
                                            std::string_view section, std::size_t doc_size) {
  std::size_t next = h + 1;
  while (next < lines.size() && !(lines[next].header && !Inside(lines[next].name, section))) ++next;
  std::size_t last = next;
  while (last > h + 1 && lines[last - 1].filler) --last;
  const std::size_t end = last < lines.size() ? lines[last].begin : doc_size;
  return {lines[h].begin, end};
}

// The text of `section` alone, as written by the canonical writer, from its own header on.
std::string SectionText(const toml::table& wrapper, std::string_view header) {
  const std::string text = Write(wrapper);
  const std::size_t at = text.find(std::string(header) + "\n");
  std::string out = at == std::string::npos ? text : text.substr(at);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out + "\n";
}

template <typename Leaf>
toml::table Wrap(std::string_view path, Leaf leaf) {
  const auto parts = Split(path);
  toml::table root;
  toml::table* t = &root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i)
    t = t->insert(parts[i], toml::table{}).first->second.as_table();
  t->insert(parts.back(), std::move(leaf));
  return root;
}

// The spliced document if it parses to `expected`; else the canonical writing of `expected`.
Edited Checked(std::string spliced, const toml::table& expected, std::string path) {
  auto reparsed = Parse(spliced, "edit");
  if (reparsed.ok() && *reparsed == expected) return {std::move(spliced), std::move(path), false};
  return {Write(expected), std::move(path), true};
}

std::string Splice(std::string_view doc, std::size_t begin, std::size_t end,
                   std::string_view replacement) {
  std::string out(doc.substr(0, begin));
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += replacement;
  std::string_view rest = doc.substr(end);
  if (!replacement.empty() && !rest.empty() && rest.front() != '\n') out += '\n';
  out += rest;
  return out;
}

}  // namespace

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

Result<std::vector<FormValues>> ReadEntries(std::string_view doc, std::string_view array) {
  auto root = Parse(doc, "config");
  if (!root.ok()) return std::move(root).error();
  std::vector<FormValues> out;
  const toml::array* a = ArrayAt(*root, array, false);
  if (a == nullptr) return out;
  for (const toml::node& n : *a) {
    FormValues v;
    if (const toml::table* t = n.as_table()) Flatten(*t, "", v);
    out.push_back(std::move(v));
  }
  return out;
}

Result<FormValues> ReadTable(std::string_view doc, std::string_view table) {
  auto root = Parse(doc, "config");
  if (!root.ok()) return std::move(root).error();
  FormValues out;
  const auto parts = Split(table);
  if (const toml::table* t = TableAt(*root, parts, parts.size(), false)) Flatten(*t, "", out);
  return out;
}

Result<Edited> PutEntry(std::string_view doc, std::string_view array,
                        std::optional<std::size_t> index, std::string_view entry_toml) {
  auto root = Parse(doc, "config");
  if (!root.ok()) return std::move(root).error();
  auto entry = Parse(entry_toml, "entry");
  if (!entry.ok()) return std::move(entry).error();
  toml::array* a = ArrayAt(*root, array, true);
  if (a == nullptr) {
    return Error::InvalidArgument(std::string(array) + " is not a list of [[" + std::string(array) +
                                  "]] sections");
  }
  const std::size_t before = a->size();
  const bool append = !index || *index >= before;
  const std::size_t at = append ? before : *index;
  if (append) {
    a->push_back(*entry);
  } else {
    a->erase(a->begin() + static_cast<std::ptrdiff_t>(at));
    a->insert(a->begin() + static_cast<std::ptrdiff_t>(at), *entry);
  }
  const std::string path = std::string(array) + "[" + std::to_string(at) + "]";
  const std::string header = "[[" + std::string(array) + "]]";
  const std::string text = SectionText(Wrap(array, toml::array{*entry}), header);

  const std::vector<Line> lines = Lines(doc);
  std::vector<std::size_t> headers;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].array_header && lines[i].name == array) headers.push_back(i);
  if (headers.size() != before) return Checked("", *root, path);  // not plain [[…]] sections
  if (!append) {
    auto [begin, end] = BlockOf(lines, headers[at], array, doc.size());
    return Checked(Splice(doc, begin, end, text), *root, path);
  }
  if (headers.empty()) {
    std::string out(doc);
    if (!out.empty() && out.back() != '\n') out += '\n';
    return Checked(out + "\n" + text, *root, path);
  }
  auto [begin, end] = BlockOf(lines, headers.back(), array, doc.size());
  (void)begin;
  return Checked(Splice(doc, end, end, "\n" + text), *root, path);
}

Result<Edited> RemoveEntry(std::string_view doc, std::string_view array, std::size_t index) {
  auto root = Parse(doc, "config");
  if (!root.ok()) return std::move(root).error();
  toml::array* a = ArrayAt(*root, array, false);
  if (a == nullptr || index >= a->size()) return Error::NotFound("no such entry");
  const std::size_t before = a->size();
  a->erase(a->begin() + static_cast<std::ptrdiff_t>(index));
  const std::vector<Line> lines = Lines(doc);
  std::vector<std::size_t> headers;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].array_header && lines[i].name == array) headers.push_back(i);
  if (headers.size() != before) return Checked("", *root, std::string(array));
  auto [begin, end] = BlockOf(lines, headers[index], array, doc.size());
  // Also drop the blank lines after the block, so that no gap is left behind.
  while (end < doc.size() && doc[end] == '\n') ++end;
  return Checked(Splice(doc, begin, end, ""), *root, std::string(array));
}

Result<Edited> PutTable(std::string_view doc, std::string_view table, std::string_view table_toml) {
  auto root = Parse(doc, "config");
  if (!root.ok()) return std::move(root).error();
  auto next = Parse(table_toml, "entry");
  if (!next.ok()) return std::move(next).error();
  const bool existed = root->contains(table);
  const std::string header = "[" + std::string(table) + "]";
  std::string text;
  if (next->empty()) {
    root->erase(table);
  } else {
    root->insert_or_assign(table, *next);
    text = SectionText(Wrap(table, toml::table(*next)), header);
  }
  const std::vector<Line> lines = Lines(doc);
  std::optional<std::size_t> h;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].header && !lines[i].array_header && lines[i].name == table) h = i;
  if (existed && !h) return Checked("", *root, std::string(table));  // inline or dotted keys
  if (!h) {
    std::string out(doc);
    if (!out.empty() && out.back() != '\n') out += '\n';
    return Checked(text.empty() ? out : out + "\n" + text, *root, std::string(table));
  }
  auto [begin, end] = BlockOf(lines, *h, table, doc.size());
  return Checked(Splice(doc, begin, end, text), *root, std::string(table));
}

Result<Edited> PutTableKeys(std::string_view doc, std::string_view table,
                            std::string_view table_toml, const std::vector<std::string>& owned) {
  auto root = Parse(doc, "config");
  if (!root.ok()) return std::move(root).error();
  auto next = Parse(table_toml, "entry");
  if (!next.ok()) return std::move(next).error();
  toml::table merged;
  if (const toml::table* old = root->get_as<toml::table>(table)) merged = *old;
  for (const std::string& key : owned) merged.erase(key);
  for (auto&& [key, value] : *next) merged.insert_or_assign(key, value);
  return PutTable(doc, table, Write(merged));
}

Result<std::string> Canonical(std::string_view doc) {
  auto root = Parse(doc, "config");
  if (!root.ok()) return std::move(root).error();
  return Write(*root);
}

}  // namespace civic311::config
