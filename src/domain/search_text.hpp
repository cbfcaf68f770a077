// Staff text search: how the words of a search box are read. Shared by every store that
// implements the staff list (SQLite turns the words into an FTS5 query; the in-memory test double
// compares words), so that both agree on what a query means.
//
// Meaning of a search text: it is split into words at every ASCII character that is not a letter
// or a digit (bytes >= 0x80 belong to words, so "Café" is one word). A request matches when every
// word appears as a whole word of its description, address or service name, case-insensitively
// (ASCII); the last word also matches the beginning of a word when it has at least
// kMinPrefixLength bytes ("pot" finds "pothole"). A text that is one decimal number also matches
// the request with that id. No other syntax: quotes, operators and wildcards are ordinary
// separators, never query language.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/request.hpp"

namespace civic311 {

inline constexpr std::size_t kMinPrefixLength = 3;

struct SearchText {
  std::vector<std::string> words;  // lower-case (ASCII), in order; at most kMaxSearchWords
  bool last_is_prefix = false;     // the last word also matches as a prefix
  std::optional<RequestId> id;     // the text is a request id
  bool Empty() const { return words.empty() && !id; }
};
inline constexpr std::size_t kMaxSearchWords = 16;

SearchText ParseSearchText(std::string_view text);

// Lower-case (ASCII) words of a stored text, split the same way.
std::vector<std::string> SplitWords(std::string_view text);

// Whether a request with these fields matches s (the in-memory meaning of a search).
bool MatchesSearch(const SearchText& s, RequestId id, const std::vector<std::string_view>& fields);

}  // namespace civic311
