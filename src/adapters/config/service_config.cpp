#include "adapters/config/service_config.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace civic311::config {
namespace {

constexpr std::int64_t kMaxOrder = 1'000'000;

using Seen = std::map<std::string, const toml::source_region*>;  // lower-case code -> where

// Records a mistake unless `code` is valid and new (case-insensitively) in `seen`.
void CheckCode(const TableReader& r, std::string_view key, const std::string& code,
               std::string_view what, Seen& seen) {
  if (!r.table().contains(key)) return;  // already reported as missing
  if (auto problem = CodeProblem(code)) {
    r.Add(key, *problem);
  } else if (auto [it, fresh] = seen.emplace(Lower(code), &r.Where(key)); !fresh) {
    r.Add(key, "duplicate " + std::string(what) + " \"" + code + "\" (first used on " +
                   LineOf(*it->second) +
                   "); give each its own code (codes must differ in more than letter case)");
  }
}

std::vector<AttributeValue> ReadValues(const TableReader& r) {
  std::vector<AttributeValue> values;
  Seen keys;
  ForEachTable(r, "values", Need::kOptional, [&](const toml::table& t, std::string path, size_t) {
    TableReader v(t, std::move(path), r.mistakes(), {"key", "name"});
    AttributeValue value;
    value.key = v.String("key", Need::kRequired).value_or("");
    CheckCode(v, "key", value.key, "value key", keys);
    value.name = v.Text("name", Need::kRequired);
    v.Finish();
    values.push_back(std::move(value));
  });
  return values;
}

bool IsList(AttributeDatatype d) {
  return d == AttributeDatatype::kSingleValueList || d == AttributeDatatype::kMultiValueList;
}

Attribute ReadAttribute(const TableReader& r, size_t index, Seen& codes) {
  Attribute a;
  a.code = r.String("code", Need::kRequired).value_or("");
  CheckCode(r, "code", a.code, "attribute code", codes);
  a.description = r.Text("description", Need::kRequired);
  a.datatype_description = r.Text("datatype_description");
  a.variable = r.Bool("variable").value_or(true);
  a.required = r.Bool("required").value_or(false);
  if (!a.variable && a.required) {
    r.Add("required",
          "an informational attribute (variable = false) takes no input, so it cannot be "
          "required; remove required = true or set variable = true");
  }
  a.order = static_cast<int>(index + 1);
  if (auto order = r.Integer("order")) {
    if (*order < 0 || *order > kMaxOrder) {
      r.Add("order", "should be between 0 and " + std::to_string(kMaxOrder));
    } else {
      a.order = static_cast<int>(*order);
    }
  }

  std::optional<AttributeDatatype> datatype;
  if (auto name = r.String("datatype", Need::kRequired)) {
    datatype = ParseDatatype(Lower(Trim(*name)));
    if (!datatype) {
      r.Add("datatype", "\"" + *name +
                            "\" is not an Open311 datatype: use string, number, datetime, text, "
                            "singlevaluelist or multivaluelist");
    }
  }
  const toml::node* values = r.table().get("values");
  a.values = ReadValues(r);
  ForEachLanguage(r, "i18n", [&](const std::string& lang, const toml::table& t, std::string path) {
    TableReader tr(t, std::move(path), r.mistakes(),
                   {"description", "datatype_description", "values"});
    AttributeText text;
    text.description = tr.Text("description");
    text.datatype_description = tr.Text("datatype_description");
    if (const toml::table* labels = tr.Table("values")) {
      for (const auto& [key, label] : *labels) {
        const std::string k(key.str());
        const bool known = std::any_of(a.values.begin(), a.values.end(),
                                       [&](const AttributeValue& v) { return v.key == k; });
        if (!known) {
          tr.Add("values", "\"" + k + "\" is not one of this attribute's value keys");
        } else if (auto v = label.value<std::string>(); v && !Trim(*v).empty()) {
          text.values[k] = Trim(*v);
        } else {
          tr.Add("values", "the label of \"" + k + "\" should be a non-empty string");
        }
      }
    }
    tr.Finish();
    a.i18n[lang] = std::move(text);
  });
  if (datatype) {
    a.datatype = *datatype;
    const bool no_values = values == nullptr || (values->is_array() && values->as_array()->empty());
    if (IsList(*datatype) && no_values) {
      r.Add(values != nullptr ? "values" : "datatype",
            std::string("a ") + DatatypeName(*datatype) +
                " attribute needs a list of choices: add values = [{ key = \"…\", name = \"…\" }, "
                "…]");
    } else if (!IsList(*datatype) && values != nullptr) {
      r.Add("values", std::string("only singlevaluelist and multivaluelist attributes take "
                                  "values; remove them or change the datatype (now ") +
                          DatatypeName(*datatype) + ")");
    }
  }
  r.Finish();
  return a;
}

std::string DepartmentCodes(const City& city) {
  std::string out;
  for (const auto& d : city.departments) {
    if (!out.empty()) out += ", ";
    out += d.code;
  }
  return out.empty() ? "(none defined)" : out;
}

Service ReadService(const TableReader& r, const City& city, Seen& codes) {
  Service s;
  s.code = r.String("code", Need::kRequired).value_or("");
  CheckCode(r, "code", s.code, "service code", codes);
  s.name = r.Text("name", Need::kRequired);
  s.description = Trim(r.String("description").value_or(""));
  s.group = r.Text("group");
  if (auto keywords = r.StringList("keywords")) {
    for (const auto& k : *keywords) {
      if (Trim(k).empty()) {
        r.Add("keywords", "contains an empty keyword");
      } else {
        s.keywords.push_back(Trim(k));
      }
    }
  }
  if (auto type = r.String("type")) {
    if (auto t = ParseServiceType(Lower(Trim(*type)))) {
      s.type = *t;
    } else {
      r.Add("type", "\"" + *type +
                        "\" is not a service type: use \"realtime\", \"batch\" or "
                        "\"blackbox\"");
    }
  }
  if (auto sla = r.String("sla")) {
    auto target = ParseSlaTarget(*sla);
    if (target.ok()) {
      s.sla = *target;
    } else {
      r.Add("sla", target.error().message);
    }
  }
  s.emergency = r.Bool("emergency").value_or(false);
  s.service_notice = Trim(r.String("service_notice").value_or(""));
  s.takes_reports = r.Bool("takes_reports").value_or(true);
  if (!s.takes_reports && s.service_notice.empty()) {
    r.Add("takes_reports",
          "a service that takes no reports needs a service_notice saying where to go instead");
  }

  // Emergencies are routed to the dispatch department, so theirs may be left out.
  const Need need_department = s.emergency ? Need::kOptional : Need::kRequired;
  if (auto department = r.String("department", need_department)) {
    s.department_code = *department;
    if (city.FindDepartment(*department) == nullptr) {
      r.Add("department",
            "unknown department \"" + *department +
                "\": use the code of one of the [[departments]]: " + DepartmentCodes(city));
    }
  }
  if (s.emergency) {
    if (!city.dispatch_department) {
      r.Add("emergency",
            "emergency services are routed to the dispatch department, but no department has "
            "dispatch = true: add it to your police/911 department");
    } else if (s.department_code.empty()) {
      s.department_code = *city.dispatch_department;
    }
    if (s.service_notice.empty()) s.service_notice = std::string(kDefaultEmergencyNotice);
  }

  ForEachLanguage(r, "i18n", [&](const std::string& lang, const toml::table& t, std::string path) {
    TableReader tr(t, std::move(path), r.mistakes(),
                   {"name", "description", "group", "service_notice", "keywords"});
    ServiceText text;
    text.name = tr.Text("name");
    text.description = tr.Text("description");
    text.group = tr.Text("group");
    text.service_notice = tr.Text("service_notice");
    // Keywords in the language join the service's own: search finds it in every language.
    if (auto keywords = tr.StringList("keywords")) {
      for (const auto& k : *keywords) {
        if (!Trim(k).empty()) s.keywords.push_back(Trim(k));
      }
    }
    tr.Finish();
    s.i18n[lang] = std::move(text);
  });

  Seen attribute_codes;
  std::map<int, const toml::source_region*> orders;
  ForEachTable(
      r, "attributes", Need::kOptional, [&](const toml::table& t, std::string path, size_t index) {
        TableReader a(t, std::move(path), r.mistakes(),
                      {"code", "datatype", "description", "required", "order", "variable",
                       "datatype_description", "values", "i18n"});
        Attribute attribute = ReadAttribute(a, index, attribute_codes);
        const toml::source_region& at = t.contains("order") ? a.Where("order") : t.source();
        if (auto [it, fresh] = orders.emplace(attribute.order, &at); !fresh) {
          r.mistakes().Add(at, a.PathOf("order"),
                           "order " + std::to_string(attribute.order) +
                               " is already taken by another attribute of this service (" +
                               LineOf(*it->second) +
                               "); give each attribute its own order (attributes without "
                               "one get their position: 1, 2, …)");
        }
        s.attributes.push_back(std::move(attribute));
      });
  std::stable_sort(s.attributes.begin(), s.attributes.end(),
                   [](const Attribute& x, const Attribute& y) { return x.order < y.order; });
  r.Finish();
  return s;
}

}  // namespace

void ReadServices(const TableReader& root, City& city) {
  Seen codes;
  ForEachTable(root, "services", Need::kRequired,
               [&](const toml::table& t, std::string path, size_t) {
                 TableReader r(
                     t, std::move(path), root.mistakes(),
                     {"code", "name", "description", "group", "keywords", "department", "type",
                      "sla", "emergency", "service_notice", "takes_reports", "attributes", "i18n"});
                 city.services.push_back(ReadService(r, city, codes));
               });
  const toml::array* all = root.table().get_as<toml::array>("services");
  if (all != nullptr && all->empty()) root.Add("services", "add at least one [[services]] section");
}

}  // namespace civic311::config
