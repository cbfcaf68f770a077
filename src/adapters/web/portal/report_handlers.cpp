// /report: the steps of reporting a problem, the submission and the confirmation.
#include <algorithm>
#include <cctype>
#include <set>

#include "adapters/web/portal/handlers.hpp"
#include "adapters/web/portal/page.hpp"
#include "adapters/web/portal/report_draft.hpp"
#include "adapters/web/portal/report_submit.hpp"
#include "adapters/web/portal/report_views.hpp"
#include "app/geocoder.hpp"
#include "app/knowledge_base.hpp"
#include "app/media_service.hpp"

namespace civic311::portal {
namespace json = boost::json;
namespace {

// A gazetteer match this good places a typed address on the map (Place::score, 1 = exact).

std::string FieldId(std::string_view field) {
  if (field.starts_with("attribute[")) {
    std::string_view code = field.substr(10);
    if (auto end = code.find(']'); end != std::string_view::npos) code = code.substr(0, end);
    return "attr-" + std::string(code);
  }
  if (field == "lat" || field == "long") return "address_string";
  return std::string(field);
}

json::object ServiceView(const Service& s) {
  std::string terms = s.name + " " + s.group + " " + s.description;
  for (const auto& k : s.keywords) terms += " " + k;
  std::transform(terms.begin(), terms.end(), terms.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return json::object{{"code", s.code},
                      {"name", s.name},
                      {"description", s.description},
                      {"group", s.group},
                      {"emergency", s.emergency},
                      {"notice", s.service_notice},
                      {"takes_reports", s.takes_reports},
                      {"terms", terms}};
}

std::vector<FieldError> Validate(const D& d, const Visit& v, Step step, const Draft& draft) {
  std::vector<FieldError> out;
  const std::string_view lang = v.lang;
  if (step == Step::kWhat) {
    if (d.city->FindService(draft.service_code) == nullptr) {
      out.push_back({"service_code", std::string(d.messages->Get(lang, "err_choose_service"))});
    }
    return out;
  }
  if (step == Step::kWhere && draft.lat.empty() && draft.address.empty()) {
    out.push_back({"address_string", std::string(d.messages->Get(lang, "err_where"))});
    return out;
  }
  if (step == Step::kAbout && d.city->portal.require_account && !v.actor) {
    out.push_back({"email", std::string(d.messages->Get(lang, "err_account_required"))});
  }
  if (step == Step::kPhotos || step == Step::kReview) return out;
  auto checked = ValidateSubmission(draft.ToSubmission(), *d.city);
  if (checked.ok()) return out;
  for (const FieldError& f : checked.error().fields) {
    if (StepOfField(f.field) == step) out.push_back({f.field, FieldWords(d, lang, f)});
  }
  if (out.empty() && checked.error().fields.empty() && step == Step::kDetails) {
    out.push_back({"description", checked.error().message});
  }
  return out;
}

http::Response RenderStep(const D& d, const Visit& v, const http::Request& req, Step step,
                          const Draft& draft, const std::vector<FieldError>& errors,
                          json::array places = {}) {
  const std::string_view lang = v.lang;
  const Service* service = v.city->FindService(draft.service_code);
  json::object view =
      BaseView(d, v, req, d.messages->Get(lang, "step_title_" + std::string(StepName(step))));
  view["step_" + std::string(StepName(step))] = true;
  view["step"] = StepName(step);
  view["progress"] = Progress(d, lang, step);
  view["hidden"] = draft.Hidden(step);
  std::map<std::string, std::string> by_field;
  json::array summary;
  json::object err;
  for (const FieldError& f : errors) {
    if (!by_field.emplace(f.field, f.message).second) continue;
    // The summary names the question ("Where is the pothole?: This is required").
    std::string named = f.message;
    if (service != nullptr && f.field.starts_with("attribute[")) {
      const std::string id = FieldId(f.field);
      if (const Attribute* a = service->FindAttribute(id.substr(5)); a != nullptr) {
        named = a->description + " — " + f.message;
      }
    }
    summary.push_back(json::object{{"href", "#" + FieldId(f.field)}, {"message", named}});
    err[FieldId(f.field)] = f.message;
  }
  view["errors"] = std::move(summary);
  view["has_errors"] = !errors.empty();
  view["err"] = std::move(err);
  // Back: the previous step, with everything filled in so far.
  if (step != Step::kWhat) view["back"] = StepName(kSteps[static_cast<int>(step) - 1]);
  if (step != Step::kReview) view["next"] = StepName(kSteps[static_cast<int>(step) + 1]);
  if (service != nullptr) {
    view["service"] = ServiceView(*service);
    if (service->emergency) view["emergency"] = true;
  }
  switch (step) {
    case Step::kWhat: {
      const std::string q(req.Param("q"));
      view["q"] = q;
      json::array groups;
      std::map<std::string, std::size_t> index;
      for (const Service& s : v.city->services) {
        auto [it, fresh] = index.emplace(s.group, groups.size());
        if (fresh) {
          groups.push_back(
              json::object{{"name", s.group.empty() ? "—" : s.group}, {"services", json::array{}}});
        }
        json::object sv = ServiceView(s);
        sv["checked"] = s.code == draft.service_code;
        groups[it->second].as_object()["services"].as_array().push_back(std::move(sv));
      }
      view["groups"] = std::move(groups);
      if (!q.empty()) {
        json::array matches;
        for (const Service* s : MatchServices(*v.city, q)) {
          json::object sv = ServiceView(*s);
          sv["checked"] = s->code == draft.service_code;
          matches.push_back(std::move(sv));
        }
        view["searched"] = true;
        view["no_matches"] = matches.empty();
        view["matches"] = std::move(matches);
        if (d.knowledge != nullptr) {
          auto hits = d.knowledge->Suggest(q, lang, 3);
          json::array answers;
          if (hits.ok()) {
            for (const ArticleHit& h : *hits) {
              answers.push_back(
                  json::object{{"slug", h.slug}, {"title", h.title}, {"summary", h.summary}});
            }
          }
          view["answers"] = std::move(answers);
        }
      }
      break;
    }
    case Step::kWhere:
      view["address"] = draft.address;
      view["lat"] = draft.lat;
      view["lon"] = draft.lon;
      view["has_geocoder"] = d.geocoder != nullptr;
      view["places"] = std::move(places);
      view["searched"] = req.Param("find") == "1";
      break;
    case Step::kDetails:
      view["description"] = draft.description;
      if (service != nullptr) view["attributes"] = AttributeViews(*service, draft, by_field);
      view["has_knowledge"] = d.knowledge != nullptr;
      if (d.knowledge != nullptr && service != nullptr) {
        auto hits = d.knowledge->ForService(service->code, lang);
        json::array answers;
        if (hits.ok()) {
          for (const ArticleHit& h : *hits) {
            answers.push_back(json::object{{"slug", h.slug}, {"title", h.title}});
          }
        }
        view["service_answers"] = std::move(answers);
      }
      break;
    case Step::kPhotos: {
      view["has_media"] = d.media != nullptr;
      json::array photos;
      // Not attached to a request yet: /media serves nothing of them, the step's preview does.
      for (const std::string& p : draft.photos) {
        photos.push_back(json::object{{"name", p}, {"thumb", "/report/photo/" + p}});
      }
      view["photos"] = std::move(photos);
      break;
    }
    case Step::kAbout: {
      view["first_name"] = draft.first_name;
      view["last_name"] = draft.last_name;
      view["email"] = draft.email;
      view["phone"] = draft.phone;
      view["anonymous"] = draft.anonymous;
      view["hide_name"] = draft.hide_name;
      view["require_account"] = d.city->portal.require_account;
      json::array langs;
      const std::string chosen = draft.report_lang.empty() ? v.lang : draft.report_lang;
      for (const std::string& code : d.messages->languages()) {
        langs.push_back(json::object{{"code", code},
                                     {"name", d.messages->Get(code, "lang_name")},
                                     {"selected", code == chosen}});
      }
      view["langs"] = std::move(langs);
      break;
    }
    case Step::kReview:
      view["summary"] = Summary(d, lang, service, draft);
      view["duplicates"] = Duplicates(d, v, draft);
      break;
  }
  return Render(d, v, req, "report", std::move(view), errors.empty() ? 200 : 400);
}

http::Response RenderNotice(const D& d, const Visit& v, const http::Request& req,
                            const Service& s) {
  json::object view = BaseView(d, v, req, s.name);
  view["service"] = ServiceView(s);
  json::array answers;
  if (d.knowledge != nullptr) {
    if (auto hits = d.knowledge->ForService(s.code, v.lang); hits.ok()) {
      for (const ArticleHit& h : *hits) {
        answers.push_back(json::object{{"slug", h.slug}, {"title", h.title}});
      }
    }
  }
  view["answers"] = std::move(answers);
  return Render(d, v, req, "notice", std::move(view));
}

}  // namespace

std::vector<const Service*> MatchServices(const City& city, std::string_view query) {
  static const std::set<std::string, std::less<>> kCommon = {
      "the",   "and",  "for",  "was",  "wasn",    "wasnt",   "isn",  "isnt", "not",
      "there", "this", "that", "with", "has",     "have",    "been", "our",  "you",
      "your",  "are",  "los",  "las",  "del",     "una",     "por",  "para", "que",
      "con",   "mis",  "hay",  "est",  "nuestra", "nuestro", "my",   "up"};
  auto words = [](std::string_view text) {
    std::vector<std::string> out;
    std::string w;
    for (char c : std::string(text) + " ") {
      const unsigned char u = static_cast<unsigned char>(c);
      if (std::isalnum(u) || u >= 0x80) {
        w += static_cast<char>(std::tolower(u));
      } else if (!w.empty()) {
        out.push_back(w);
        w.clear();
      }
    }
    return out;
  };
  std::vector<std::string> q;
  for (std::string& w : words(query)) {
    if (w.size() >= 3 && !kCommon.contains(w)) q.push_back(w.substr(0, 4));
  }
  std::vector<std::pair<int, const Service*>> scored;
  for (const Service& s : city.services) {
    std::string text = s.name + " " + s.group + " " + s.description;
    for (const auto& k : s.keywords) text += " " + k;
    const auto terms = words(text);
    int score = 0;
    for (const std::string& stem : q) {
      for (const std::string& t : terms) {
        if (t.starts_with(stem)) {
          ++score;
          break;
        }
      }
    }
    if (score > 0) scored.emplace_back(score, &s);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<const Service*> out;
  for (const auto& [score, s] : scored) {
    if (out.size() >= 8) break;
    out.push_back(s);
  }
  return out;
}

http::Response GetReportStep(const D& d, const http::Request& req) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return ErrorPage(d, req, s.error());
  Visit v = Begin(d, req);
  const std::string_view name =
      req.path_params.empty() ? std::string_view("what") : std::string_view(req.path_params[0]);
  auto to = ParseStep(name);
  if (!to) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  if (d.city->portal.require_account && !v.actor) return Redirect("/account?next=/report", &v);
  Draft draft = Draft::From(req);
  std::vector<FieldError> errors;
  const auto from = ParseStep(req.Param("from"));
  if (from == Step::kPhotos) AcceptUploads(d, req, draft, errors);
  if (std::string_view place = req.Param("place"); !place.empty()) ApplyPlace(place, draft);
  // "Find" on the where step, without JavaScript: the same step again with the matches.
  if (req.Param("find") == "1") {
    json::array places;
    if (d.geocoder != nullptr && !draft.address.empty()) {
      auto found = d.geocoder->Search(draft.address, 8);
      if (found.ok()) places = PlacesView(*found);
    }
    return RenderStep(d, v, req, Step::kWhere, draft, {}, std::move(places));
  }
  if (!errors.empty()) return RenderStep(d, v, req, *from, draft, errors);
  // A step is checked when the resident leaves it forwards; going back never loses anything. A
  // link (GET /report/where?service_code=…) only needs the service chosen.
  for (Step s : kSteps) {
    const bool check =
        from ? !Before(s, *from) && Before(s, *to) : s == Step::kWhat && *to != Step::kWhat;
    if (!check) continue;
    auto problems = Validate(d, v, s, draft);
    if (!problems.empty()) return RenderStep(d, v, req, s, draft, problems);
  }
  const Service* service = v.city->FindService(draft.service_code);
  if (service != nullptr && !service->takes_reports && *to != Step::kWhat) {
    return RenderNotice(d, v, req, *service);
  }
  return RenderStep(d, v, req, *to, draft, {});
}

http::Response PostReportSubmit(const D& d, const http::Request& req) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return ErrorPage(d, req, s.error());
  Visit v = Begin(d, req);
  Draft draft = Draft::From(req);
  for (Step s : kSteps) {
    auto problems = Validate(d, v, s, draft);
    if (!problems.empty()) return RenderStep(d, v, req, s, draft, problems);
  }
  const Service* service = v.city->FindService(draft.service_code);
  if (service != nullptr && !service->takes_reports) return RenderNotice(d, v, req, *service);
  const std::string lang = d.messages->Has(draft.report_lang) ? draft.report_lang : v.lang;
  SubmissionInput in;
  auto prepared = PrepareSubmission(d, req, draft, &in);
  if (!prepared.ok()) return ErrorPage(d, req, prepared.error());
  std::vector<MediaItem> media = std::move(prepared).value();
  RequestId id = 0;
  if (v.actor) {
    if (!draft.anonymous && in.email.empty() && v.user) in.email = v.user->email;
    auto created = d.workflow->CreateRequest(*v.actor, in, std::nullopt, lang, std::move(media));
    if (!created.ok()) return ErrorPage(d, req, created.error());
    id = created->id;
  } else {
    auto out = d.requests->Submit(in, lang, std::move(media));
    if (!out.ok()) {
      const Error& e = out.error();
      if (e.code == ErrorCode::kInvalidArgument && !e.fields.empty()) {
        std::vector<FieldError> problems;
        for (const auto& f : e.fields) problems.push_back({f.field, FieldWords(d, v.lang, f)});
        return RenderStep(d, v, req, StepOfField(e.fields.front().field), draft, problems);
      }
      return ErrorPage(d, req, e);
    }
    id = out->request.id;
  }
  return Redirect("/report/sent/" + std::to_string(id), &v);
}

http::Response GetReportSent(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  auto id = ParseId(req.path_params.empty() ? "" : req.path_params[0]);
  if (!id) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  auto r = d.requests->Get(*id);
  if (!r.ok()) return ErrorPage(d, req, r.error());
  json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "sent_title"));
  view["id"] = r->id;
  view["service_name"] = ServiceNameOf(d, v, *r);
  view["emergency"] = r->emergency;
  if (const Service* s = v.city->FindService(r->service_code)) view["notice"] = s->service_notice;
  if (const Department* dep = v.city->FindDepartment(r->department_code)) {
    view["department"] = dep->name;
  }
  if (r->expected_at) view["expected"] = FormatDate(d, v.lang, *r->expected_at);
  return Render(d, v, req, "sent", std::move(view));
}

// The preview thumbnail of a photo added on the photos step (MediaService::OpenDraftThumbnail):
// private to the browser that knows the name, never cached by shared caches.
http::Response GetDraftPhoto(const D& d, const http::Request& req) {
  if (d.media == nullptr || req.path_params.empty()) return ErrorPage(d, req, 404, "");
  auto file = d.media->OpenDraftThumbnail(req.path_params[0]);
  if (!file.ok()) return ErrorPage(d, req, file.error());
  if (!file->has_value()) return ErrorPage(d, req, 404, "");
  http::Response r;
  r.content_type = (*file)->mime;
  r.body = std::move((*file)->content);
  AddSecurityHeaders(r);
  r.SetHeader("Cache-Control", "private, max-age=3600");
  r.SetHeader("Content-Security-Policy", "default-src 'none'; sandbox");
  return r;
}

http::Response GetPlaces(const D& d, const http::Request& req) {
  json::array out;
  if (d.geocoder != nullptr) {
    if (std::string_view lat = req.Param("lat"); !lat.empty()) {
      auto place = d.geocoder->Reverse(std::strtod(std::string(lat).c_str(), nullptr),
                                       std::strtod(std::string(req.Param("lon")).c_str(), nullptr));
      if (place.ok() && place->has_value()) out = PlacesView({**place});
    } else {
      auto found = d.geocoder->Search(req.Param("q"), 6);
      if (found.ok()) out = PlacesView(*found);
    }
  }
  return Json(json::object{{"places", std::move(out)}});
}

}  // namespace civic311::portal
