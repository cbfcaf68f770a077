// Reading a gazetteer CSV file (docs/gazetteer.md, "File format"): RFC 4180 CSV, UTF-8, a header
// row naming the columns (any order; kind, street, lat and lon are required; number,
// cross_street, postcode and area optional; any other column is an error, to catch typos). The
// file may be gzip-compressed (recognised by its first bytes, whatever its name).
//
// Errors: kInvalidArgument with a message naming the line ("line 12: lat is not a number"); the
// first error stops the read. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/geocoder.hpp"
#include "base/result.hpp"

namespace civic311 {

// Parses CSV text (already decompressed).
Result<std::vector<GazetteerEntry>> ParseGazetteerCsv(std::string_view text);

// The bytes of `data`, inflated if they are gzip (1f 8b …), else as they are. kInvalidArgument
// for a corrupt gzip stream or one that inflates beyond max_bytes.
Result<std::string> MaybeGunzip(std::string_view data, std::size_t max_bytes = 512u << 20);

// Reads and parses the file at `path` (plain or gzip).
Result<std::vector<GazetteerEntry>> ReadGazetteerFile(const std::string& path);

}  // namespace civic311
