// Editing the city configuration as the document it is (docs/config.md, "Versions"): the admin
// screens read one entry of a section as form text and put a changed entry back, and the whole
// new document is then validated exactly like the file (LoadCityConfig).
//
// Edits keep the operator's text: the entry's own lines are replaced in place (its comments
// with it), everything else — comments, order, layout — stays as written. When the text is too
// unusual for that (an entry written as an inline table, say), the document is written out anew
// in a canonical form instead (comments lost), and the edit result says so. Either way the edit
// is checked by parsing: the result holds exactly the intended data.
//
// Form text of an entry (`FormValues`, keys are TOML paths inside the entry): strings as they
// are; booleans "true"/"false"; numbers as written; dates YYYY-MM-DD; times HH:MM; arrays of
// scalars joined with ", "; arrays of {key, name} tables as lines "KEY = Name"; other arrays of
// tables by index, e.g. "attributes[0].code".
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace civic311::config {

using FormValues = std::map<std::string, std::string>;

// A TOML basic string: "…" with quotes, backslashes and control characters escaped.
std::string Quote(std::string_view text);

// The entries of the array of tables at `array` ("services", "routing.rules"), as form text.
// An absent array: none. kInvalidArgument when `doc` is not TOML.
Result<std::vector<FormValues>> ReadEntries(std::string_view doc, std::string_view array);
// The table at `table` ("calendar", "portal") as form text; empty when absent.
Result<FormValues> ReadTable(std::string_view doc, std::string_view table);

struct Edited {
  std::string doc;         // the new document
  std::string path;        // where the entry is now: "services[3]", "calendar"
  bool rewritten = false;  // true: the whole document was written out anew (comments lost)
};

// Replaces entry `index` of the array at `array` with the table written in `entry_toml` (the
// entry's keys, its sub-arrays as [[attributes]] …); `index` nullopt or past the end appends.
// kInvalidArgument if `doc` or `entry_toml` is not TOML.
Result<Edited> PutEntry(std::string_view doc, std::string_view array,
                        std::optional<std::size_t> index, std::string_view entry_toml);
// Removes entry `index`; kNotFound if there is none.
Result<Edited> RemoveEntry(std::string_view doc, std::string_view array, std::size_t index);
// Replaces (or adds) the table at `table` with `table_toml`; an empty table removes it.
Result<Edited> PutTable(std::string_view doc, std::string_view table, std::string_view table_toml);
// Like PutTable, but only the keys named in `owned` change (each set from `table_toml`, or
// removed when it lacks it); the table's other keys and sub-tables stay (a form that edits some
// of a table's keys never drops the others, e.g. [branding]'s footer links).
Result<Edited> PutTableKeys(std::string_view doc, std::string_view table,
                            std::string_view table_toml, const std::vector<std::string>& owned);

// The document as the canonical TOML writer prints it (keys sorted, no comments).
Result<std::string> Canonical(std::string_view doc);

}  // namespace civic311::config
