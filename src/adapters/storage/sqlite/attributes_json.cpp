#include "adapters/storage/sqlite/attributes_json.hpp"

#include "base/log.hpp"  // AppendJsonEscaped

namespace civic311::sqlite {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  std::optional<Attributes> Object() {
    Attributes out;
    if (!Eat('{')) return std::nullopt;
    if (Eat('}')) return End(std::move(out));
    do {
      auto key = String();
      if (!key || !Eat(':')) return std::nullopt;
      auto values = Array();
      if (!values) return std::nullopt;
      out[*key] = std::move(*values);
    } while (Eat(','));
    if (!Eat('}')) return std::nullopt;
    return End(std::move(out));
  }

 private:
  std::optional<Attributes> End(Attributes a) {
    SkipSpace();
    if (i_ != s_.size()) return std::nullopt;
    return a;
  }

  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }

  bool Eat(char c) {
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }

  std::optional<std::vector<std::string>> Array() {
    std::vector<std::string> out;
    if (!Eat('[')) return std::nullopt;
    if (Eat(']')) return out;
    do {
      auto v = String();
      if (!v) return std::nullopt;
      out.push_back(std::move(*v));
    } while (Eat(','));
    if (!Eat(']')) return std::nullopt;
    return out;
  }

  std::optional<unsigned> Hex4() {
    if (s_.size() - i_ < 4) return std::nullopt;
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= c - '0';
      else if (c >= 'a' && c <= 'f')
        v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        v |= c - 'A' + 10;
      else
        return std::nullopt;
    }
    return v;
  }

  static void AppendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::optional<std::string> String() {
    if (!Eat('"')) return std::nullopt;
    std::string out;
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ == s_.size()) return std::nullopt;
      switch (s_[i_++]) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          auto cp = Hex4();
          if (!cp) return std::nullopt;
          if (*cp >= 0xD800 && *cp < 0xDC00) {  // high surrogate: a low one must follow
            if (s_.substr(i_, 2) != "\\u") return std::nullopt;
            i_ += 2;
            auto lo = Hex4();
            if (!lo || *lo < 0xDC00 || *lo >= 0xE000) return std::nullopt;
            *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*lo - 0xDC00);
          } else if (*cp >= 0xDC00 && *cp < 0xE000) {
            return std::nullopt;
          }
          AppendUtf8(out, *cp);
          break;
        }
        default:
          return std::nullopt;
      }
    }
    return std::nullopt;  // unterminated
  }

  std::string_view s_;
  size_t i_ = 0;
};

void AppendString(std::string& out, std::string_view s) {
  out += '"';
  AppendJsonEscaped(out, s);
  out += '"';
}

}  // namespace

std::string EncodeAttributes(const Attributes& attributes) {
  std::string out = "{";
  for (const auto& [code, values] : attributes) {
    if (out.size() > 1) out += ',';
    AppendString(out, code);
    out += ":[";
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ',';
      AppendString(out, values[i]);
    }
    out += ']';
  }
  out += '}';
  return out;
}

std::optional<Attributes> DecodeAttributes(std::string_view json) { return Parser(json).Object(); }

}  // namespace civic311::sqlite
