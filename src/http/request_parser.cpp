#include "http/request_parser.hpp"

#include <boost/beast/http/error.hpp>

#include "http/form_decode.hpp"

namespace civic311::http {

Method MethodFromVerb(boost::beast::http::verb v) {
  using boost::beast::http::verb;
  switch (v) {
    case verb::get:
      return Method::kGet;
    case verb::head:
      return Method::kHead;
    case verb::post:
      return Method::kPost;
    case verb::put:
      return Method::kPut;
    case verb::patch:
      return Method::kPatch;
    case verb::delete_:
      return Method::kDelete;
    case verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

void RequestParser::on_request_impl(verb method, string_view method_str, string_view target,
                                    int version, error_code&) {
  req_.method = MethodFromVerb(method);
  method_.assign(method_str.data(), method_str.size());
  req_.target.assign(target.data(), target.size());
  version_ = version;
  if (upload_.bytes > 0 && upload_.prefixes != nullptr && method == verb::post) {
    for (const std::string& prefix : *upload_.prefixes) {
      if (req_.target.rfind(prefix, 0) == 0) {
        upload_path_ = true;
        break;
      }
    }
  }
}

void RequestParser::on_field_impl(field name, string_view name_string, string_view value,
                                  error_code&) {
  auto& h = req_.headers.emplace_back();
  h.first.assign(name_string.data(), name_string.size());
  AsciiLower(&h.first);
  h.second.assign(value.data(), value.size());
  if (name == field::expect && EqualsIgnoreCase(h.second, "100-continue")) {
    expect_continue_ = true;
  }
  if (name == field::transfer_encoding) {
    if (transfer_codings_ > 0) transfer_encoding_ += ',';
    transfer_encoding_.append(value.data(), value.size());
    ++transfer_codings_;
  }
  // Only multipart bodies (files) on an upload path get the larger limit; Beast checks the
  // Content-Length against it once every field is in, before any of the body.
  if (name == field::content_type && upload_path_ &&
      EqualsIgnoreCase(std::string_view(h.second).substr(0, 19), "multipart/form-data")) {
    body_limit(upload_.bytes);
  }
}

void RequestParser::on_header_impl(error_code& ec) {
  // RFC 9112 §6.3: a request whose Transfer-Encoding does not end in chunked has no knowable
  // length; and we implement no other coding. Anything but exactly "chunked" (gzip, xchunked,
  // "chunked, identity", chunked twice) is a 400 and the connection closes, so no byte of its
  // body can be read as the next request (request smuggling).
  if (transfer_codings_ == 0) return;
  std::string_view te = transfer_encoding_;
  while (!te.empty() && (te.front() == ' ' || te.front() == '\t')) te.remove_prefix(1);
  while (!te.empty() && (te.back() == ' ' || te.back() == '\t')) te.remove_suffix(1);
  if (!EqualsIgnoreCase(te, "chunked")) ec = boost::beast::http::error::bad_transfer_encoding;
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      error_code&) {
  // Beast has already checked the length against body_limit.
  if (content_length) req_.body.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(string_view body, error_code&) {
  req_.body.append(body.data(), body.size());
  return body.size();
}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, string_view body, error_code&) {
  req_.body.append(body.data(), body.size());
  return body.size();
}

}  // namespace civic311::http
