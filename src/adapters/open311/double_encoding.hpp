// A FixMyStreet accommodation: undoing the double UTF-8 encoding of its form bodies.
//
// When a report has extra questions (attributes), FixMyStreet's form encoder encodes the whole
// body's UTF-8 a second time: each byte of the UTF-8 text is taken as a Latin-1 character and
// encoded again, so "Straße" (53 74 72 61 C3 9F 65) arrives as "StraÃ\u009fe"
// (… C3 83 C2 9F …) and "Zoë" as "ZoÃ«". See docs/open311.md, "Real clients".
//
// The signature, checked on the whole submission (every parameter name and value, query and
// form), never guessed field by field:
//   1. every text, read as UTF-8 and re-encoded as Latin-1 (each code point U+0000–U+00FF
//      becoming one byte), is itself well-formed UTF-8 — ASCII text passes unchanged; and
//   2. some text contains a C1 control character (U+0080–U+009F). No one types those, but
//      every double-encoded character whose UTF-8 has a byte 0x80–0x9F produces one (ß, Ü,
//      —, ✓, €, …).
// Then every text of the submission is replaced by its re-encoding, before any validation.
// Anything else is left untouched: ordinary text (a real "Ã©", Latin-1-looking names) has no
// C1 characters, and text with a C1 character that does not decode is refused by validation as
// before. A double-encoded submission whose characters all lie in U+00A0–U+00FF once encoded
// ("Zoë" alone) has no C1 character and cannot be told apart from real text: it is kept.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/api/message.hpp"

namespace civic311::open311 {

// `s` re-encoded as Latin-1 when every code point of `s` is at most U+00FF and the bytes are
// well-formed UTF-8; nullopt otherwise (malformed `s` included).
std::optional<std::string> Latin1Bytes(std::string_view s);

// Whether `s` contains a C1 control character (U+0080–U+009F, UTF-8 C2 80–C2 9F).
bool HasC1Control(std::string_view s);

using Params = std::vector<std::pair<std::string, std::string>>;

// Repairs every name and value of `params` in place when, taken together, they carry the
// signature above. Returns whether it did.
bool RepairDoubleEncoded(std::vector<Params*> params);

// The request a POST handler should read: `req` itself, or — when its query and form carry the
// signature — a copy in *scratch with every parameter repaired (logged at info level with the
// request id, so an operator can see the accommodation at work).
const http::Request& WithoutDoubleEncoding(const http::Request& req, http::Request* scratch);

}  // namespace civic311::open311
