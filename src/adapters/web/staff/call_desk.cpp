// The call-centre desk (/staff/desk): look a caller up (desk_lookup.cpp), answer their question
// from the knowledge base (recorded as an information contact: an audit entry "info_contact"
// with the channel, the article and the language — no request created), add information to an
// existing request by its number (the workflow's add_info action), or file a request for them
// with the portal's own steps (report_submit.hpp: attributes, address or a gazetteer place,
// photos) through the one SubmitRequest use case (WorkflowService::CreateRequest,
// create_on_behalf), and read the tracking number and expected date back.
#include <algorithm>
#include <map>
#include <span>

#include "adapters/web/portal/report_submit.hpp"
#include "adapters/web/portal/report_views.hpp"
#include "adapters/web/staff/attribute_groups.hpp"
#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/handlers.hpp"
#include "app/knowledge_base.hpp"
#include "app/live_feed.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

// How a caller reached the city (Channel names); the first is the default.
constexpr std::string_view kDeskChannels[] = {"phone", "email", "fax", "tty", "walk_in"};
// How the caller wants to hear of progress: which of the contact details are kept for updates.
constexpr std::string_view kUpdatePrefs[] = {"both", "email", "sms", "none"};

Timestamp Now() {
  return std::chrono::time_point_cast<Timestamp::duration>(std::chrono::system_clock::now());
}

std::string KbLang(std::string_view lang) { return lang == "es" ? "es" : "en"; }

template <std::size_t N>
std::string OneOf(std::string_view value, const std::string_view (&allowed)[N]) {
  for (std::string_view a : allowed) {
    if (a == value) return std::string(a);
  }
  return std::string(allowed[0]);
}

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

// What the desk's forms hold between a submit and the page that answers it.
struct DeskForms {
  portal::Draft draft;
  std::string channel = "phone";
  std::string caller_lang = "en";
  std::string updates = "both";
  std::map<std::string, std::string> errors;  // by field
  std::string error;                          // the create form's summary
  json::array places;                         // gazetteer matches to pick from
  bool searched_places = false;
  // Add information by number.
  std::string info_number, info_text, info_error;

  static DeskForms From(const http::Request& req) {
    DeskForms f;
    f.draft = portal::Draft::From(req);
    f.channel = OneOf(req.Param("channel"), kDeskChannels);
    f.caller_lang = KbLang(req.Param("caller_lang"));
    f.updates = OneOf(req.Param("updates"), kUpdatePrefs);
    return f;
  }
};

json::array Choices(const D& d, const std::string& lang, std::string_view prefix,
                    std::span<const std::string_view> values, std::string_view current) {
  json::array out;
  for (std::string_view c : values) {
    out.push_back(
        json::object{{"code", c},
                     {"label", d.web->messages->Get(lang, std::string(prefix) + std::string(c))},
                     {"selected", c == current}});
  }
  return out;
}

http::Response RenderDeskPage(const D& d, const StaffVisit& s, const http::Request& req,
                              const DeskForms& f, int status) {
  const PortalDeps& w = *d.web;
  const std::string& lang = s.visit.lang;
  const auto& m = *w.messages;
  json::object view = ConsoleView(d, s, req, m.Get(lang, "staff_desk_title"));
  AddDeskLookup(d, s, req, &view);
  // Answers for the caller's words (the script refreshes them while the agent types).
  const std::string ask(req.Param("ask"));
  view["ask_value"] = ask;
  view["kb_ready"] = d.knowledge != nullptr;
  view["answers"] = Answers(d, ask, KbLang(lang));
  if (auto a = req.Param("answered"); !a.empty()) {
    view["flash"] = m.Format(lang, "staff_answered_recorded", {{"slug", std::string(a)}});
  }
  if (auto added = portal::ParseId(req.Param("info_added"))) {
    view["flash"] = m.Format(lang, "calldesk_info_added", {{"id", std::to_string(*added)}});
    view["info_added_id"] = *added;
  }
  view["add_info"] = json::object{{"number", f.info_number},
                                  {"text", f.info_text},
                                  {"error", f.info_error},
                                  {"has_error", !f.info_error.empty()}};
  // The read-back after filing a request for the caller.
  if (auto created = portal::ParseId(req.Param("created"))) {
    if (auto r = w.workflow->Get(s.actor, *created); r.ok()) {
      view["created"] =
          json::object{{"id", r->id},
                       {"service", r->service_name},
                       {"emergency", r->emergency},
                       {"expected", r->expected_at ? portal::FormatDate(w, lang, *r->expected_at)
                                                   : std::string(m.Get(lang, "staff_no_target"))}};
    }
  }
  json::array services;
  bool emergency_chosen = false;
  for (const Service& svc : w.city->services) {
    if (!svc.takes_reports) continue;
    const bool selected = svc.code == f.draft.service_code;
    emergency_chosen = emergency_chosen || (selected && svc.emergency);
    services.push_back(json::object{{"code", svc.code},
                                    {"name", svc.name},
                                    {"emergency", svc.emergency},
                                    {"selected", selected}});
  }
  view["services"] = std::move(services);
  view["emergency_chosen"] = emergency_chosen;
  view["attribute_groups"] = AttributeGroups(*w.city, f.draft, f.errors, "s-",
                                             [](const Service& sv) { return sv.takes_reports; });
  view["channels"] = Choices(d, lang, "calldesk_channel_", kDeskChannels, f.channel);
  view["update_prefs"] = Choices(d, lang, "calldesk_updates_", kUpdatePrefs, f.updates);
  view["caller_es"] = f.caller_lang == "es";
  const portal::Draft& dr = f.draft;
  json::array photos;
  for (const std::string& p : dr.photos) photos.push_back(json::object{{"name", p}});
  view["v"] = json::object{{"address_string", dr.address},
                           {"lat", dr.lat},
                           {"lon", dr.lon},
                           {"description", dr.description},
                           {"first_name", dr.first_name},
                           {"last_name", dr.last_name},
                           {"phone", dr.phone},
                           {"email", dr.email},
                           {"photos", std::move(photos)},
                           {"has_photos", !dr.photos.empty()},
                           {"photo_count", dr.photos.size()}};
  view["has_media"] = w.media != nullptr;
  view["has_geocoder"] = w.geocoder != nullptr;
  view["placed"] = !dr.lat.empty();
  view["searched_places"] = f.searched_places;
  view["has_places"] = !f.places.empty();
  view["places"] = f.places;
  json::object err;
  for (const auto& [k, v] : f.errors) err[k] = v;
  view["err"] = std::move(err);
  if (!f.error.empty()) view["error"] = f.error;
  return RenderConsole(d, s, req, "desk", std::move(view), status);
}

}  // namespace

http::Response GetDesk(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  return RenderDeskPage(d, *s, req, DeskForms::From(req), 200);
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
  const std::string channel = OneOf(req.Param("channel"), kDeskChannels);
  // Only an article that exists is recorded as the answer (slugs are [a-z0-9-]{1,80}).
  const bool slug_ok =
      !slug.empty() && slug.size() <= 80 && std::all_of(slug.begin(), slug.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      });
  const std::string article_lang = KbLang(req.Param("caller_lang"));
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

http::Response PostDeskInfo(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const auto& m = *d.web->messages;
  const std::string& lang = s->visit.lang;
  DeskForms f;
  f.info_number = std::string(req.Param("number"));
  f.info_text = std::string(req.Param("info"));
  auto id = portal::ParseId(f.info_number);
  if (!id) {
    f.info_error = m.Get(lang, "calldesk_info_bad_number");
    return RenderDeskPage(d, *s, req, f, 400);
  }
  if (f.info_text.empty()) {
    f.info_error = m.Get(lang, "calldesk_info_empty");
    return RenderDeskPage(d, *s, req, f, 400);
  }
  // The caller refers to the number, not to a version: add_info changes no state, so the version
  // read just now is the one the change is checked against.
  auto current = d.web->workflow->Get(s->actor, *id);
  Result<ServiceRequest> done =
      current.ok() ? Result<ServiceRequest>(*current) : Result<ServiceRequest>(current.error());
  if (done.ok()) {
    ActionInput in;
    in.action = Action::kAddInfo;
    in.version = current->version;
    in.text = f.info_text;
    done = d.web->workflow->Act(s->actor, *id, in);
  }
  if (!done.ok()) {
    const Error& e = done.error();
    f.info_error =
        e.code == ErrorCode::kNotFound
            ? std::string(m.Format(lang, "calldesk_info_not_found", {{"id", f.info_number}}))
            : e.message;
    const int status = e.code == ErrorCode::kNotFound           ? 404
                       : e.code == ErrorCode::kPermissionDenied ? 403
                       : e.code == ErrorCode::kConflict         ? 409
                                                                : 400;
    return RenderDeskPage(d, *s, req, f, status);
  }
  if (d.live != nullptr) d.live->Nudge();
  return portal::Redirect("/staff/desk?info_added=" + std::to_string(*id));
}

http::Response PostDeskCreate(const D& d, const http::Request& req) {
  http::Response refusal;
  auto s = Enter(d, req, &refusal);
  if (!s) return refusal;
  const PortalDeps& w = *d.web;
  const std::string& lang = s->visit.lang;
  DeskForms f = DeskForms::From(req);
  std::vector<FieldError> problems;
  portal::AcceptUploads(w, req, f.draft, problems);
  for (const FieldError& p : problems) f.errors[p.field] = p.message;
  if (std::string_view place = req.Param("place"); !place.empty()) {
    portal::ApplyPlace(place, f.draft);
  }
  // "Find the address" (no script needed): the same form again with the gazetteer's matches.
  if (req.Param("find_place") == "1") {
    f.searched_places = true;
    if (w.geocoder != nullptr && !f.draft.address.empty()) {
      f.draft.lat.clear();
      f.draft.lon.clear();
      if (auto found = w.geocoder->Search(f.draft.address, 8); found.ok()) {
        f.places = portal::PlacesView(*found);
      }
    }
    return RenderDeskPage(d, *s, req, f, 200);
  }
  if (req.Param("pick") == "1" || !problems.empty()) {
    return RenderDeskPage(d, *s, req, f, problems.empty() ? 200 : 400);
  }
  // The caller's choice of updates keeps only the details they are to be reached by: the
  // notifications write to every address a request holds (app/request_events.cpp).
  if (f.updates == "email" || f.updates == "none") f.draft.phone.clear();
  if (f.updates == "sms" || f.updates == "none") f.draft.email.clear();
  SubmissionInput in;
  auto media = portal::PrepareSubmission(w, req, f.draft, &in);
  if (!media.ok()) return portal::ErrorPage(w, req, media.error());
  in.channel = ParseChannel(f.channel).value_or(Channel::kPhone);
  auto created = w.workflow->CreateRequest(s->actor, in, std::nullopt, f.caller_lang,
                                           std::move(media).value());
  if (created.ok()) {
    if (d.live != nullptr) d.live->Nudge();
    return portal::Redirect("/staff/desk?created=" + std::to_string(created->id));
  }
  const Error& e = created.error();
  f.error = e.fields.empty() ? e.message : "";
  for (const FieldError& fe : e.fields) {
    f.errors[fe.field] = portal::FieldWords(w, lang, fe);
    f.error += (f.error.empty() ? "" : " ") + fe.field + ": " + fe.message + ".";
  }
  return RenderDeskPage(d, *s, req, f, e.code == ErrorCode::kPermissionDenied ? 403 : 400);
}

}  // namespace civic311::console
