// Internal to the admin screens: the sections of the city configuration that have a form, each
// described once (which TOML array or table, which keys, of what kind) so that one editor
// renders, reads and validates them all (docs/config.md has the meaning of every key).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace civic311::admin {

enum class Kind {
  kText,     // one line
  kLong,     // several lines
  kBool,     // a checkbox
  kInteger,  // digits (anything else is passed on as text, for the validator to refuse)
  kList,     // comma- or line-separated words: a TOML array of strings
  kChoices,  // lines "KEY = Name": a TOML array of { key, name }
  kSelect,   // one of `options`
};

struct Field {
  std::string key;  // the TOML key
  Kind kind = Kind::kText;
  bool default_true = false;         // kBool: unticked writes `key = false`
  std::vector<std::string> options;  // kSelect; "" first means "not set"
};

struct Section {
  std::string slug;      // the URL part: /staff/admin/<slug>
  std::string array;     // TOML array of tables ("services", "routing.rules"); empty: a table
  std::string table;     // TOML table ("calendar", "portal") when array is empty
  std::string id_key;    // shown in the list ("code"); empty: the entry's number
  std::string name_key;  // shown beside it ("name")
  std::vector<Field> fields;
  std::string sub_array;  // entries inside each entry ("attributes"); empty: none
  std::vector<Field> sub_fields;
};

// Every section with a form, in the order of the admin overview.
const std::vector<Section>& Sections();
const Section* FindSection(std::string_view slug);

}  // namespace civic311::admin
