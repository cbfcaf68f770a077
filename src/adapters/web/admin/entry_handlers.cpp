// One editor for every section with a form (sections.hpp): the list of a section's entries, the
// form of one entry, and saving it. A save builds the entry's TOML from the form, puts it into
// the current document (config_document.hpp keeps the operator's text around it), and hands the
// whole document to ConfigAdmin — so the form is validated exactly like the file, and each
// mistake comes back with its setting's path, which is the form field's name.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include "adapters/config/config_document.hpp"
#include "adapters/web/admin/admin_page.hpp"
#include "adapters/web/admin/handlers.hpp"
#include "adapters/web/admin/sections.hpp"

namespace civic311::admin {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxSubEntries = 50;

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ',' || c == '\n') {
      if (auto t = Trim(cur); !t.empty()) out.push_back(t);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (auto t = Trim(cur); !t.empty()) out.push_back(t);
  return out;
}

bool IsInteger(std::string_view t) {
  long long v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  return !t.empty() && ec == std::errc() && end == t.data() + t.size();
}

// One TOML line for a field's form text; empty when the field is not set.
std::string Emit(const Field& f, const std::string& value) {
  const std::string t = f.kind == Kind::kLong ? value : Trim(value);
  switch (f.kind) {
    case Kind::kBool: {
      const bool on = t == "true" || t == "on";
      if (on == f.default_true) return "";
      return f.key + (on ? " = true\n" : " = false\n");
    }
    case Kind::kInteger:
      if (t.empty()) return "";
      return f.key + " = " + (IsInteger(t) ? t : config::Quote(t)) + "\n";
    case Kind::kList: {
      const auto words = Words(t);
      if (words.empty()) return "";
      std::string out = f.key + " = [";
      for (std::size_t i = 0; i < words.size(); ++i)
        out += (i ? ", " : "") + config::Quote(words[i]);
      return out + "]\n";
    }
    case Kind::kChoices: {
      std::string out;
      std::string line;
      std::istringstream in(t);
      while (std::getline(in, line)) {
        line = Trim(line);
        if (line.empty()) continue;
        const auto eq = line.find('=');
        const std::string key = Trim(line.substr(0, eq));
        const std::string name = eq == std::string::npos ? key : Trim(line.substr(eq + 1));
        out += (out.empty() ? "" : ", ") + std::string("{ key = ") + config::Quote(key) +
               ", name = " + config::Quote(name) + " }";
      }
      return out.empty() ? "" : f.key + " = [" + out + "]\n";
    }
    default: {
      std::string text = t;
      if (f.kind == Kind::kLong) {  // browsers send CRLF
        std::erase(text, '\r');
        if (Trim(text).empty()) return "";
      }
      return text.empty() ? "" : f.key + " = " + config::Quote(text) + "\n";
    }
  }
}

struct EntryForm {
  config::FormValues values;         // field name → text, as the form sent it
  std::size_t sub_count = 0;         // sub-entry rows on the form
  std::vector<std::size_t> emitted;  // TOML sub-entry index → form row
};

EntryForm ReadForm(const Section& sec, const http::Request& req) {
  EntryForm f;
  for (const Field& field : sec.fields) f.values[field.key] = FormValue(req, field.key);
  if (!sec.sub_array.empty()) {
    std::size_t n = 0;
    const std::string count = FormValue(req, "sub_count");
    std::from_chars(count.data(), count.data() + count.size(), n);
    f.sub_count = std::min(n, kMaxSubEntries);
    for (std::size_t i = 0; i < f.sub_count; ++i) {
      for (const Field& field : sec.sub_fields) {
        const std::string name = sec.sub_array + "[" + std::to_string(i) + "]." + field.key;
        f.values[name] = FormValue(req, name);
      }
    }
  }
  return f;
}

std::string EntryToml(const Section& sec, EntryForm& form) {
  std::string out;
  for (const Field& field : sec.fields) out += Emit(field, form.values[field.key]);
  for (std::size_t i = 0; i < form.sub_count; ++i) {
    std::string sub;
    bool blank = true;
    const std::string prefix = sec.sub_array + "[" + std::to_string(i) + "].";
    for (const Field& field : sec.sub_fields) {
      const std::string& v = form.values[prefix + field.key];
      if (field.kind != Kind::kBool && !Trim(v).empty()) blank = false;
      sub += Emit(field, v);
    }
    if (blank) continue;  // an empty row of the form
    form.emitted.push_back(i);
    out += "\n[[" + sec.sub_array + "]]\n" + sub;
  }
  return out;
}

// The mistakes of a refused document, each on the form field its path names; the rest general.
struct Placed {
  std::map<std::string, std::string> by_field;
  json::array general;
};

Placed Place(const Section& sec, const EntryForm& form, const std::string& entry_path,
             const Error& e) {
  Placed p;
  for (const FieldError& fe : e.fields) {
    const auto space = fe.field.find(' ');
    std::string path = space == std::string::npos ? "" : fe.field.substr(space + 1);
    std::string rel;
    if (path.rfind(entry_path, 0) == 0 &&
        (path.size() == entry_path.size() || path[entry_path.size()] == '.')) {
      rel = path.size() > entry_path.size() ? path.substr(entry_path.size() + 1) : "";
    } else {
      p.general.push_back(json::object{{"field", fe.field}, {"message", fe.message}});
      continue;
    }
    // attributes[k] in the stored document is row emitted[k] of the form.
    const std::string sub = sec.sub_array + "[";
    if (!sec.sub_array.empty() && rel.rfind(sub, 0) == 0) {
      std::size_t k = 0;
      const auto close = rel.find(']');
      const bool parsed =
          close != std::string::npos &&
          std::from_chars(rel.data() + sub.size(), rel.data() + close, k).ec == std::errc();
      if (parsed && k < form.emitted.size()) {
        rel = sub + std::to_string(form.emitted[k]) + rel.substr(close);
      }
    }
    std::string best;
    for (const auto& [name, value] : form.values) {
      const bool match = rel == name || (rel.rfind(name, 0) == 0 && rel.size() > name.size() &&
                                         (rel[name.size()] == '.' || rel[name.size()] == '['));
      if (match && name.size() > best.size()) best = name;
    }
    if (best.empty()) {
      p.general.push_back(
          json::object{{"field", rel.empty() ? fe.field : rel}, {"message", fe.message}});
    } else {
      std::string& slot = p.by_field[best];
      slot += (slot.empty() ? "" : " ") + fe.message;
    }
  }
  return p;
}

std::string HtmlId(const std::string& name) {
  std::string id = "f-";
  for (char c : name) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return id;
}

json::object FieldView(const A& d, const console::StaffVisit& s, const Field& f,
                       const std::string& name, const config::FormValues& values,
                       const std::map<std::string, std::string>& errors, bool fresh) {
  auto it = values.find(name);
  std::string value = it == values.end() ? "" : it->second;
  json::object v{{"name", name},
                 {"id", HtmlId(name)},
                 {"label", Word(d, s, "admin_f_" + f.key)},
                 {"key", f.key},
                 {"value", value}};
  if (auto e = errors.find(name); e != errors.end()) v["field_error"] = e->second;
  switch (f.kind) {
    case Kind::kBool:
      v["is_bool"] = true;
      v["checked"] = value == "true" || value == "on" || (fresh && value.empty() && f.default_true);
      break;
    case Kind::kLong:
    case Kind::kChoices:
      v["is_long"] = true;
      break;
    case Kind::kSelect: {
      v["is_select"] = true;
      json::array options;
      bool known = false;
      for (const std::string& o : f.options) {
        known = known || o == value;
        options.push_back(json::object{{"value", o},
                                       {"label", o.empty() ? Word(d, s, "admin_not_set") : o},
                                       {"selected", o == value}});
      }
      if (!known)
        options.push_back(json::object{{"value", value}, {"label", value}, {"selected", true}});
      v["options"] = std::move(options);
      break;
    }
    default:
      v["is_text"] = true;
  }
  if (f.kind == Kind::kChoices || f.kind == Kind::kList)
    v["hint"] = Word(d, s, f.kind == Kind::kChoices ? "admin_hint_choices" : "admin_hint_list");
  return v;
}

std::optional<std::size_t> EntryIndex(const http::Request& req) {
  if (req.path_params.size() < 2) return std::nullopt;
  const std::string& v = req.path_params[1];
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  return n;
}

http::Response EntryPage(const A& d, const console::StaffVisit& s, const http::Request& req,
                         const Section& sec, std::optional<std::size_t> index,
                         const config::FormValues& values, std::size_t sub_rows,
                         std::int64_t based_on, const Placed* placed, const Error* error) {
  const std::map<std::string, std::string> none;
  const auto& errors = placed ? placed->by_field : none;
  const bool fresh = !index && placed == nullptr;
  json::object view = AdminView(d, s, req, "admin_section_" + sec.slug);
  json::array fields;
  for (const Field& f : sec.fields)
    fields.push_back(FieldView(d, s, f, f.key, values, errors, fresh));
  view["fields"] = std::move(fields);
  if (!sec.sub_array.empty()) {
    json::array rows;
    for (std::size_t i = 0; i < sub_rows; ++i) {
      json::array sub;
      const std::string prefix = sec.sub_array + "[" + std::to_string(i) + "].";
      bool row_fresh = true;
      for (const Field& f : sec.sub_fields) row_fresh = row_fresh && !values.count(prefix + f.key);
      for (const Field& f : sec.sub_fields)
        sub.push_back(FieldView(d, s, f, prefix + f.key, values, errors, row_fresh));
      rows.push_back(json::object{{"n", i + 1}, {"fields", std::move(sub)}});
    }
    view["sub_rows"] = std::move(rows);
    view["sub_count"] = sub_rows;
    view["sub_title"] = Word(d, s, "admin_sub_" + sec.sub_array);
  }
  const std::string base = "/staff/admin/" + sec.slug;
  view["section_href"] = base;
  view["section_title"] = Word(d, s, "admin_section_" + sec.slug);
  view["action"] =
      base + "/" + (index ? std::to_string(*index) : (sec.array.empty() ? "0" : "new"));
  view["can_delete"] = index.has_value() && !sec.array.empty();
  view["delete_action"] = base + "/" + (index ? std::to_string(*index) : "") + "/delete";
  view["based_on"] = based_on;
  view["is_services"] = sec.slug == "services";
  json::array departments;
  for (const Department& dep : d.console->web->city->departments)
    departments.push_back(json::object{{"code", dep.code}, {"name", dep.name}});
  view["department_codes"] = std::move(departments);
  if (error != nullptr) {
    view["error"] = error->message;
    if (placed != nullptr) view["mistakes"] = placed->general;
  }
  return RenderAdmin(d, s, req, "admin_entry", std::move(view), error ? 400 : 200);
}

}  // namespace

http::Response GetSection(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const Section* sec = FindSection(req.path_params.front());
  if (sec == nullptr)
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_section"));
  if (sec->array.empty()) return portal::Redirect("/staff/admin/" + sec->slug + "/0");
  auto current = d.config->Current(s->actor);
  if (!current.ok()) return portal::ErrorPage(*d.console->web, req, current.error());
  auto entries = config::ReadEntries(current->toml, sec->array);
  if (!entries.ok()) return portal::ErrorPage(*d.console->web, req, entries.error());
  json::object view = AdminView(d, *s, req, "admin_section_" + sec->slug);
  json::array rows;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const config::FormValues& e = (*entries)[i];
    auto get = [&](const std::string& k) {
      auto it = e.find(k);
      return it == e.end() ? std::string() : it->second;
    };
    rows.push_back(
        json::object{{"href", "/staff/admin/" + sec->slug + "/" + std::to_string(i)},
                     {"id", sec->id_key.empty() ? std::to_string(i + 1) : get(sec->id_key)},
                     {"name", get(sec->name_key)},
                     {"extra", sec->slug == "services" ? get("department")
                               : sec->slug == "rules"  ? get("area")
                                                       : ""}});
  }
  view["entries"] = std::move(rows);
  view["new_href"] = "/staff/admin/" + sec->slug + "/new";
  view["section_title"] = Word(d, *s, "admin_section_" + sec->slug);
  view["section_help"] = Word(d, *s, "admin_help_" + sec->slug);
  return RenderAdmin(d, *s, req, "admin_section", std::move(view));
}

http::Response GetEntry(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const Section* sec = FindSection(req.path_params.front());
  if (sec == nullptr)
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_section"));
  auto current = d.config->Current(s->actor);
  if (!current.ok()) return portal::ErrorPage(*d.console->web, req, current.error());
  const auto index = EntryIndex(req);
  config::FormValues values;
  if (sec->array.empty()) {
    auto t = config::ReadTable(current->toml, sec->table);
    if (!t.ok()) return portal::ErrorPage(*d.console->web, req, t.error());
    values = std::move(*t);
  } else if (index) {
    auto entries = config::ReadEntries(current->toml, sec->array);
    if (!entries.ok()) return portal::ErrorPage(*d.console->web, req, entries.error());
    if (*index >= entries->size())
      return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_entry"));
    values = std::move((*entries)[*index]);
  } else if (req.path_params[1] != "new") {
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_entry"));
  }
  std::size_t rows = 0;
  if (!sec->sub_array.empty()) {
    while (values.count(sec->sub_array + "[" + std::to_string(rows) + "]." +
                        sec->sub_fields.front().key) ||
           values.count(sec->sub_array + "[" + std::to_string(rows) + "].description"))
      ++rows;
    rows += 1;  // one empty row to add an entry
  }
  // A yes/no whose default is "yes" is usually absent from the document: show it ticked, or
  // saving the form unchanged would write "no" (a service would stop taking reports).
  for (const Field& f : sec->fields) {
    if (f.kind == Kind::kBool && f.default_true && !values.count(f.key)) values[f.key] = "true";
  }
  for (std::size_t i = 0; i + 1 < rows; ++i) {
    const std::string prefix = sec->sub_array + "[" + std::to_string(i) + "].";
    for (const Field& f : sec->sub_fields) {
      if (f.kind == Kind::kBool && f.default_true && !values.count(prefix + f.key))
        values[prefix + f.key] = "true";
    }
  }
  return EntryPage(d, *s, req, *sec, sec->array.empty() ? std::optional<std::size_t>(0) : index,
                   values, rows, current->number, nullptr, nullptr);
}

http::Response PostEntry(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const Section* sec = FindSection(req.path_params.front());
  if (sec == nullptr)
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_section"));
  const auto index = EntryIndex(req);
  if (!index && req.path_params[1] != "new")
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_entry"));
  auto current = d.config->Current(s->actor);
  if (!current.ok()) return portal::ErrorPage(*d.console->web, req, current.error());
  EntryForm form = ReadForm(*sec, req);
  const std::string entry = EntryToml(*sec, form);
  std::vector<std::string> owned;
  for (const Field& f : sec->fields) owned.push_back(f.key);
  auto edited = sec->array.empty() ? config::PutTableKeys(current->toml, sec->table, entry, owned)
                                   : config::PutEntry(current->toml, sec->array, index, entry);
  Result<ConfigVersion> saved = Error::Internal("not saved");
  if (edited.ok()) {
    const std::string id = sec->id_key.empty() ? sec->slug : form.values[sec->id_key];
    const std::string note = sec->slug + " " + id + (index ? " changed" : " added");
    saved = d.config->Save(AuthorOf(*s), edited->doc, note, BasedOn(req));
  } else {
    saved = std::move(edited).error();
  }
  if (saved.ok()) {
    return portal::Redirect("/staff/admin/" + sec->slug +
                            "?saved=" + std::to_string(saved->number));
  }
  const std::string path = edited.ok() ? edited->path : sec->array;
  const Placed placed = Place(*sec, form, path, saved.error());
  Placed shown = placed;
  return EntryPage(d, *s, req, *sec, sec->array.empty() ? std::optional<std::size_t>(0) : index,
                   form.values, form.sub_count + (form.sub_count == form.emitted.size() ? 1 : 0),
                   BasedOn(req).value_or(0), &shown, &saved.error());
}

http::Response PostDelete(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const Section* sec = FindSection(req.path_params.front());
  const auto index = EntryIndex(req);
  if (sec == nullptr || sec->array.empty() || !index)
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_entry"));
  auto current = d.config->Current(s->actor);
  if (!current.ok()) return portal::ErrorPage(*d.console->web, req, current.error());
  auto edited = config::RemoveEntry(current->toml, sec->array, *index);
  if (!edited.ok()) return portal::ErrorPage(*d.console->web, req, edited.error());
  auto saved =
      d.config->Save(AuthorOf(*s), edited->doc,
                     sec->slug + " entry " + std::to_string(*index + 1) + " removed", BasedOn(req));
  if (!saved.ok()) return portal::ErrorPage(*d.console->web, req, saved.error());
  return portal::Redirect("/staff/admin/" + sec->slug + "?saved=" + std::to_string(saved->number));
}

}  // namespace civic311::admin
