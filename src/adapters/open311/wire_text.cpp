#include "adapters/open311/wire_text.hpp"

#include <charconv>
#include <chrono>
#include <cmath>

#include "domain/text.hpp"

namespace civic311::open311 {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Bytes that end a run of bytes that can be copied as they are.
constexpr bool JsonPlain(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\' && c < 0x80; }
constexpr bool XmlPlain(unsigned char c) {
  return c >= 0x20 && c != '&' && c != '<' && c != '>' && c < 0x80;
}

void Digits2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (JsonPlain(c)) {
      ++i;
      continue;
    }
    out.append(s.data() + run, i - run);
    if (c >= 0x80) {
      char32_t cp;
      std::size_t n = DecodeUtf8(s, i, &cp);
      if (n == 0) {
        out += kReplacement;
        n = 1;
      } else if (cp == 0x2028 || cp == 0x2029) {
        out += cp == 0x2028 ? "\\u2028" : "\\u2029";
      } else {
        out.append(s.data() + i, n);
      }
      i += n;
    } else {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default:
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
      }
      ++i;
    }
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void AppendXmlText(std::string& out, std::string_view s) {
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (XmlPlain(c)) {
      ++i;
      continue;
    }
    out.append(s.data() + run, i - run);
    if (c >= 0x80) {
      char32_t cp;
      std::size_t n = DecodeUtf8(s, i, &cp);
      if (n == 0) {
        out += kReplacement;
        n = 1;
      } else if (cp != 0xFFFE && cp != 0xFFFF) {  // not characters in XML 1.0: dropped
        out.append(s.data() + i, n);
      }
      i += n;
    } else {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '\r':
          out += "&#13;";
          break;
        case '\n':
          out += '\n';
          break;
        case '\t':
          out += '\t';
          break;
        default:
          break;  // other C0 controls are not allowed in XML 1.0 at all: dropped
      }
      ++i;
    }
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
}

void AppendInt(std::string& out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendDouble(std::string& out, double v) {
  if (!std::isfinite(v)) v = 0;  // cannot happen for validated coordinates; keep output valid
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendUtc(std::string& out, Timestamp t) {
  using namespace std::chrono;
  const auto days = floor<std::chrono::days>(t);
  const year_month_day ymd{days};
  const auto secs = (t - days).count();  // 0..86399
  char buf[20];                          // YYYY-MM-DDTHH:MM:SSZ
  int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) y = y < 0 ? 0 : 9999;  // out of the W3C range: clamp, never corrupt
  Digits2(buf, static_cast<unsigned>(y / 100));
  Digits2(buf + 2, static_cast<unsigned>(y % 100));
  buf[4] = '-';
  Digits2(buf + 5, static_cast<unsigned>(ymd.month()));
  buf[7] = '-';
  Digits2(buf + 8, static_cast<unsigned>(ymd.day()));
  buf[10] = 'T';
  Digits2(buf + 11, static_cast<unsigned>(secs / 3600));
  buf[13] = ':';
  Digits2(buf + 14, static_cast<unsigned>(secs / 60 % 60));
  buf[16] = ':';
  Digits2(buf + 17, static_cast<unsigned>(secs % 60));
  out.append(buf, 19);
  out += 'Z';
}

}  // namespace civic311::open311
