#include "case_file.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/time_format.hpp"

namespace open311_suite {
namespace {

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r"));
  s.erase(s.find_last_not_of(" \t\r") + 1);
  return s;
}

bool StartsWith(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

std::string LowerCopy(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::optional<std::string> Builtin(const std::string& name) {
  if (!StartsWith(name, "now")) return std::nullopt;
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (name == "now") return civic311::FormatUtc(now);
  if (name.size() < 6 || (name[3] != '-' && name[3] != '+')) return std::nullopt;
  char unit = name.back();
  long n = std::strtol(name.substr(4, name.size() - 5).c_str(), nullptr, 10);
  std::chrono::seconds d = unit == 'd'   ? std::chrono::seconds(n * 86400)
                           : unit == 'h' ? std::chrono::seconds(n * 3600)
                                         : std::chrono::seconds(-1);
  if (d.count() < 0) return std::nullopt;
  return civic311::FormatUtc(name[3] == '-' ? now - d : now + d);
}

}  // namespace

std::optional<Case> LoadCase(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot read";
    return std::nullopt;
  }
  Case c;
  c.path = path;
  c.name = std::filesystem::path(path).stem().string();
  std::string line;
  int n = 0;
  enum { kComments, kHeaders, kBody, kExpect } part = kComments;
  std::vector<std::string> body_lines;
  auto fail = [&](const std::string& why) {
    *error = path + ":" + std::to_string(n) + ": " + why;
    return std::nullopt;
  };
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (part != kExpect && Trim(line) == "== expect") {
      part = kExpect;
      continue;
    }
    switch (part) {
      case kComments: {
        if (StartsWith(line, "#")) {
          c.comments.push_back(Trim(line.substr(1)));
          continue;
        }
        if (Trim(line).empty()) continue;
        std::size_t sp = line.find(' ');
        if (sp == std::string::npos) return fail("expected 'METHOD /path'");
        c.method = line.substr(0, sp);
        c.target = Trim(line.substr(sp + 1));
        if (c.target.empty() || c.target[0] != '/') return fail("the target must start with '/'");
        part = kHeaders;
        break;
      }
      case kHeaders: {
        if (line.empty()) {
          part = kBody;
          continue;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string::npos) return fail("expected 'Header-Name: value'");
        c.headers.emplace_back(Trim(line.substr(0, colon)), Trim(line.substr(colon + 1)));
        break;
      }
      case kBody:
        body_lines.push_back(line);
        break;
      case kExpect: {
        std::string t = Trim(line);
        if (t.empty() || StartsWith(t, "#")) continue;
        c.expectations.push_back({n, t});
        break;
      }
    }
  }
  if (c.method.empty()) return fail("no request line");
  if (part != kExpect) return fail("no '== expect' section");
  if (c.expectations.empty()) return fail("no checks after '== expect'");
  while (!body_lines.empty() && body_lines.back().empty()) body_lines.pop_back();
  // Lines starting with '&' continue a form body; multipart bodies use CRLF line ends.
  std::string content_type;
  for (const auto& [k, v] : c.headers)
    if (LowerCopy(k) == "content-type") content_type = LowerCopy(v);
  const std::string eol = StartsWith(content_type, "multipart/") ? "\r\n" : "\n";
  for (std::size_t i = 0; i < body_lines.size(); ++i) {
    if (i > 0 && !StartsWith(body_lines[i], "&")) c.body += eol;
    c.body += body_lines[i];
  }
  if (!c.body.empty() && eol == "\r\n") c.body += eol;
  return c;
}

std::vector<std::string> CaseFiles(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".test") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::string> Substitute(const std::string& text,
                                      const std::map<std::string, std::string>& vars,
                                      std::string* error) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = text.find("{{", pos);
    if (open == std::string::npos) break;
    std::size_t close = text.find("}}", open);
    if (close == std::string::npos) {
      *error = "unclosed '{{'";
      return std::nullopt;
    }
    out.append(text, pos, open - pos);
    std::string name = text.substr(open + 2, close - open - 2);
    auto it = vars.find(name);
    if (it != vars.end()) {
      out += it->second;
    } else if (auto b = Builtin(name)) {
      out += *b;
    } else {
      *error =
          "{{" + name + "}} is not set" +
          (StartsWith(name, "id:") ? " (captured by an earlier case: run the whole suite)" : "");
      return std::nullopt;
    }
    pos = close + 2;
  }
  out.append(text, pos);
  return out;
}

std::string RawRequest(const Case& c, const std::string& target, const std::string& body,
                       const std::string& host) {
  std::string raw = c.method + " " + target + " HTTP/1.1\r\n";
  bool has_host = false, has_connection = false, has_length = false;
  for (const auto& [k, v] : c.headers) {
    std::string lk = LowerCopy(k);
    has_host |= lk == "host";
    has_connection |= lk == "connection";
    has_length |= lk == "content-length" || lk == "transfer-encoding";
    raw += k + ": " + v + "\r\n";
  }
  if (!has_host) raw += "Host: " + host + "\r\n";
  if (!has_connection) raw += "Connection: close\r\n";
  if (!has_length && (!body.empty() || c.method == "POST")) {
    raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  raw += "\r\n";
  raw += body;
  return raw;
}

}  // namespace open311_suite
