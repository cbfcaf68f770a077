// Decoding of untrusted request text: percent-encoding, request targets, query strings and
// application/x-www-form-urlencoded bodies, UTF-8 validation. Pure functions of their input (no
// Beast, no Asio), so they are unit-tested and fuzzed on their own (fuzz/http_request_fuzz.cpp).
//
// Errors come back as kInvalidArgument with a public message that is safe to show to the client
// ("invalid percent-encoding in query string", "parameters must be UTF-8").
// Thread-safety: all functions are reentrant.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"

namespace civic311::http {

using Params = std::vector<std::pair<std::string, std::string>>;

enum class PercentMode {
  kPath,  // RFC 3986: '+' is a literal plus
  kForm,  // WHATWG application/x-www-form-urlencoded: '+' is a space
};

// Appends the percent-decoding of `in` to `*out`. Returns false on a '%' not followed by two hex
// digits; `*out` is then unspecified. Does not validate the decoded bytes.
bool PercentDecode(std::string_view in, PercentMode mode, std::string* out);

// True if `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Splits a raw request-target into its path (still encoded) and query (without '?'). Accepts
// origin-form ("/a/b?x=1") and absolute-form ("http://host/a/b?x=1", whose path defaults to "/").
// A fragment is not allowed in a request-target (RFC 9112 §3.2). Returns false for anything else.
bool SplitTarget(std::string_view target, std::string_view* path, std::string_view* query);

// Percent-decodes a request path into `*out` ('+' stays '+'). Rejects invalid escapes, NUL bytes
// and invalid UTF-8 after decoding.
Status DecodePath(std::string_view raw_path, std::string* out);

// Parses application/x-www-form-urlencoded text (a query string or a form body) and appends the
// pairs to `*out` in order, repeated keys kept. `what` names the source in error messages
// ("query string", "form body"). Empty pieces ("a=1&&b=2") are skipped; a piece without '=' is a
// key with an empty value. Rejects invalid escapes, NUL bytes and invalid UTF-8; then `*out` keeps
// the pairs before the bad one (an error page may still read ?lang= from them).
Status ParseUrlEncoded(std::string_view text, std::string_view what, Params* out);

// Lower-cases ASCII letters in place.
void AsciiLower(std::string* s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace civic311::http
