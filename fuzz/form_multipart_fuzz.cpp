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

#include "base/percent_encode.hpp"
#include "fuzz_checks.hpp"
#include "http/form_decode.hpp"
#include "http/multipart.hpp"

namespace {

using civic311::http::Params;

using civic311::fuzz::Check;
using civic311::fuzz::CheckParams;

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
      again += civic311::PercentEncode(k) + "=" + civic311::PercentEncode(v);
    }
    Params reparsed;
    Check(civic311::http::ParseUrlEncoded(again, "form body", &reparsed).ok());
    Check(reparsed == form);
  }

  civic311::fuzz::FuzzMultipart(header, body);
  return 0;
}
