#include "http/form_decode.hpp"

#include <cstdint>

namespace civic311::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// Decodes one key or value of urlencoded text into *out (cleared first).
Status DecodeParamPart(std::string_view in, std::string_view what, std::string* out) {
  out->clear();
  if (!PercentDecode(in, PercentMode::kForm, out)) {
    return Error::InvalidArgument("invalid percent-encoding in " + std::string(what));
  }
  if (out->find('\0') != std::string::npos) {
    return Error::InvalidArgument("parameters must not contain NUL bytes");
  }
  if (!IsValidUtf8(*out)) return Error::InvalidArgument("parameters must be UTF-8");
  return OkStatus();
}

}  // namespace

bool PercentDecode(std::string_view in, PercentMode mode, std::string* out) {
  // Fast path: nothing to decode.
  size_t first = in.find_first_of(mode == PercentMode::kForm ? "%+" : "%");
  if (first == std::string_view::npos) {
    out->append(in);
    return true;
  }
  out->reserve(out->size() + in.size());
  out->append(in.substr(0, first));
  for (size_t i = first; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (in.size() - i < 3) return false;
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && mode == PercentMode::kForm) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // ASCII fast path, 8 bytes at a time.
    while (end - p >= 8) {
      std::uint64_t w;
      __builtin_memcpy(&w, p, 8);
      if (w & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p == end) break;
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;  // continuation byte first, overlong 2-byte lead (C0/C1), or > F4
    }
    if (end - p < len) return false;
    for (int k = 1; k < len; ++k) {
      unsigned char cc = p[k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
    p += len;
  }
  return true;
}

bool SplitTarget(std::string_view target, std::string_view* path, std::string_view* query) {
  std::string_view rest = target;
  if (rest.empty()) return false;
  if (rest[0] != '/') {
    // absolute-form: scheme "://" authority path-abempty [ "?" query ]
    std::string_view scheme;
    if (StartsWithIgnoreCase(rest, "http://")) {
      scheme = "http://";
    } else if (StartsWithIgnoreCase(rest, "https://")) {
      scheme = "https://";
    } else {
      return false;
    }
    rest.remove_prefix(scheme.size());
    size_t authority_end = rest.find_first_of("/?");
    if (authority_end == 0) return false;  // empty host
    if (authority_end == std::string_view::npos) {
      if (rest.empty()) return false;
      *path = "/";
      *query = {};
      return rest.find('#') == std::string_view::npos;
    }
    rest.remove_prefix(authority_end);
    if (rest[0] == '?') {
      *path = "/";
      *query = rest.substr(1);
      return query->find('#') == std::string_view::npos;
    }
  }
  if (rest.find('#') != std::string_view::npos) return false;
  size_t q = rest.find('?');
  if (q == std::string_view::npos) {
    *path = rest;
    *query = {};
  } else {
    *path = rest.substr(0, q);
    *query = rest.substr(q + 1);
  }
  return true;
}

Status DecodePath(std::string_view raw_path, std::string* out) {
  out->clear();
  if (!PercentDecode(raw_path, PercentMode::kPath, out)) {
    return Error::InvalidArgument("invalid percent-encoding in path");
  }
  if (out->find('\0') != std::string::npos) {
    return Error::InvalidArgument("path must not contain NUL bytes");
  }
  if (!IsValidUtf8(*out)) return Error::InvalidArgument("path must be UTF-8");
  return OkStatus();
}

Status ParseUrlEncoded(std::string_view text, std::string_view what, Params* out) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) amp = text.size();
    std::string_view piece = text.substr(pos, amp - pos);
    pos = amp + 1;
    if (piece.empty()) continue;
    size_t eq = piece.find('=');
    std::string_view key = piece.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
    std::pair<std::string, std::string> pair;
    C311_TRY(DecodeParamPart(key, what, &pair.first));
    C311_TRY(DecodeParamPart(value, what, &pair.second));
    out->push_back(std::move(pair));
  }
  return OkStatus();
}

void AsciiLower(std::string* s) {
  for (char& c : *s) c = LowerAscii(c);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  return true;
}

}  // namespace civic311::http
