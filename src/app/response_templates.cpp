#include "app/response_templates.hpp"

#include <algorithm>
#include <string>

namespace civic311 {
namespace {

// The parts, joined ("a" + std::string(…) trips a false -Wrestrict alarm in g++ 12).
Error TemplateError(std::initializer_list<std::string_view> parts) {
  std::string message;
  for (std::string_view p : parts) message += p;
  return Error::InvalidField("template", std::move(message));
}

std::string Quoted(std::string_view s) {
  std::string out = "\"";
  out += s;
  out += '"';
  return out;
}

}  // namespace

std::vector<ResponseTemplate> TemplatesFor(const City& city, const ServiceRequest& r) {
  const std::vector<RequestState> next = NextStates(r.state);
  std::vector<ResponseTemplate> out;
  for (const ResponseTemplate& t : city.response_templates) {
    if (!t.CoversService(r.service_code)) continue;
    if (t.IsNote() || std::find(next.begin(), next.end(), *t.state) != next.end()) out.push_back(t);
  }
  return out;
}

Result<ActionInput> WithTemplate(const City& city, const ServiceRequest& r, const ActionInput& in) {
  if (in.template_id.empty()) return in;
  const ResponseTemplate* t = FindResponseTemplate(city.response_templates, in.template_id);
  if (t == nullptr) {
    return TemplateError(
        {"no response template ", Quoted(in.template_id), " in this city's configuration"});
  }
  const std::string name = Quoted(t->id);
  const std::string action(ActionName(in.action));
  if (const auto target = TargetState(in.action)) {
    if (t->state != target) {
      const std::string to = Quoted(StateName(*target));
      return TemplateError({"template ", name, " is for ", Quoted(t->StateText()), ", but ", action,
                            " moves the request to ", to, ": pick a template for ", to});
    }
  } else if (in.action == Action::kNote) {
    if (!t->IsNote()) {
      return TemplateError({"template ", name, " is for ", Quoted(t->StateText()),
                            ": use it with the action that moves the request there, or pick a ",
                            Quoted(kNoteTemplateState), " template for a note"});
    }
  } else {
    return TemplateError(
        {"templates are public wording for notes and state changes, not for ", action});
  }
  if (!t->CoversService(r.service_code)) {
    return TemplateError({"template ", name, " is not for service ", r.service_code});
  }
  ActionInput out = in;
  if (out.text.empty()) out.text = t->text;
  return out;
}

}  // namespace civic311
