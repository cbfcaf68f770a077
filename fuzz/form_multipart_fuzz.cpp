// Fuzz target for the form decoders of src/http: application/x-www-form-urlencoded
// (ParseUrlEncoded) and multipart/form-data (ParseMediaType + ParseMultipartFormData), the
// decoders every Open311 POST and every form body goes through. The first line of the input is
// a Content-Type value, the rest the body. Besides "no crash, no UB, no leak" it checks their
// contracts: accepted names and values are UTF-8 without NUL bytes, and a urlencoded body that
// was accepted, encoded again, decodes to the same fields.
//
//   with clang: see fuzz/CMakeLists.txt (CIVIC311_FUZZ=ON);
//   with g++:   the same target runs under fuzz/standalone_main.cpp (ctest -R fuzz_)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/form_decode.hpp"
#include "http/multipart.hpp"

namespace {

using civic311::http::Params;

void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckParams(const Params& ps) {
  for (const auto& [k, v] : ps) {
    Check(civic311::http::IsValidUtf8(k) && civic311::http::IsValidUtf8(v));
    Check(k.find('\0') == std::string::npos && v.find('\0') == std::string::npos);
  }
}

std::string Encode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t eol = in.find('\n');
  const std::string_view header = in.substr(0, eol);
  const std::string_view body =
      eol == std::string_view::npos ? std::string_view() : in.substr(eol + 1);

  Params form;
  if (civic311::http::ParseUrlEncoded(body, "form body", &form)) {
    CheckParams(form);
    std::string again;
    for (const auto& [k, v] : form) {
      if (!again.empty()) again += '&';
      again += Encode(k) + "=" + Encode(v);
    }
    Params reparsed;
    Check(civic311::http::ParseUrlEncoded(again, "form body", &reparsed).ok());
    Check(reparsed == form);
  }

  civic311::http::MediaType mt = civic311::http::ParseMediaType(header);
  std::string_view boundary = "b";
  for (const auto& [k, v] : mt.params)
    if (k == "boundary") boundary = v;
  Params fields;
  if (civic311::http::ParseMultipartFormData(body, boundary, &fields)) CheckParams(fields);
  return 0;
}
