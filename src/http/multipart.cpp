#include "http/multipart.hpp"

namespace civic311::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 2046 §5.1.1 bchars, and a boundary may not end in a space.
bool IsValidBoundary(std::string_view b) {
  if (b.empty() || b.size() > 70 || b.back() == ' ') return false;
  for (char c : b) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!ok && std::string_view("'()+_,-./:=? ").find(c) == std::string_view::npos) return false;
  }
  return true;
}

Error Malformed(std::string_view why) {
  return Error::InvalidArgument("malformed multipart/form-data body: " + std::string(why));
}

Status CheckText(std::string_view s) {
  if (s.find('\0') != std::string_view::npos) {
    return Error::InvalidArgument("parameters must not contain NUL bytes");
  }
  if (!IsValidUtf8(s)) return Error::InvalidArgument("parameters must be UTF-8");
  return OkStatus();
}

// Finds the Content-Disposition among a part's header lines (CRLF separated). Empty if absent.
// The value of the part header `name` (case-insensitive), or empty.
std::string_view FindHeader(std::string_view headers, std::string_view name) {
  while (!headers.empty()) {
    size_t eol = headers.find(kCrlf);
    std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // tolerate junk lines
    if (EqualsIgnoreCase(Trim(line.substr(0, colon)), name)) {
      return Trim(line.substr(colon + 1));
    }
  }
  return {};
}

}  // namespace

MediaType ParseMediaType(std::string_view value) {
  MediaType mt;
  size_t semi = value.find(';');
  mt.type = std::string(Trim(value.substr(0, semi)));
  AsciiLower(&mt.type);
  if (semi == std::string_view::npos) return mt;
  std::string_view rest = value.substr(semi + 1);
  while (!rest.empty()) {
    while (!rest.empty() && (IsSpace(rest.front()) || rest.front() == ';')) rest.remove_prefix(1);
    if (rest.empty()) break;
    size_t stop = rest.find_first_of("=;");
    if (stop == std::string_view::npos || rest[stop] == ';') {  // a name without '=': skip it
      rest = stop == std::string_view::npos ? std::string_view() : rest.substr(stop);
      continue;
    }
    std::string name(Trim(rest.substr(0, stop)));
    AsciiLower(&name);
    rest.remove_prefix(stop + 1);
    while (!rest.empty() && IsSpace(rest.front())) rest.remove_prefix(1);
    std::string val;
    if (!rest.empty() && rest.front() == '"') {
      // quoted-string; a backslash escapes the next character (RFC 9110 §5.6.4).
      size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
        val.push_back(rest[i]);
      }
      rest.remove_prefix(i < rest.size() ? i + 1 : rest.size());
      size_t next = rest.find(';');
      rest = next == std::string_view::npos ? std::string_view() : rest.substr(next);
    } else {
      size_t next = rest.find(';');
      val = std::string(Trim(rest.substr(0, next)));
      rest = next == std::string_view::npos ? std::string_view() : rest.substr(next);
    }
    if (!name.empty()) mt.params.emplace_back(std::move(name), std::move(val));
  }
  return mt;
}

Status ParseMultipartFormData(std::string_view body, std::string_view boundary, Params* fields,
                              std::vector<UploadedFile>* files) {
  if (!IsValidBoundary(boundary)) {
    return Error::InvalidArgument("multipart/form-data without a valid boundary");
  }
  std::string delim = "\r\n--";
  delim += boundary;
  std::string_view dash_delim = std::string_view(delim).substr(2);  // "--boundary"

  // The first delimiter opens the body or follows a preamble line (ignored).
  size_t pos;
  if (body.substr(0, dash_delim.size()) == dash_delim) {
    pos = dash_delim.size();
  } else {
    size_t at = body.find(delim);
    if (at == std::string_view::npos) return Malformed("no boundary found");
    pos = at + delim.size();
  }

  for (;;) {
    // Just after a delimiter: "--" closes the body (the epilogue is ignored), else transport
    // padding and CRLF start a part.
    if (body.substr(pos, 2) == "--") return OkStatus();
    while (pos < body.size() && IsSpace(body[pos])) ++pos;
    if (body.substr(pos, 2) != kCrlf) return Malformed("bad delimiter line");
    pos += 2;

    std::string_view headers;
    if (body.substr(pos, 2) == kCrlf) {
      pos += 2;  // a part without headers
    } else {
      size_t end = body.find("\r\n\r\n", pos);
      if (end == std::string_view::npos) return Malformed("unterminated part headers");
      headers = body.substr(pos, end - pos);
      pos = end + 4;
    }
    size_t next = body.find(delim, pos);
    if (next == std::string_view::npos) return Malformed("missing closing boundary");
    std::string_view content = body.substr(pos, next - pos);
    pos = next + delim.size();

    std::string_view disposition = FindHeader(headers, "content-disposition");
    if (disposition.empty()) return Malformed("part without Content-Disposition");
    MediaType d = ParseMediaType(disposition);
    if (d.type != "form-data") return Malformed("part is not form-data");
    const std::string* name = nullptr;
    const std::string* filename = nullptr;
    for (const auto& [k, v] : d.params) {
      if (k == "name" && name == nullptr) name = &v;
      if ((k == "filename" || k == "filename*") && filename == nullptr) filename = &v;
    }
    if (name == nullptr) return Malformed("part without a name");
    if (filename != nullptr) {
      if (files == nullptr) continue;  // the caller takes no files: skipped, not rejected
      C311_TRY(CheckText(*name));
      UploadedFile f;
      f.name = *name;
      if (CheckText(*filename).ok()) f.filename = *filename;
      f.content_type = ParseMediaType(FindHeader(headers, "content-type")).type;
      f.offset = static_cast<size_t>(content.data() - body.data());
      f.size = content.size();
      files->push_back(std::move(f));
      continue;
    }
    C311_TRY(CheckText(*name));
    C311_TRY(CheckText(content));
    fields->emplace_back(*name, std::string(content));
  }
}

}  // namespace civic311::http
