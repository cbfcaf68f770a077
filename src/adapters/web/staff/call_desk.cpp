// The call-centre desk (/staff/desk): look a caller's request up, answer their question from the
// knowledge base (recorded as an information contact: an audit entry "info_contact" with the
// channel, the article and the language — no request created), or file a request for them
// through the one SubmitRequest use case (WorkflowService::CreateRequest, create_on_behalf) and
// read the tracking number and expected date back.
#include <algorithm>

#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/handlers.hpp"
#include "app/knowledge_base.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

constexpr std::string_view kDeskChannels[] = {"phone", "email", "walk_in"};

Timestamp Now() {
  return std::chrono::time_point_cast<Timestamp::duration>(std::chrono::system_clock::now());
}

std::string KbLang(const std::string& lang) { return lang == "es" ? "es" : "en"; }

json::array Answers(const D& d, std::string_view q, const std::string& lang) {
  json::array out;
  if (d.knowledge == nullptr || q.empty()) return out;
  auto hits = d.knowledge->Search(q, lang, 5);
  if (hits.ok() && hits->empty()) hits = d.knowledge->Suggest(q, lang, 5);
  if (!hits.ok()) return out;
  for (const ArticleHit& h : *hits) {
    out.push_back(json::object{{"slug", h.slug}, {"title", h.title}, {"summary", h.summary}});
  }
  return out;
}

struct CreateForm {
  std::string error;
  json::object values;
  json::object field_errors;
};

http::Response RenderDeskPage(const D& d, const StaffVisit& s, const http::Request& req,
                              CreateForm form, int status) {
  const PortalDeps& w = *d.web;
  const std::string& lang = s.visit.lang;
  const auto& m = *w.messages;
  json::object view = ConsoleView(d, s, req, m.Get(lang, "staff_desk_title"));
  const Timestamp now = Now();
  // Look-up: a tracking number opens that request; other words search the staff list.
  const std::string find(req.Param("find"));
  view["find_value"] = find;
  if (!find.empty()) {
    json::array found;
    StaffQuery q;
    if (auto id = portal::ParseId(find)) {
      auto r = w.workflow->Get(s.actor, *id);
      if (r.ok()) {
        found.push_back(json::object{{"id", r->id},
                                     {"service", r->service_name},
                                     {"state_label", portal::StateWords(w, lang, r->state)},
                                     {"address", r->address},
                                     {"age", portal::FormatAge(w, lang, now, r->requested_at)}});
      }
    } else {
      q.text = find;
      q.limit = 20;
      if (auto rows = w.workflow->ListItems(s.actor, q); rows.ok()) {
        for (const StaffListItem& item : *rows) {
          const ServiceRequest& r = item.request;
          found.push_back(json::object{{"id", r.id},
                                       {"service", r.service_name},
                                       {"state_label", portal::StateWords(w, lang, r.state)},
                                       {"address", r.address},
                                       {"age", portal::FormatAge(w, lang, now, r.requested_at)}});
        }
      }
    }
    view["found"] = std::move(found);
    view["searched"] = true;
  }
  // Answers for the caller's words (the script refreshes them while the agent types).
  const std::string ask(req.Param("ask"));
  view["ask_value"] = ask;
  view["kb_ready"] = d.knowledge != nullptr;
  view["answers"] = Answers(d, ask, KbLang(lang));
  if (auto a = req.Param("answered"); !a.empty()) {
    view["flash"] = m.Format(lang, "staff_answered_recorded", {{"slug", std::string(a)}});
  }
  // The read-back after filing a request for the caller.
  if (auto created = portal::ParseId(req.Param("created"))) {
    if (auto r = w.workflow->Get(s.actor, *created); r.ok()) {
      view["created"] =
          json::object{{"id", r->id},
                       {"service", r->service_name},
                       {"expected", r->expected_at ? portal::FormatDate(w, lang, *r->expected_at)
                                                   : std::string(m.Get(lang, "staff_no_target"))}};
    }
  }
  json::array services;
  const std::string chosen = form.values.contains("service_code")
                                 ? std::string(form.values["service_code"].as_string())
                                 : std::string(req.Param("service_code"));
  for (const Service& svc : w.city->services) {
    if (!svc.takes_reports) continue;
    services.push_back(json::object{{"code", svc.code},
                                    {"name", svc.name},
                                    {"emergency", svc.emergency},
                                    {"selected", svc.code == chosen}});
  }
  view["services"] = std::move(services);
  // The chosen service's questions (variable attributes), as the portal's details step asks
  // them: lists as choices, the rest as text. Shown once a service is chosen (after a submit
  // that lacked them, or ?service_code=).
  json::array attributes;
  if (const Service* svc = w.city->FindService(chosen)) {
    for (const Attribute& a : svc->attributes) {
      if (!a.variable) continue;
      const std::string field = "attribute[" + a.code + "]";
      const std::string current = form.values.contains(field)
                                      ? std::string(form.values[field].as_string())
                                      : std::string(req.Param(field));
      json::array choices;
      for (const AttributeValue& v : a.values) {
        choices.push_back(
            json::object{{"key", v.key}, {"name", v.name}, {"selected", v.key == current}});
      }
      attributes.push_back(json::object{
          {"field", field},
          {"id", "attr-" + a.code},
          {"question", a.description},
          {"required", a.required},
          {"value", current},
          {"is_list", !a.values.empty()},
          {"choices", std::move(choices)},
          {"error", form.field_errors.contains(field) ? form.field_errors[field] : json::value()}});
    }
  }
  view["attributes"] = std::move(attributes);
  json::array channels;
  const std::string channel =
      form.values.contains("channel") ? std::string(form.values["channel"].as_string()) : "phone";
  for (std::string_view c : kDeskChannels) {
    channels.push_back(json::object{{"code", c},
                                    {"label", m.Get(lang, "staff_channel_" + std::string(c))},
                                    {"selected", c == channel}});
  }
  view["channels"] = std::move(channels);
  view["v"] = std::move(form.values);
  view["err"] = std::move(form.field_errors);
  if (!form.error.empty()) view["error"] = form.error;
  return RenderConsole(d, s, req, "desk", std::move(view), status);
}

}  // namespace

http::Response GetDesk(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  return RenderDeskPage(d, *s, req, {}, 200);
}

http::Response GetDeskAnswers(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  return portal::Json(json::object{{"answers", Answers(d, req.Param("q"), KbLang(s->visit.lang))}});
}

http::Response PostAnswered(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const std::string slug(req.Param("slug"));
  std::string channel(req.Param("channel"));
  if (std::find(std::begin(kDeskChannels), std::end(kDeskChannels), channel) ==
      std::end(kDeskChannels)) {
    channel = "phone";
  }
  // Only an article that exists is recorded as the answer (slugs are [a-z0-9-]{1,80}).
  const bool slug_ok =
      !slug.empty() && slug.size() <= 80 && std::all_of(slug.begin(), slug.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      });
  const std::string article_lang = KbLang(std::string(req.Param("caller_lang")));
  bool known = false;
  if (slug_ok && d.knowledge != nullptr) {
    auto a = d.knowledge->Get(slug, article_lang);
    if (a.ok() && !a->has_value() && article_lang != "en") a = d.knowledge->Get(slug, "en");
    known = a.ok() && a->has_value();
  }
  if (!known || d.audit == nullptr) {
    return portal::ErrorPage(*d.web, req, 400,
                             d.web->messages->Get(s->visit.lang, "staff_bad_action"));
  }
  json::object detail{{"channel", channel}, {"article", slug}, {"lang", article_lang}};
  AuditEntry e{0,
               Now(),
               s->actor.user_id,
               "info_contact",
               HomeDepartment(s->actor),
               std::nullopt,
               json::serialize(detail)};
  if (Status st = d.audit->AppendAudit(e); !st.ok())
    return portal::ErrorPage(*d.web, req, st.error());
  return portal::Redirect("/staff/desk?answered=" + slug);
}

http::Response PostDeskCreate(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  SubmissionInput in;
  in.service_code = std::string(req.Param("service_code"));
  in.address_string = std::string(req.Param("address_string"));
  in.description = std::string(req.Param("description"));
  in.first_name = std::string(req.Param("first_name"));
  in.last_name = std::string(req.Param("last_name"));
  in.phone = std::string(req.Param("phone"));
  in.email = std::string(req.Param("email"));
  const std::string channel(req.Param("channel"));
  for (const auto& [k, v] : req.form) {
    // attribute[CODE] (and attribute[CODE][] for several values), as the portal posts them.
    if (!k.starts_with("attribute[") || k.size() < 12) continue;
    std::string code = k.substr(10, k.find(']') - 10);
    if (!code.empty()) in.attributes.emplace_back(std::move(code), v);
  }
  in.channel = channel == "email"     ? Channel::kEmail
               : channel == "walk_in" ? Channel::kWalkIn
                                      : Channel::kPhone;
  const std::string locale = req.Param("caller_lang") == "es" ? "es" : "en";
  auto created = d.web->workflow->CreateRequest(s->actor, in, std::nullopt, locale);
  if (created.ok()) {
    return portal::Redirect("/staff/desk?created=" + std::to_string(created->id));
  }
  CreateForm form;
  for (const char* k : {"service_code", "address_string", "description", "first_name", "last_name",
                        "phone", "email", "channel", "caller_lang"}) {
    form.values[k] = std::string(req.Param(k));
  }
  for (const auto& [k, v] : req.form) {
    if (k.starts_with("attribute[")) form.values[k] = v;
  }
  form.values["caller_es"] = req.Param("caller_lang") == "es";
  const Error& e = created.error();
  form.error = e.fields.empty() ? e.message : "";
  for (const FieldError& f : e.fields) {
    form.field_errors[f.field] = f.message;
    form.error += (form.error.empty() ? "" : " ") + f.field + ": " + f.message + ".";
  }
  return RenderDeskPage(d, *s, req, std::move(form),
                        e.code == ErrorCode::kPermissionDenied ? 403 : 400);
}

}  // namespace civic311::console
