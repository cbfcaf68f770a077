#include "checks.hpp"

#include <charconv>
#include <regex>
#include <sstream>

namespace open311_suite {
namespace json = boost::json;
namespace {

constexpr std::string_view kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Splits off the first whitespace-separated word.
std::string Word(std::string& rest) {
  rest.erase(0, rest.find_first_not_of(' '));
  std::size_t sp = rest.find(' ');
  std::string w = rest.substr(0, sp);
  rest = sp == std::string::npos ? "" : rest.substr(sp + 1);
  rest.erase(0, rest.find_first_not_of(' '));
  return w;
}

std::string Show(std::string s) { return s.size() > 300 ? s.substr(0, 300) + "…" : s; }

// Evaluates "$", "$.a", "$[0].b", "$[*].c", "$.a[1]" on v.
bool SelectJson(const json::value& root, const std::string& path,
                std::vector<const json::value*>* out, std::string* error) {
  if (path.empty() || path[0] != '$') {
    *error = "a JSON path starts with '$'";
    return false;
  }
  std::vector<const json::value*> cur = {&root};
  std::size_t i = 1;
  while (i < path.size()) {
    std::vector<const json::value*> next;
    if (path[i] == '.') {
      std::size_t end = path.find_first_of(".[", i + 1);
      std::string key =
          path.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
      for (auto* v : cur) {
        if (!v->is_object()) continue;
        if (auto* f = v->as_object().if_contains(key)) next.push_back(f);
      }
      i = end == std::string::npos ? path.size() : end;
    } else if (path[i] == '[') {
      std::size_t end = path.find(']', i);
      if (end == std::string::npos) {
        *error = "unclosed '[' in " + path;
        return false;
      }
      std::string idx = path.substr(i + 1, end - i - 1);
      for (auto* v : cur) {
        if (!v->is_array()) continue;
        const auto& a = v->as_array();
        if (idx == "*") {
          for (const auto& e : a) next.push_back(&e);
        } else {
          std::size_t k = std::stoul(idx);
          if (k < a.size()) next.push_back(&a[k]);
        }
      }
      i = end + 1;
    } else {
      *error = "bad JSON path " + path;
      return false;
    }
    cur = std::move(next);
  }
  *out = std::move(cur);
  return true;
}

// Strings as they are; numbers as the shortest decimal that round-trips (42.35123, not
// Boost's 4.235123E1); anything else as JSON.
std::string Text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_double()) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v.as_double());
    return std::string(buf, r.ptr);
  }
  return json::serialize(v);
}

std::string TypeName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return "string";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "number";
    case json::kind::bool_:
      return "boolean";
    case json::kind::null:
      return "null";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "?";
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

bool Matches(const std::string& text, const std::string& pattern, std::string* error) {
  try {
    return std::regex_match(text, std::regex(pattern, std::regex::ECMAScript));
  } catch (const std::regex_error& e) {
    *error = "bad regex /" + pattern + "/: " + e.what();
    return false;
  }
}

}  // namespace

Checker::Checker(const HttpResponse& response, std::map<std::string, std::string>& vars)
    : r_(response), vars_(vars) {}

const json::value* Checker::JsonDoc(std::string* error) {
  if (!json_) {
    json::error_code ec;
    json::value v = json::parse(r_.body, ec);
    if (ec) {
      *error = "the body is not valid JSON (" + ec.message() + "): " + Show(r_.body);
      return nullptr;
    }
    json_ = std::make_unique<json::value>(std::move(v));
  }
  return json_.get();
}

const XmlDocument* Checker::XmlDoc(std::string* error) {
  if (!xml_) {
    std::string why;
    xml_ = ParseXml(r_.body, &why);
    if (!xml_) {
      *error = "the body is not well-formed XML: " + why + ": " + Show(r_.body);
      return nullptr;
    }
  }
  return xml_.get();
}

std::string Checker::Automatic() {
  auto ct = r_.Values("content-type");
  std::string type = ct.empty() ? "" : Lower(ct[0]);
  std::string error;
  if (type.rfind("application/json", 0) == 0) {
    if (!JsonDoc(&error)) return error;
  } else if (type.rfind("text/xml", 0) == 0) {
    if (r_.body.compare(0, kXmlDeclaration.size(), kXmlDeclaration) != 0) {
      return "an XML body must start with " + std::string(kXmlDeclaration) + ": " + Show(r_.body);
    }
    if (!XmlDoc(&error)) return error;
  }
  return "";
}

std::string Checker::Run(const std::string& check) {
  std::string rest = check;
  std::string kind = Word(rest);
  if (kind == "status") {
    if (std::to_string(r_.status) != rest) {
      return "status " + std::to_string(r_.status) + ", expected " + rest +
             "; body: " + Show(r_.body);
    }
    return "";
  }
  if (kind == "header" || kind == "no-header") {
    std::size_t colon = rest.find(':');
    std::string name = colon == std::string::npos ? rest : rest.substr(0, colon);
    auto values = r_.Values(name);
    if (kind == "no-header") {
      return values.empty() ? "" : "header " + name + " present: " + values[0];
    }
    std::string want = colon == std::string::npos ? "" : rest.substr(colon + 1);
    want.erase(0, want.find_first_not_of(' '));
    if (values.empty()) return "no header " + name;
    if (colon != std::string::npos && values[0] != want) {
      return "header " + name + " is '" + values[0] + "', expected '" + want + "'";
    }
    return "";
  }
  if (kind == "body-is") {
    std::string body = r_.body;
    while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
    return body == rest ? "" : "body is\n  " + Show(body) + "\nexpected\n  " + rest;
  }
  if (kind == "contains") {
    return r_.body.find(rest) != std::string::npos ? ""
                                                   : "body lacks '" + rest + "': " + Show(r_.body);
  }
  if (kind == "not-contains") {
    std::size_t at = r_.body.find(rest);
    return at == std::string::npos ? ""
                                   : "body contains '" + rest + "' at " + std::to_string(at) +
                                         ": " + Show(r_.body.substr(at > 80 ? at - 80 : 0, 200));
  }
  if (kind == "json" || kind == "xml") {
    std::string path = Word(rest);
    std::string op = Word(rest);
    return kind == "json" ? Json(path, op, rest) : Xml(path, op, rest);
  }
  if (kind == "capture") {
    std::string name = Word(rest);
    std::string how = Word(rest);
    std::string path = Word(rest);
    std::string error;
    if (how == "json") {
      const json::value* doc = JsonDoc(&error);
      std::vector<const json::value*> m;
      if (!doc || !SelectJson(*doc, path, &m, &error)) return error;
      if (m.empty()) return "capture " + name + ": nothing at " + path + " in " + Show(r_.body);
      vars_[name] = Text(*m[0]);
    } else if (how == "xml") {
      const XmlDocument* doc = XmlDoc(&error);
      if (!doc) return error;
      auto m = SelectXml(*doc, path, &error);
      if (!error.empty()) return error;
      if (m.empty()) return "capture " + name + ": nothing at " + path + " in " + Show(r_.body);
      vars_[name] = m[0]->StringValue();
    } else {
      return "capture NAME json|xml PATH";
    }
    return "";
  }
  return "unknown check '" + kind + "'";
}

std::string Checker::Json(const std::string& path, const std::string& op, const std::string& arg) {
  std::string error;
  const json::value* doc = JsonDoc(&error);
  std::vector<const json::value*> m;
  if (!doc || !SelectJson(*doc, path, &m, &error)) return error;
  const std::string where = " at " + path + " in " + Show(r_.body);
  if (op == "exists") return m.empty() ? "nothing" + where : "";
  if (op == "absent") return m.empty() ? "" : "found " + Text(*m[0]) + where;
  if (op == "count") {
    return std::to_string(m.size()) == arg
               ? ""
               : std::to_string(m.size()) + " matches, expected " + arg + where;
  }
  if (m.empty()) return "nothing" + where;
  json::value want;
  if (op == "==" || op == "!=") {
    json::error_code ec;
    want = json::parse(arg, ec);
    if (ec) return "the expected value is not JSON: " + arg + " (quote strings)";
  }
  for (const json::value* v : m) {
    if (op == "==" && *v != want) return Text(*v) + " != " + arg + where;
    if (op == "!=" && *v == want) return Text(*v) + " == " + arg + where;
    if (op == "~" && !Matches(Text(*v), arg, &error)) {
      return error.empty() ? "'" + Text(*v) + "' does not match /" + arg + "/" + where : error;
    }
    if (op == "is" && TypeName(*v) != arg) return TypeName(*v) + " is not " + arg + where;
    if (op == "keys") {
      if (!v->is_object()) return "not an object" + where;
      std::vector<std::string> keys;
      for (const auto& kv : v->as_object()) keys.emplace_back(kv.key());
      if (Join(keys) != arg) return "keys " + Join(keys) + ", expected " + arg + where;
    }
  }
  if (op != "==" && op != "!=" && op != "~" && op != "is" && op != "keys") {
    return "unknown json operator '" + op + "'";
  }
  return "";
}

std::string Checker::Xml(const std::string& path, const std::string& op, const std::string& arg) {
  std::string error;
  const XmlDocument* doc = XmlDoc(&error);
  if (!doc) return error;
  auto m = SelectXml(*doc, path, &error);
  if (!error.empty()) return error;
  const std::string where = " at " + path + " in " + Show(r_.body);
  if (op == "exists") return m.empty() ? "nothing" + where : "";
  if (op == "absent") return m.empty() ? "" : "found '" + m[0]->StringValue() + "'" + where;
  if (op == "count") {
    return std::to_string(m.size()) == arg
               ? ""
               : std::to_string(m.size()) + " matches, expected " + arg + where;
  }
  if (m.empty()) return "nothing" + where;
  for (const XmlElement* e : m) {
    std::string text = e->StringValue();
    if (op == "==" && text != arg) return "'" + text + "' != '" + arg + "'" + where;
    if (op == "!=" && text == arg) return "'" + text + "' == '" + arg + "'" + where;
    if (op == "~" && !Matches(text, arg, &error)) {
      return error.empty() ? "'" + text + "' does not match /" + arg + "/" + where : error;
    }
    if (op == "children") {
      std::vector<std::string> names;
      for (const auto& c : e->children) names.push_back(c->name);
      if (Join(names) != arg) return "children " + Join(names) + ", expected " + arg + where;
    }
  }
  if (op != "==" && op != "!=" && op != "~" && op != "children") {
    return "unknown xml operator '" + op + "'";
  }
  return "";
}

}  // namespace open311_suite
