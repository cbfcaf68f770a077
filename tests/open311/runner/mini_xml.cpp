#include "mini_xml.hpp"

#include <cstdint>

namespace open311_suite {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':';
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
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

bool XmlChar(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  std::unique_ptr<XmlDocument> Parse(std::string* error) {
    auto doc = std::make_unique<XmlDocument>();
    if (!CheckChars()) return Fail(error);
    if (s_.substr(0, 5) == "<?xml") {
      std::size_t end = s_.find("?>");
      if (end == std::string_view::npos) return Fail(error, "unterminated XML declaration");
      doc->has_declaration = true;
      doc->declaration = std::string(s_.substr(0, end + 2));
      pos_ = end + 2;
    }
    SkipSpace();
    if (pos_ >= s_.size() || s_[pos_] != '<') return Fail(error, "expected the root element");
    doc->root = Element();
    if (!doc->root) return Fail(error);
    SkipSpace();
    if (pos_ != s_.size()) return Fail(error, "content after the root element");
    return doc;
  }

 private:
  std::unique_ptr<XmlDocument> Fail(std::string* error, std::string why = {}) {
    if (!why.empty()) error_ = std::move(why);
    *error = error_ + " (at byte " + std::to_string(pos_) + ")";
    return nullptr;
  }

  bool CheckChars() {
    for (std::size_t i = 0; i < s_.size();) {
      auto c = static_cast<unsigned char>(s_[i]);
      std::uint32_t cp;
      std::size_t n;
      if (c < 0x80) {
        cp = c, n = 1;
      } else if ((c & 0xE0) == 0xC0) {
        cp = c & 0x1F, n = 2;
      } else if ((c & 0xF0) == 0xE0) {
        cp = c & 0x0F, n = 3;
      } else if ((c & 0xF8) == 0xF0) {
        cp = c & 0x07, n = 4;
      } else {
        pos_ = i;
        error_ = "invalid UTF-8";
        return false;
      }
      if (i + n > s_.size()) {
        pos_ = i;
        error_ = "truncated UTF-8";
        return false;
      }
      for (std::size_t k = 1; k < n; ++k) {
        auto d = static_cast<unsigned char>(s_[i + k]);
        if ((d & 0xC0) != 0x80) {
          pos_ = i;
          error_ = "invalid UTF-8";
          return false;
        }
        cp = (cp << 6) | (d & 0x3F);
      }
      static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      if (cp < kMin[n] || !XmlChar(cp)) {
        pos_ = i;
        error_ = "character U+" + std::to_string(cp) + " is not allowed in XML 1.0";
        return false;
      }
      i += n;
    }
    return true;
  }

  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) {
      ++pos_;
    }
  }

  std::string Name() {
    std::size_t start = pos_;
    while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  bool Entity(std::string& out) {
    std::size_t end = s_.find(';', pos_);
    if (end == std::string_view::npos || end - pos_ > 12) {
      error_ = "bare '&' (must be escaped as &amp;)";
      return false;
    }
    std::string_view e = s_.substr(pos_ + 1, end - pos_ - 1);
    if (e == "amp")
      out += '&';
    else if (e == "lt")
      out += '<';
    else if (e == "gt")
      out += '>';
    else if (e == "quot")
      out += '"';
    else if (e == "apos")
      out += '\'';
    else if (e.size() > 1 && e[0] == '#') {
      std::uint32_t cp = 0;
      bool hex = e[1] == 'x';
      for (char c : e.substr(hex ? 2 : 1)) {
        int d = (c >= '0' && c <= '9')          ? c - '0'
                : hex && (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : hex && (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                : -1;
        if (d < 0) {
          error_ = "bad character reference";
          return false;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
        if (cp > 0x10FFFF) break;
      }
      if (!XmlChar(cp)) {
        error_ = "character reference to a character XML 1.0 forbids";
        return false;
      }
      AppendUtf8(out, cp);
    } else {
      error_ = "unknown entity &" + std::string(e) + ";";
      return false;
    }
    pos_ = end + 1;
    return true;
  }

  std::unique_ptr<XmlElement> Element() {
    ++pos_;  // '<'
    auto el = std::make_unique<XmlElement>();
    el->name = Name();
    if (el->name.empty()) {
      error_ = "expected an element name";
      return nullptr;
    }
    SkipSpace();
    if (s_.substr(pos_, 2) == "/>") {
      pos_ += 2;
      return el;
    }
    if (pos_ >= s_.size() || s_[pos_] != '>') {
      error_ = "attributes are not expected in Open311 documents";
      return nullptr;
    }
    ++pos_;
    while (true) {
      if (pos_ >= s_.size()) {
        error_ = "unclosed element <" + el->name + ">";
        return nullptr;
      }
      char c = s_[pos_];
      if (c == '<') {
        if (s_.substr(pos_, 2) == "</") {
          pos_ += 2;
          std::string close = Name();
          SkipSpace();
          if (close != el->name || pos_ >= s_.size() || s_[pos_] != '>') {
            error_ = "</" + close + "> does not close <" + el->name + ">";
            return nullptr;
          }
          ++pos_;
          return el;
        }
        auto child = Element();
        if (!child) return nullptr;
        el->children.push_back(std::move(child));
      } else if (c == '&') {
        if (!Entity(el->text)) return nullptr;
      } else if (c == '>' && s_.substr(pos_ >= 2 ? pos_ - 2 : 0, 3) == "]]>") {
        error_ = "']]>' in character data";
        return nullptr;
      } else {
        el->text += c;
        ++pos_;
      }
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string error_ = "malformed XML";
};

void Collect(const XmlElement& e, std::string& out) {
  out += e.text;
  for (const auto& c : e.children) Collect(*c, out);
}

}  // namespace

std::string XmlElement::StringValue() const {
  std::string out;
  Collect(*this, out);
  return out;
}

std::unique_ptr<XmlDocument> ParseXml(std::string_view text, std::string* error) {
  return Parser(text).Parse(error);
}

std::vector<const XmlElement*> SelectXml(const XmlDocument& doc, std::string_view path,
                                         std::string* error) {
  std::vector<const XmlElement*> current;
  if (path.empty() || path[0] != '/' || !doc.root) {
    *error = "an XML path starts with '/'";
    return {};
  }
  bool first = true;
  path.remove_prefix(1);
  while (!path.empty()) {
    std::size_t slash = path.find('/');
    std::string_view step = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    int index = 0;
    if (std::size_t br = step.find('['); br != std::string_view::npos) {
      if (step.back() != ']') {
        *error = "bad step '" + std::string(step) + "'";
        return {};
      }
      index = std::stoi(std::string(step.substr(br + 1, step.size() - br - 2)));
      step = step.substr(0, br);
    }
    std::vector<const XmlElement*> next;
    if (first) {
      if (doc.root->name == step && index <= 1) next.push_back(doc.root.get());
      first = false;
    } else {
      for (const XmlElement* e : current) {
        int seen = 0;
        for (const auto& c : e->children) {
          if (c->name != step) continue;
          ++seen;
          if (index == 0 || seen == index) next.push_back(c.get());
        }
      }
    }
    current = std::move(next);
  }
  return current;
}

}  // namespace open311_suite
