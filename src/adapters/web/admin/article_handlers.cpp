// Knowledge-base articles (docs/knowledge-base.md; docs/console.md, "Admin"): every article in
// every language, drafts too; the editor (Markdown with a preview rendered by the same
// MarkdownRenderer as the portal's /answers pages, so what the admin sees is what residents
// get); publish / unpublish. Articles are rows of the KnowledgeBase store (one per slug and
// language), not part of the city document: saving one is an audit entry, not a version.
#include <algorithm>

#include "adapters/web/admin/admin_page.hpp"
#include "adapters/web/admin/articles.hpp"
#include "adapters/web/admin/handlers.hpp"
#include "app/knowledge_base.hpp"

namespace civic311::admin {
namespace json = boost::json;
std::optional<console::StaffVisit> EnterArticles(const A& d, const http::Request& req,
                                                 http::Response* refusal) {
  auto s = Enter(d, req, refusal);
  if (!s) return std::nullopt;
  if (d.console->knowledge == nullptr || d.console->web->markdown == nullptr) {
    *refusal = portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin2_not_set_up"));
    return std::nullopt;
  }
  return s;
}

namespace {

Article Posted(const http::Request& req) {
  Article a;
  a.slug = FormValue(req, "slug");
  a.lang = FormValue(req, "lang");
  a.title = FormValue(req, "title");
  a.summary = FormValue(req, "summary");
  a.body_markdown = FormValue(req, "body");
  a.published = FormValue(req, "published") == "true";
  for (const auto& [k, v] : req.form)
    if (k == "services" && !v.empty()) a.service_codes.push_back(v);
  return a;
}

// The editor. `existing`: slug and language are fixed (they name the row).
http::Response EditorPage(const A& d, const console::StaffVisit& s, const http::Request& req,
                          const Article& a, bool existing, json::object err, bool preview) {
  json::object view = AdminView(d, s, req, existing ? "admin2_article_edit" : "admin2_article_new");
  view["article"] = json::object{{"slug", a.slug},
                                 {"title", a.title},
                                 {"summary", a.summary},
                                 {"body", a.body_markdown},
                                 {"published", a.published}};
  view["existing"] = existing;
  json::array langs;
  for (std::string_view l : kArticleLangs)
    langs.push_back(json::object{{"value", l},
                                 {"label", Word(d, s, "admin2_lang_" + std::string(l))},
                                 {"selected", a.lang == l}});
  view["langs"] = std::move(langs);
  view["lang_label"] = a.lang.empty() ? "" : Word(d, s, "admin2_lang_" + a.lang);
  view["lang_value"] = a.lang;
  json::array services;
  for (const Service& svc : d.console->web->city->services) {
    const bool on = std::find(a.service_codes.begin(), a.service_codes.end(), svc.code) !=
                    a.service_codes.end();
    services.push_back(json::object{{"code", svc.code}, {"name", svc.name}, {"checked", on}});
  }
  view["services"] = std::move(services);
  if (preview) view["preview_html"] = d.console->web->markdown->ToHtml(a.body_markdown);
  const bool bad = !err.empty();
  view["err"] = std::move(err);
  return RenderAdmin(d, s, req, "admin_article", std::move(view), bad ? 400 : 200);
}

}  // namespace

http::Response GetArticles(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterArticles(d, req, &refusal);
  if (!s) return refusal;
  auto list = d.console->knowledge->List("", /*include_drafts=*/true);
  if (!list.ok()) return portal::ErrorPage(*d.console->web, req, list.error());
  json::array rows;
  for (const Article& a : *list) {
    std::string services;
    for (const std::string& c : a.service_codes) services += (services.empty() ? "" : ", ") + c;
    rows.push_back(json::object{{"slug", a.slug},
                                {"lang", a.lang},
                                {"title", a.title},
                                {"services", services},
                                {"published", a.published},
                                {"updated", console::ShortTime(a.updated_at)}});
  }
  json::object view = AdminView(d, *s, req, "admin2_articles_title");
  view["articles"] = std::move(rows);
  if (auto saved = req.Param("saved"); !saved.empty())
    view["flash"] = Word(d, *s, "admin2_article_saved");
  return RenderAdmin(d, *s, req, "admin_articles", std::move(view));
}

http::Response GetArticleNew(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterArticles(d, req, &refusal);
  if (!s) return refusal;
  Article a;
  a.lang = req.Param("lang") == "es" ? "es" : "en";
  a.slug = std::string(req.Param("slug"));  // "translate": the same slug in the other language
  a.published = false;                      // a new article starts as a draft
  return EditorPage(d, *s, req, a, false, {}, false);
}

http::Response PostArticle(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterArticles(d, req, &refusal);
  if (!s) return refusal;
  Article a = Posted(req);
  const bool existing = FormValue(req, "existing") == "1";
  json::object err;
  if (std::find(std::begin(kArticleLangs), std::end(kArticleLangs), a.lang) ==
      std::end(kArticleLangs))
    err["lang"] = Word(d, *s, "admin2_article_bad_lang");
  for (const std::string& code : a.service_codes)
    if (d.console->web->city->FindService(code) == nullptr)
      err["services"] = Word(d, *s, "admin2_article_bad_services");
  if (Status st = ValidateArticle(a); !st.ok()) {
    for (const FieldError& f : st.error().fields) {
      const std::string field = f.field == "service_codes" ? "services" : f.field;
      if (!err.contains(field)) err[field] = Word(d, *s, "admin2_article_bad_" + field);
    }
  }
  if (const bool ok = err.empty(); !ok || FormValue(req, "action") == "preview")
    return EditorPage(d, *s, req, a, existing, std::move(err), /*preview=*/ok);
  if (!existing) {
    // A new article must not silently replace one with the same slug and language.
    auto same = d.console->knowledge->Get(a.slug, a.lang, true);
    if (!same.ok()) return portal::ErrorPage(*d.console->web, req, same.error());
    // "new" and "save" name the pages of the list (/staff/admin/articles/new, …/save).
    if (same->has_value() || a.slug == "new" || a.slug == "save") {
      err["slug"] = Word(d, *s, "admin2_article_taken");
      return EditorPage(d, *s, req, a, false, std::move(err), false);
    }
  }
  if (Status st = d.console->knowledge->Upsert(a); !st.ok())
    return portal::ErrorPage(*d.console->web, req, st.error());
  if (Status st = AuditAdmin(d, *s, "article_save",
                             a.slug + "/" + a.lang + (a.published ? " published" : " draft"));
      !st.ok())
    return portal::ErrorPage(*d.console->web, req, st.error());
  return portal::Redirect("/staff/admin/articles?saved=" + a.slug);
}

http::Response PostArticlePublish(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterArticles(d, req, &refusal);
  if (!s) return refusal;
  const std::string& action = req.path_params.at(2);
  auto a = d.console->knowledge->Get(req.path_params.at(0), req.path_params.at(1), true);
  if (!a.ok()) return portal::ErrorPage(*d.console->web, req, a.error());
  if (!a->has_value() || (action != "publish" && action != "unpublish"))
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_entry"));
  Article article = std::move(**a);
  article.published = action == "publish";
  if (Status st = d.console->knowledge->Upsert(article); !st.ok())
    return portal::ErrorPage(*d.console->web, req, st.error());
  if (Status st = AuditAdmin(d, *s, "article_" + action, article.slug + "/" + article.lang);
      !st.ok())
    return portal::ErrorPage(*d.console->web, req, st.error());
  return portal::Redirect("/staff/admin/articles?saved=" + article.slug);
}

}  // namespace civic311::admin
