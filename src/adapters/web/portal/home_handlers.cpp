// GET / (home), /kudos (say thank you), /answers (the knowledge base) and /account.
#include "adapters/web/portal/handlers.hpp"
#include "adapters/web/portal/page.hpp"
#include "app/knowledge_base.hpp"
#include "base/log.hpp"

namespace civic311::portal {
namespace json = boost::json;
namespace {

constexpr std::string_view kKudosService = "KUDOS";

json::object ServiceButton(const Service& s) {
  return json::object{{"code", s.code}, {"name", s.name}, {"emergency", s.emergency}};
}

// The `next` of a sign-in: a path on this site only.
std::string LocalNext(std::string_view next) {
  if (next.empty() || next[0] != '/' || next.size() > 200) return "/account";
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "/account";
  return std::string(next);
}

}  // namespace

http::Response GetHome(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "home_title"));
  json::array featured;
  for (const std::string& code : d.city->portal.featured_services) {
    if (const Service* s = v.city->FindService(code)) featured.push_back(ServiceButton(*s));
  }
  if (featured.empty()) {
    for (const Service& s : v.city->services) {
      if (featured.size() >= 6) break;
      if (s.takes_reports && !s.emergency) featured.push_back(ServiceButton(s));
    }
  }
  view["featured"] = std::move(featured);
  view["home"] = true;
  return Render(d, v, req, "home", std::move(view));
}

http::Response GetKudos(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "kudos_title"));
  json::array departments;
  for (const Department& dep : v.city->departments) {
    if (dep.dispatch) continue;
    departments.push_back(json::object{{"code", dep.code}, {"name", dep.name}});
  }
  view["departments"] = std::move(departments);
  view["request_id"] = std::string(req.Param("request"));
  view["available"] = d.city->FindService(kKudosService) != nullptr;
  view["sent"] = req.Param("sent") == "1";
  // Thank-yous staff approved (resolved "fixed"): shown publicly, newest first.
  RequestQuery q;
  q.service_codes = {std::string(kKudosService)};
  q.states = {RequestState::kFixed};
  q.limit = 10;
  json::array shown;
  if (auto approved = d.requests->List(q); approved.ok()) {
    for (const ServiceRequest& r : *approved) {
      shown.push_back(
          json::object{{"text", r.description}, {"date", FormatDate(d, v.lang, r.requested_at)}});
    }
  }
  view["approved"] = std::move(shown);
  return Render(d, v, req, "kudos", std::move(view));
}

http::Response PostKudos(const D& d, const http::Request& req) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return ErrorPage(d, req, s.error());
  Visit v = Begin(d, req);
  SubmissionInput in;
  in.service_code = std::string(kKudosService);
  in.description = std::string(req.Param("message"));
  std::string who(req.Param("department"));
  if (const Department* dep = d.city->FindDepartment(who)) who = dep->name;
  if (auto id = ParseId(req.Param("request"))) who += " (request #" + std::to_string(*id) + ")";
  if (!who.empty()) in.attributes.emplace_back("WHO", who);
  in.address_string = d.city->name;  // a thank-you is about the city, not a place
  in.channel = Channel::kWeb;
  if (in.description.empty()) {
    json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "kudos_title"));
    view["available"] = true;
    view["has_errors"] = true;
    view["errors"] = json::array{
        json::object{{"href", "#message"}, {"message", d.messages->Get(v.lang, "err_required")}}};
    view["err"] = json::object{{"message", d.messages->Get(v.lang, "err_required")}};
    return Render(d, v, req, "kudos", std::move(view), 400);
  }
  auto out = d.requests->Submit(in, v.lang);
  if (!out.ok()) return ErrorPage(d, req, out.error());
  return Redirect("/kudos?sent=1", &v);
}

http::Response GetAnswers(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "answers_title"));
  const std::string q(req.Param("q"));
  view["q"] = q;
  view["available"] = d.knowledge != nullptr;
  json::array items;
  if (d.knowledge != nullptr) {
    if (!q.empty()) {
      auto hits = d.knowledge->Search(q, v.lang, 20);
      if (!hits.ok()) return ErrorPage(d, req, hits.error());
      for (const ArticleHit& h : *hits) {
        items.push_back(json::object{{"slug", h.slug}, {"title", h.title}, {"summary", h.summary}});
      }
      view["searched"] = true;
    } else {
      auto all = d.knowledge->List(v.lang, false);
      if (!all.ok()) return ErrorPage(d, req, all.error());
      for (const Article& a : *all) {
        items.push_back(json::object{{"slug", a.slug}, {"title", a.title}, {"summary", a.summary}});
      }
    }
  }
  view["empty"] = items.empty();
  view["articles"] = std::move(items);
  return Render(d, v, req, "answers", std::move(view));
}

http::Response GetAnswer(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  if (d.knowledge == nullptr || d.markdown == nullptr || req.path_params.empty()) {
    return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  }
  // The reader's language, else the other one, saying so (and marking the text's language).
  auto a = d.knowledge->Get(req.path_params[0], v.lang);
  const std::string_view other = v.lang == "en" ? "es" : "en";
  const bool fallback = a.ok() && !a->has_value();
  if (fallback) a = d.knowledge->Get(req.path_params[0], other);
  if (!a.ok()) return ErrorPage(d, req, a.error());
  if (!a->has_value()) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  const Article& article = **a;
  json::object view = BaseView(d, v, req, article.title);
  if (fallback) {
    view["fallback_note"] = d.messages->Get(v.lang, "admin3_answer_fallback");
    view["article_lang"] = article.lang;
  }
  view["article_title"] = article.title;
  view["summary"] = article.summary;
  // Safe HTML: cmark-gfm in safe mode (raw HTML and unsafe links dropped), marked {{{…}}}.
  view["body_html"] = d.markdown->ToHtml(article.body_markdown);
  view["updated"] = FormatDate(d, v.lang, article.updated_at);
  json::array services;
  for (const std::string& code : article.service_codes) {
    if (const Service* s = v.city->FindService(code); s != nullptr && s->takes_reports) {
      services.push_back(json::object{{"code", s->code}, {"name", s->name}});
    }
  }
  view["services"] = std::move(services);
  return Render(d, v, req, "answer", std::move(view));
}

http::Response GetSuggest(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  json::array answers;
  json::array services;
  const std::string_view text = req.Param("q");
  if (d.knowledge != nullptr && !text.empty() && text.size() <= 4000) {
    auto hits = d.knowledge->Suggest(text, v.lang, 3);
    if (hits.ok()) {
      for (const ArticleHit& h : *hits) {
        answers.push_back(json::object{
            {"url", "/answers/" + h.slug}, {"title", h.title}, {"summary", h.summary}});
      }
    }
  }
  for (const Service* s : MatchServices(*v.city, text)) {
    services.push_back(json::object{{"code", s->code}, {"name", s->name}});
  }
  return Json(json::object{{"answers", std::move(answers)}, {"services", std::move(services)}});
}

http::Response GetAccount(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "account_title"));
  view["next"] = LocalNext(req.Param("next"));
  view["welcome"] = req.Param("welcome") == "1";
  view["require_account"] = d.city->portal.require_account;
  if (v.actor) {
    StaffQuery q;
    q.limit = 50;
    json::array mine;
    if (auto list = d.workflow->List(*v.actor, q); list.ok()) {
      const Timestamp now = d.requests->Now();
      for (const ServiceRequest& r : *list) {
        mine.push_back(json::object{{"id", r.id},
                                    {"service_name", ServiceNameOf(d, v, r)},
                                    {"state", StateWords(d, v.lang, r.state)},
                                    {"age", FormatAge(d, v.lang, now, r.requested_at)}});
      }
    }
    view["mine"] = std::move(mine);
    if (v.user) view["email"] = v.user->email;
  }
  return Render(d, v, req, "account", std::move(view));
}

// Sign-in runs Argon2id on AuthService's own hashing pool (asynchronous handler): a storm of
// sign-ins never holds the request workers that every other page needs (security.md, finding 1),
// and the client address feeds the per-address limit.
void PostSignIn(const D& d, const http::Request& req, http::Responder reply) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return reply.Send(ErrorPage(d, req, s.error()));
  Credentials creds;
  creds.email = std::string(req.Param("email"));
  creds.password = std::string(req.Param("password"));
  creds.totp_code = std::string(req.Param("totp"));
  creds.client_ip = req.client_ip;
  // `req` and `d` stay valid until reply.Send(): the callback renders from them, then sends.
  d.auth->LoginAsync(std::move(creds), [&d, &req, reply](Result<IssuedToken> issued) {
    Visit v = Begin(d, req);
    if (!issued.ok()) {
      json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "account_title"));
      const ErrorCode code = issued.error().code;
      const bool throttled =
          code == ErrorCode::kUnavailable || code == ErrorCode::kResourceExhausted;
      const std::string msg(
          d.messages->Get(v.lang, throttled ? "err_signin_throttled" : "err_signin"));
      view["has_errors"] = true;
      view["errors"] = json::array{json::object{{"href", "#email"}, {"message", msg}}};
      view["err"] = json::object{{"email", msg}};
      view["email_value"] = std::string(req.Param("email"));
      view["next"] = LocalNext(req.Param("next"));
      http::Response r = Render(d, v, req, "account", std::move(view), throttled ? 429 : 400);
      if (throttled) {
        const int after = std::max(1, issued.error().retry_after_seconds);
        r.SetHeader("Retry-After", std::to_string(after));
      }
      return reply.Send(std::move(r));
    }
    const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(
                             issued->expires_at - std::chrono::system_clock::now())
                             .count();
    http::Response r = Redirect(LocalNext(req.Param("next")), &v);
    r.SetHeader("Set-Cookie",
                web::SessionCookie(req, issued->token, std::max<std::int64_t>(max_age, 1)));
    reply.Send(std::move(r));
  });
}

http::Response PostSignOut(const D& d, const http::Request& req) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return ErrorPage(d, req, s.error());
  if (std::string_view token = web::SessionToken(req); !token.empty()) {
    (void)d.auth->Logout(token);
  }
  http::Response r = Redirect("/");
  r.SetHeader("Set-Cookie", web::SessionCookie(req, "", 0));
  return r;
}

}  // namespace civic311::portal
