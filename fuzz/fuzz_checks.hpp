// What every fuzz target of the form decoders checks of what they accept: names and values are
// UTF-8 without NUL bytes. A failed check aborts, which the fuzzer reports with its input.
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>

#include "http/form_decode.hpp"
#include "http/multipart.hpp"

namespace civic311::fuzz {

inline void Check(bool ok) {
  if (!ok) std::abort();
}

inline void CheckParams(const http::Params& ps) {
  for (const auto& [k, v] : ps) {
    Check(http::IsValidUtf8(k) && http::IsValidUtf8(v));
    Check(k.find('\0') == std::string::npos && v.find('\0') == std::string::npos);
  }
}

// Decodes `body` as multipart/form-data with the boundary of `content_type` (a Content-Type
// value; "b" when it has none) and checks what it accepts.
inline void FuzzMultipart(std::string_view content_type, std::string_view body) {
  http::MediaType mt = http::ParseMediaType(content_type);
  std::string_view boundary = "b";
  for (const auto& [k, v] : mt.params)
    if (k == "boundary") boundary = v;
  http::Params fields;
  if (http::ParseMultipartFormData(body, boundary, &fields)) CheckParams(fields);
}

}  // namespace civic311::fuzz
