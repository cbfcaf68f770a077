// The side-by-side article editor (docs/console.md, "Admin"): the English and the Spanish
// version of one article (one slug) in two columns, each with its title, summary, Markdown text,
// published box and a preview rendered by the portal's MarkdownRenderer. A language that does not
// exist yet is shown as "missing translation"; typing into its column creates it on save.
//
// Design decisions (recorded in docs/console.md):
// - Each language stays its own KnowledgeBase row with its own published state and its own
//   `article_save` audit entry; both are validated before either is written, so one language's
//   mistake never leaves the other half-saved, and every typed value comes back on the 400 page.
// - The services an article is about are shared by its languages: one set of boxes, written to
//   every language saved (on opening, the union of the rows' lists), because a translation is
//   about the same services; the store keeps a list per row, so nothing else changes.
// - A missing language with every field empty stays missing (nothing is created).
#include <algorithm>

#include "adapters/web/admin/admin_page.hpp"
#include "adapters/web/admin/articles.hpp"
#include "adapters/web/admin/handlers.hpp"
#include "app/knowledge_base.hpp"

namespace civic311::admin {
namespace json = boost::json;
namespace {

// One column of the editor.
struct Side {
  Article article;
  bool exists = false;   // a row is stored for this language
  bool written = false;  // the save writes it (it exists, or something was typed into it)
  json::object err;      // field → message
};

// Both stored languages of `slug` (drafts too). The error is the store's.
Result<std::vector<Side>> Stored(const A& d, const std::string& slug) {
  std::vector<Side> sides;
  for (std::string_view lang : kArticleLangs) {
    auto got = d.console->knowledge->Get(slug, lang, /*include_drafts=*/true);
    if (!got.ok()) return got.error();
    Side side;
    side.exists = got->has_value();
    if (side.exists) {
      side.article = std::move(**got);
    } else {
      side.article.slug = slug;
      side.article.lang = std::string(lang);
      side.article.published = false;  // a new translation starts as a draft
    }
    sides.push_back(std::move(side));
  }
  return sides;
}

// Stored() of the article the address names; nullopt with the page to answer in *refusal: a
// 404 when the short name is malformed or no language of it is stored, the store's error.
std::optional<std::vector<Side>> StoredPair(const A& d, const console::StaffVisit& s,
                                            const http::Request& req, const std::string& slug,
                                            http::Response* refusal) {
  const auto none = [&] {
    *refusal = portal::ErrorPage(*d.console->web, req, 404, Word(d, s, "admin_no_entry"));
    return std::nullopt;
  };
  if (!IsSlug(slug)) return none();
  auto sides = Stored(d, slug);
  if (!sides.ok()) {
    *refusal = portal::ErrorPage(*d.console->web, req, sides.error());
    return std::nullopt;
  }
  if (std::none_of(sides->begin(), sides->end(), [](const Side& x) { return x.exists; }))
    return none();
  return std::move(*sides);
}

http::Response PairPage(const A& d, const console::StaffVisit& s, const http::Request& req,
                        const std::string& slug, const std::vector<Side>& sides,
                        const std::vector<std::string>& services, const std::string& services_err,
                        bool preview, int status) {
  json::object view = AdminView(d, s, req, "kb_pair_title");
  view["slug"] = slug;
  json::array columns;
  for (const Side& side : sides) {
    const Article& a = side.article;
    json::object col{{"lang", a.lang},          {"lang_label", Word(d, s, "admin2_lang_" + a.lang)},
                     {"exists", side.exists},   {"missing", !side.exists},
                     {"title", a.title},        {"summary", a.summary},
                     {"body", a.body_markdown}, {"published", a.published},
                     {"err", side.err}};
    if (!side.exists) col["missing_text"] = Word(d, s, "kb_pair_missing_" + a.lang);
    // A preview of every column that has a text; never of one with a mistake in it.
    if (preview && side.err.empty() && !a.body_markdown.empty())
      col["preview_html"] = d.console->web->markdown->ToHtml(a.body_markdown);
    columns.push_back(std::move(col));
  }
  view["columns"] = std::move(columns);
  json::array boxes;
  for (const Service& svc : d.console->web->city->services) {
    const bool on = std::find(services.begin(), services.end(), svc.code) != services.end();
    boxes.push_back(json::object{{"code", svc.code}, {"name", svc.name}, {"checked", on}});
  }
  view["services"] = std::move(boxes);
  if (!services_err.empty()) view["services_error"] = services_err;
  if (status == 400) view["error"] = Word(d, s, "kb_pair_not_saved");
  return RenderAdmin(d, s, req, "admin_article_pair", std::move(view), status);
}

}  // namespace

http::Response GetArticlePair(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterArticles(d, req, &refusal);
  if (!s) return refusal;
  const std::string slug = req.path_params.at(0);
  auto sides = StoredPair(d, *s, req, slug, &refusal);
  if (!sides) return refusal;
  std::vector<std::string> services;  // the union of the languages' lists, in first-seen order
  for (const Side& side : *sides) {
    for (const std::string& code : side.article.service_codes)
      if (std::find(services.begin(), services.end(), code) == services.end())
        services.push_back(code);
  }
  return PairPage(d, *s, req, slug, *sides, services, "", /*preview=*/true, 200);
}

http::Response PostArticlePair(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterArticles(d, req, &refusal);
  if (!s) return refusal;
  const std::string slug = req.path_params.at(0);
  auto sides = StoredPair(d, *s, req, slug, &refusal);
  if (!sides) return refusal;

  std::vector<std::string> services;
  std::string services_err;
  for (const auto& [k, v] : req.form) {
    if (k != "services" || v.empty()) continue;
    if (d.console->web->city->FindService(v) == nullptr)
      services_err = Word(d, *s, "admin2_article_bad_services");
    else if (std::find(services.begin(), services.end(), v) == services.end())
      services.push_back(v);
  }
  bool bad = !services_err.empty();
  for (Side& side : *sides) {
    Article& a = side.article;
    const std::string p = a.lang + "_";
    a.title = FormValue(req, p + "title");
    a.summary = FormValue(req, p + "summary");
    a.body_markdown = FormValue(req, p + "body");
    a.published = FormValue(req, p + "published") == "true";
    a.service_codes = services;
    side.written =
        side.exists || !a.title.empty() || !a.summary.empty() || !a.body_markdown.empty();
    if (!side.written) continue;
    if (Status st = ValidateArticle(a); !st.ok()) {
      for (const FieldError& f : st.error().fields) {
        if (f.field == "service_codes") {
          services_err = Word(d, *s, "admin2_article_bad_services");
        } else if (!side.err.contains(f.field)) {
          side.err[f.field] = Word(d, *s, "admin2_article_bad_" + f.field);
        }
      }
      bad = true;
    }
  }
  if (bad || FormValue(req, "action") == "preview")
    return PairPage(d, *s, req, slug, *sides, services, services_err, /*preview=*/true,
                    bad ? 400 : 200);
  for (const Side& side : *sides) {
    if (!side.written) continue;
    const Article& a = side.article;
    if (Status st = d.console->knowledge->Upsert(a); !st.ok())
      return portal::ErrorPage(*d.console->web, req, st.error());
    if (Status st = AuditAdmin(d, *s, "article_save",
                               a.slug + "/" + a.lang + (a.published ? " published" : " draft"));
        !st.ok())
      return portal::ErrorPage(*d.console->web, req, st.error());
  }
  return portal::Redirect("/staff/admin/articles?saved=" + slug);
}

// The one-language address of earlier releases: the editor of both, at that language's column.
http::Response GetArticleOneLanguage(const A& d, const http::Request& req) {
  http::Response refusal;
  auto s = EnterArticles(d, req, &refusal);
  if (!s) return refusal;
  const std::string& lang = req.path_params.at(1);
  if (!IsSlug(req.path_params.at(0)) ||
      std::find(std::begin(kArticleLangs), std::end(kArticleLangs), lang) ==
          std::end(kArticleLangs))
    return portal::ErrorPage(*d.console->web, req, 404, Word(d, *s, "admin_no_entry"));
  return portal::Redirect("/staff/admin/articles/" + req.path_params.at(0) + "#col-" + lang);
}

}  // namespace civic311::admin
