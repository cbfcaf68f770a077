#include "adapters/open311/double_encoding.hpp"

#include "base/log.hpp"
#include "domain/text.hpp"

namespace civic311::open311 {

std::optional<std::string> Latin1Bytes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0 || cp > 0xFF) return std::nullopt;
    out += static_cast<char>(static_cast<unsigned char>(cp));
    i += len;
  }
  if (!IsValidUtf8(out)) return std::nullopt;
  return out;
}

bool HasC1Control(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xC2 && b1 >= 0x80 && b1 <= 0x9F) return true;
  }
  return false;
}

bool RepairDoubleEncoded(std::vector<Params*> params) {
  bool c1 = false;
  for (const Params* p : params) {
    for (const auto& [name, value] : *p) c1 = c1 || HasC1Control(name) || HasC1Control(value);
  }
  if (!c1) return false;
  // All or nothing: decode every text first, change nothing unless all of them decode.
  std::vector<std::string> decoded;
  for (const Params* p : params) {
    for (const auto& [name, value] : *p) {
      for (const std::string* text : {&name, &value}) {
        auto bytes = Latin1Bytes(*text);
        if (!bytes) return false;
        decoded.push_back(std::move(*bytes));
      }
    }
  }
  std::size_t next = 0;
  for (Params* p : params) {
    for (auto& [name, value] : *p) {
      name = std::move(decoded[next++]);
      value = std::move(decoded[next++]);
    }
  }
  return true;
}

const http::Request& WithoutDoubleEncoding(const http::Request& req, http::Request* scratch) {
  // Cheap test first: the copy is made only for the rare submission that may need it.
  bool c1 = false;
  for (const Params* p : {&req.query, &req.form}) {
    for (const auto& [name, value] : *p) c1 = c1 || HasC1Control(name) || HasC1Control(value);
  }
  if (!c1) return req;
  Params query = req.query, form = req.form;
  if (!RepairDoubleEncoded({&query, &form})) return req;
  *scratch = req;
  scratch->query = std::move(query);
  scratch->form = std::move(form);
  Log(LogLevel::kInfo, "open311 double-encoded UTF-8 repaired (FixMyStreet)",
      {{"request_id", req.request_id}, {"path", req.path}});
  return *scratch;
}

}  // namespace civic311::open311
