#include "adapters/config/csv.hpp"

namespace civic311 {

Status ReadCsvRecord(std::string_view text, std::size_t* pos, int* line,
                     std::vector<std::string>* fields) {
  fields->clear();
  std::string field;
  bool quoted = false, was_quoted = false;
  const int start_line = *line;
  std::size_t i = *pos;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++*line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      break;
    } else {
      field += c;
    }
  }
  if (quoted) {
    return Error::InvalidArgument("line " + std::to_string(start_line) +
                                  ": a quoted field is not closed");
  }
  fields->push_back(std::move(field));
  *pos = i;
  ++*line;
  return OkStatus();
}

}  // namespace civic311
