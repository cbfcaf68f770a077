// libFuzzer target for the parsers of untrusted request bytes in src/http: Beast's request parser
// feeding a civic311 Request (RequestParser), request-target splitting, percent and form
// decoding, UTF-8 validation, media types and multipart/form-data. Besides "no crash, no UB, no
// leak", it checks the decoders' contracts: whatever they accept is UTF-8 without NUL bytes.
//
//   cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCIVIC311_FUZZ=ON
//   cmake --build build/fuzz --target http_request_fuzz && build/fuzz/fuzz/http_request_fuzz
#include <boost/beast/http/error.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_checks.hpp"
#include "http/form_decode.hpp"
#include "http/multipart.hpp"
#include "http/request_parser.hpp"

namespace {

using civic311::http::Params;

using civic311::fuzz::Check;
using civic311::fuzz::CheckParams;

void FuzzRequestParser(std::string_view in) {
  civic311::http::Request req;
  civic311::http::RequestParser parser(req);
  parser.header_limit(4096);
  parser.body_limit(8192);
  parser.eager(true);
  // Feed in two pieces to exercise the incremental paths.
  size_t split = in.empty() ? 0 : static_cast<unsigned char>(in[0]) % (in.size() + 1);
  boost::beast::error_code ec;
  size_t used = parser.put(boost::asio::buffer(in.data(), split), ec);
  if ((ec && ec != boost::beast::http::error::need_more) || parser.is_done()) return;
  std::string rest(in.substr(used));
  ec = {};
  parser.put(boost::asio::buffer(rest), ec);
  Check(req.body.size() <= 8192);
}

void FuzzDecoders(std::string_view in) {
  std::string_view path, query;
  if (civic311::http::SplitTarget(in, &path, &query)) {
    std::string decoded;
    if (civic311::http::DecodePath(path, &decoded)) {
      Check(civic311::http::IsValidUtf8(decoded));
      Check(decoded.find('\0') == std::string::npos);
    }
    Params q;
    if (civic311::http::ParseUrlEncoded(query, "query string", &q)) CheckParams(q);
  }
  Params form;
  if (civic311::http::ParseUrlEncoded(in, "form body", &form)) CheckParams(form);
  std::string out;
  if (civic311::http::PercentDecode(in, civic311::http::PercentMode::kForm, &out)) {
    Check(out.size() <= in.size());
  }
}

void FuzzMultipart(std::string_view in) {
  // First line: a Content-Type value; the rest: the body.
  size_t eol = in.find('\n');
  std::string_view header = in.substr(0, eol);
  std::string_view body = eol == std::string_view::npos ? std::string_view() : in.substr(eol + 1);
  civic311::fuzz::FuzzMultipart(header, body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  FuzzRequestParser(in);
  FuzzDecoders(in);
  FuzzMultipart(in);
  return 0;
}
