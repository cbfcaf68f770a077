#include "adapters/config/template_config.hpp"

#include <map>
#include <set>
#include <utility>

#include "domain/request_state.hpp"

namespace civic311::config {
namespace {

// A title is a button label: short enough to fit on one.
constexpr std::size_t kMaxTitleBytes = 80;

// Ids appear in the staff API and the event data: lower-case letters, digits, '_' and '-'.
std::optional<std::string> IdProblem(std::string_view id) {
  if (id.size() > 64) return "is too long (at most 64 characters)";
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) {
      std::string problem = "\"";  // not "\"" + std::string(id): g++ 12 -Wrestrict false alarm
      problem += id;
      return problem +
             "\" contains a character that is not allowed: use only lower-case letters a-z, "
             "digits, '_' and '-' (e.g. \"pothole_fixed\")";
    }
  }
  return std::nullopt;
}

// Every state a template may announce: all but submitted, which no action moves a request to.
std::string StateList() {
  std::string out(kNoteTemplateState);
  for (RequestState s : kAllStates) {
    if (s == RequestState::kSubmitted) continue;
    out += ", ";
    out += StateName(s);
  }
  return out;
}

void ReadState(const TableReader& r, ResponseTemplate& t) {
  auto raw = r.String("state", Need::kRequired);
  if (!raw) return;
  const std::string name = Lower(Trim(*raw));
  if (name == kNoteTemplateState) return;  // nullopt: a public note in any state
  auto state = ParseState(name);
  if (!state) {
    r.Add("state", "\"" + *raw + "\" is not a state; use one of: " + StateList());
  } else if (*state == RequestState::kSubmitted) {
    r.Add("state",
          "\"submitted\" cannot be announced: no action moves a request back to submitted; use "
          "\"acknowledged\" for a first answer, or \"note\" for a note in any state");
  } else {
    t.state = *state;
  }
}

void ReadServiceCodes(const TableReader& r, const City& city, ResponseTemplate& t) {
  const toml::array* list = r.Array("services");
  if (list == nullptr) return;
  if (list->empty()) {
    r.Add("services",
          "an empty list would match no service: leave services out (or write "
          "[\"*\"]) for every service");
    return;
  }
  bool every = false;
  std::set<std::string> seen;
  size_t i = 0;
  for (const toml::node& item : *list) {
    const std::string path = r.PathOf("services") + "[" + std::to_string(i++) + "]";
    const auto* s = item.as_string();
    if (s == nullptr) {
      r.mistakes().Add(item.source(), path,
                       "should be a string, not " + std::string(TypeName(item.type())));
      continue;
    }
    const std::string code = Trim(s->get());
    if (code == "*") {
      every = true;
    } else if (city.FindService(code) == nullptr) {
      r.mistakes().Add(item.source(), path,
                       "unknown service \"" + code +
                           "\": use a [[services]] code, or leave services out for every service");
    } else if (!seen.insert(code).second) {
      r.mistakes().Add(item.source(), path, "\"" + code + "\" is listed twice");
    } else {
      t.services.push_back(code);
    }
  }
  if (every && list->size() > 1) {
    r.Add("services", "\"*\" already means every service: list either \"*\" or service codes");
  }
  if (every) t.services.clear();
}

// The wording: required for `text`, optional for `text_es`; at most kMaxTemplateTextBytes.
std::string ReadWording(const TableReader& r, std::string_view key, Need need) {
  std::string text = r.Text(key, need);
  if (text.size() > kMaxTemplateTextBytes) {
    std::string problem = "is ";
    problem += std::to_string(text.size());
    problem += " bytes long; a note holds at most ";
    problem += std::to_string(kMaxTemplateTextBytes);
    r.Add(key, std::move(problem));
  }
  return text;
}

ResponseTemplate ReadTemplate(const TableReader& r, const City& city) {
  ResponseTemplate t;
  t.id = r.Text("id", Need::kRequired);
  if (!t.id.empty()) {
    if (auto problem = IdProblem(t.id)) r.Add("id", *problem);
  }
  t.title = r.Text("title", Need::kRequired);
  if (t.title.size() > kMaxTitleBytes) {
    r.Add("title", "is a button label: keep it to 80 bytes (put the wording in text)");
  }
  ReadState(r, t);
  ReadServiceCodes(r, city, t);
  t.text = ReadWording(r, "text", Need::kRequired);
  t.text_es = ReadWording(r, "text_es", Need::kOptional);
  return t;
}

}  // namespace

void ReadResponseTemplates(const TableReader& root, City& city) {
  std::map<std::string, const toml::source_region*> ids;
  ForEachTable(root, "response_templates", Need::kOptional,
               [&](const toml::table& table, std::string path, size_t) {
                 TableReader r(table, std::move(path), root.mistakes(),
                               {"id", "title", "state", "services", "text", "text_es"});
                 ResponseTemplate t = ReadTemplate(r, city);
                 if (!t.id.empty()) {
                   if (auto [it, fresh] = ids.emplace(t.id, &r.Where("id")); !fresh)
                     r.Add("id", "duplicate template id \"" + t.id + "\" (first used on " +
                                     LineOf(*it->second) + ")");
                 }
                 r.Finish();
                 city.response_templates.push_back(std::move(t));
               });
}

}  // namespace civic311::config
