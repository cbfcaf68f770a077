// Checks for untrusted text: UTF-8 well-formedness, code point counting, trimming, control
// characters. Used by submission validation (domain) and by the XML/JSON escapers at the edge.
// All functions are pure and safe from any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace civic311 {

// Decodes the UTF-8 sequence starting at s[i]. Returns its length in bytes (1–4) and sets *cp,
// or returns 0 if the bytes there are not well-formed UTF-8 (truncated, overlong, a surrogate,
// above U+10FFFF, or a stray continuation byte). Precondition: i < s.size().
std::size_t DecodeUtf8(std::string_view s, std::size_t i, char32_t* cp);

// Whether all of s is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// Number of code points in s (each malformed byte counts as one). The 4000-character limit of
// Open311's description is a limit on code points, not bytes.
std::size_t CountCodePoints(std::string_view s);

// s without leading and trailing ASCII whitespace (space, \t, \n, \r, \f, \v).
std::string_view TrimAscii(std::string_view s);

// Whether s contains a control character: C0 (U+0000–U+001F) other than \t \n \r when
// `allow_newlines`, DEL (U+007F), or C1 (U+0080–U+009F). Malformed UTF-8 is not reported here
// (check IsValidUtf8 first).
bool HasControlChars(std::string_view s, bool allow_newlines);

}  // namespace civic311
