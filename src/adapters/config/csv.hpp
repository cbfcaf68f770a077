// RFC 4180 CSV, one record at a time: the reader shared by the data files civic311 loads (the
// gazetteer, the demo requests). Pure; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace civic311 {

// Reads the record starting at text[*pos] into *fields and advances *pos past its line end and
// *line past its lines. Quoting as RFC 4180 ("" is a quote inside a quoted field, which may span
// lines); CRLF or LF ends a record. kInvalidArgument ("line N: a quoted field is not closed").
Status ReadCsvRecord(std::string_view text, std::size_t* pos, int* line,
                     std::vector<std::string>* fields);

}  // namespace civic311
