// Hand-written appenders for the hot rendering paths: JSON strings, XML text, numbers and
// UTC times, each appending to a caller-owned std::string (no temporaries, no DOM).
//
// Both escapers are total: whatever bytes come in (the database may hold text from any channel),
// the output is well-formed. Malformed UTF-8 becomes U+FFFD; in XML, characters XML 1.0 forbids
// (C0 controls other than tab, newline and carriage return, U+FFFE, U+FFFF) are dropped.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/clock.hpp"

namespace civic311::open311 {

// Appends s as a quoted JSON string (RFC 8259): escapes '"', '\\', controls (\n, \t, \r, \b,
// \f or \u00XX) and U+2028/U+2029 (so the output is also safe inside JavaScript).
void AppendJsonString(std::string& out, std::string_view s);

// Appends s as XML character data: escapes '&', '<', '>' and carriage return (as &#13;, so it
// survives XML end-of-line normalisation).
void AppendXmlText(std::string& out, std::string_view s);

void AppendInt(std::string& out, std::int64_t v);

// Shortest decimal that round-trips (e.g. 40.7128, -74.006); finite values only.
void AppendDouble(std::string& out, double v);

// "2026-11-23T17:35:53Z".
void AppendUtc(std::string& out, Timestamp t);

}  // namespace civic311::open311
