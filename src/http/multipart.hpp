// Media types and multipart/form-data (RFC 7578 over RFC 2046 §5.1) for request bodies.
//
// Text fields become (name, value) pairs; file parts (a Content-Disposition with a filename) become
// UploadedFile records pointing into the body (offset, size), so a large upload is never copied,
// or are skipped when the caller passes no file list. The parser never allocates more than the size
// of its input and rejects malformed bodies with kInvalidArgument and a public message. Pure
// functions: unit-tested and fuzzed. Thread-safety: all functions are reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "http/api/message.hpp"
#include "http/form_decode.hpp"

namespace civic311::http {

struct MediaType {
  std::string type;  // lower-cased "type/subtype", without parameters; empty if absent
  Params params;     // names lower-cased, quoted-string values unquoted, in order
};

// Parses a Content-Type header value, e.g. `multipart/form-data; boundary="a b"`. Lenient: a
// malformed parameter is skipped rather than failing the whole header.
MediaType ParseMediaType(std::string_view value);

// Parses a multipart/form-data body delimited by `boundary` (the parameter of the Content-Type,
// 1..70 characters) and appends its text fields to `*fields` in order. Field names and values must
// be UTF-8 without NUL bytes. File parts go to `*files` (offsets relative to `body`) when files is
// not null; their bytes may be anything.
Status ParseMultipartFormData(std::string_view body, std::string_view boundary, Params* fields,
                              std::vector<UploadedFile>* files = nullptr);

}  // namespace civic311::http
