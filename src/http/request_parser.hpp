// RequestParser: Beast's HTTP/1.x parser feeding a civic311 Request directly (method, raw target,
// lower-cased headers, body), without Beast's message containers in between.
//
// Beast parsers are single-use: construct one per request. Limits are set by the caller through
// basic_parser::header_limit/body_limit and enforced by Beast (error::header_limit, body_limit).
// Thread-safety: none; one parser belongs to one connection.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "http/api/message.hpp"

namespace civic311::http {

// Uploads: a multipart/form-data POST whose target starts with one of `prefixes` may have a body
// of up to `bytes` (instead of the caller's body_limit). Chosen from the request line and the
// Content-Type header, before the body: Beast then refuses a larger Content-Length (413) before
// reading a byte of it.
struct UploadLimit {
  std::size_t bytes = 0;                               // 0: no upload paths
  const std::vector<std::string>* prefixes = nullptr;  // must outlive the parser
};

class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  // `req` must outlive the parser; its method, target, headers and body are overwritten/appended.
  explicit RequestParser(Request& req, UploadLimit upload = {}) : req_(req), upload_(upload) {}

  int version() const { return version_; }  // 10 or 11, once the request line is in
  const std::string& method_text() const { return method_; }  // as received
  bool expect_continue() const { return expect_continue_; }

 private:
  using field = boost::beast::http::field;
  using verb = boost::beast::http::verb;
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(verb method, string_view method_str, string_view target, int version,
                       error_code& ec) override;
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(field name, string_view name_string, string_view value,
                     error_code& ec) override;
  // Refuses every Transfer-Encoding but a single "chunked" (bad_transfer_encoding).
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         error_code& ec) override;
  std::size_t on_body_impl(string_view body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t remain, string_view body, error_code& ec) override;
  void on_finish_impl(error_code&) override {}

  Request& req_;
  UploadLimit upload_;
  bool upload_path_ = false;  // the target starts with an upload prefix (POST)
  std::string method_;
  int version_ = 11;
  bool expect_continue_ = false;
  std::string transfer_encoding_;  // every Transfer-Encoding field, comma-joined
  int transfer_codings_ = 0;       // how many Transfer-Encoding fields
};

Method MethodFromVerb(boost::beast::http::verb v);

}  // namespace civic311::http
