#include "adapters/web/portal/handlers.hpp"
#include "adapters/web/portal/page.hpp"

namespace civic311 {

void AddPortalRoutes(http::Router& router, std::shared_ptr<const PortalDeps> given) {
  using http::Method;
  // Filled in place, not copied: serve sets late fields (alerts) after adding the routes, and
  // the routes must see them. Every caller builds its deps with make_shared<PortalDeps>.
  auto filled = std::const_pointer_cast<PortalDeps>(given);
  for (const std::string& lang : filled->messages->languages()) {
    filled->city_in[lang] = std::make_shared<const City>(Localized(*filled->city, lang));
  }
  std::shared_ptr<const PortalDeps> deps = std::move(filled);
  auto bind = [deps](http::Response (*fn)(const PortalDeps&, const http::Request&)) {
    return [deps, fn](const http::Request& req) {
      const auto pinned = PinCity(deps);
      return fn(*pinned, req);
    };
  };
  namespace p = portal;
  router.Add(Method::kGet, "/", bind(p::GetHome));
  router.Add(Method::kGet, "/report", bind(p::GetReportStep));
  router.Add(Method::kGet, "/report/places", bind(p::GetPlaces));
  router.Add(Method::kGet, "/report/photo/{name}", bind(p::GetDraftPhoto));
  router.Add(Method::kPost, "/report/submit", bind(p::PostReportSubmit));
  router.Add(Method::kGet, "/report/sent/{id}", bind(p::GetReportSent));
  router.Add(Method::kGet, "/report/{step}", bind(p::GetReportStep));
  router.Add(Method::kPost, "/report/{step}", bind(p::GetReportStep));
  router.Add(Method::kGet, "/requests", bind(p::GetRequestList));
  router.Add(Method::kGet, "/requests.atom", bind(p::GetRequestsFeed));
  router.Add(Method::kGet, "/feeds/areas/{area}.atom", bind(p::GetAreaFeed));
  router.Add(Method::kGet, "/alerts/{token}.atom", bind(p::GetAlertFeed));
  router.Add(Method::kGet, "/requests/find", bind(p::GetFindRequest));
  router.Add(Method::kGet, "/requests/{id}", bind(p::GetRequestPage));
  router.Add(Method::kPost, "/requests/{id}/{action}", bind(p::PostRequestAction));
  router.Add(Method::kGet, "/kudos", bind(p::GetKudos));
  router.Add(Method::kPost, "/kudos", bind(p::PostKudos));
  router.Add(Method::kGet, "/answers", bind(p::GetAnswers));
  router.Add(Method::kGet, "/answers/suggest", bind(p::GetSuggest));
  router.Add(Method::kGet, "/answers/{slug}", bind(p::GetAnswer));
  router.Add(Method::kGet, "/account", bind(p::GetAccount));
  router.AddAsync(Method::kPost, "/account/signin",
                  [deps](const http::Request& req, http::Responder reply) {
                    p::PostSignIn(*deps, req, std::move(reply));
                  });
  router.Add(Method::kPost, "/account/signout", bind(p::PostSignOut));
  router.Add(Method::kGet, "/account/alerts", bind(p::GetAccountAlerts));
  router.Add(Method::kPost, "/account/alerts", bind(p::PostAccountAlerts));
  router.Add(Method::kPost, "/account/alerts/{id}/delete", bind(p::PostAccountAlertDelete));
  router.Add(Method::kPost, "/account/follows/{id}/unfollow", bind(p::PostAccountUnfollow));
  router.Add(Method::kPost, "/account/notifications", bind(p::PostAccountPrefs));
  router.Add(Method::kGet, "/account/register", bind(p::GetRegister));
  router.AddAsync(Method::kPost, "/account/register",
                  [deps](const http::Request& req, http::Responder reply) {
                    p::PostRegister(*deps, req, std::move(reply));
                  });
  router.Add(Method::kGet, "/account/confirm", bind(p::GetConfirm));
  router.Add(Method::kPost, "/account/confirm", bind(p::PostConfirm));
  router.Add(Method::kGet, "/manifest.webmanifest", bind(p::GetManifest));
  router.Add(Method::kGet, "/sw.js", bind(p::GetServiceWorker));
  router.Add(Method::kGet, "/theme.css", bind(p::GetTheme));
  router.Add(Method::kGet, "/static/{a}", bind(p::GetStatic));
  router.Add(Method::kGet, "/static/{a}/{b}", bind(p::GetStatic));
  router.Add(Method::kGet, "/static/{a}/{b}/{c}", bind(p::GetStatic));
  router.Add(Method::kGet, "/static/{a}/{b}/{c}/{d}", bind(p::GetStatic));
}

std::shared_ptr<const PortalDeps> PinCity(const std::shared_ptr<const PortalDeps>& deps) {
  if (deps->live_city == nullptr) return deps;
  std::shared_ptr<const City> now = deps->live_city->Current();
  if (now == deps->city) return deps;
  std::lock_guard lock(deps->pin_cache->mu);
  if (deps->pin_cache->pinned && deps->pin_cache->pinned->city == now) {
    return deps->pin_cache->pinned;
  }
  auto copy = std::make_shared<PortalDeps>(*deps);
  copy->city = std::move(now);
  copy->pin_cache = std::make_shared<PortalDeps::PinCache>();  // no cycle through the cache
  copy->city_in.clear();
  for (const std::string& lang : copy->messages->languages()) {
    copy->city_in[lang] = std::make_shared<const City>(Localized(*copy->city, lang));
  }
  deps->pin_cache->pinned = copy;
  return copy;
}

http::Response RenderPortalError(const PortalDeps& deps, int status, const std::string& /*message*/,
                                 const http::Request& req) {
  // The transport's messages ("invalid percent-encoding in query string") are English and for
  // programs: a person gets the words of the page's language for the status instead.
  return portal::ErrorPage(deps, req, status, "");
}

}  // namespace civic311
