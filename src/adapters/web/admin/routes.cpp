#include "adapters/web/admin/handlers.hpp"

namespace civic311 {

void AddAdminRoutes(http::Router& router, std::shared_ptr<const AdminDeps> deps) {
  using http::Method;
  auto bind = [deps](http::Response (*fn)(const AdminDeps&, const http::Request&)) {
    return [deps, fn](const http::Request& req) {
      // One configuration version for the whole page (PinCity, adapters/web/portal/portal.hpp).
      auto web = PinCity(deps->console->web);
      if (web == deps->console->web) return fn(*deps, req);
      auto console = std::make_shared<ConsoleDeps>(*deps->console);
      console->web = std::move(web);
      AdminDeps pinned = *deps;
      pinned.console = std::move(console);
      return fn(pinned, req);
    };
  };
  namespace a = admin;
  router.Add(Method::kGet, "/staff/admin", bind(a::GetOverview));
  router.Add(Method::kGet, "/staff/admin/document", bind(a::GetDocument));
  router.Add(Method::kPost, "/staff/admin/document", bind(a::PostDocument));
  router.Add(Method::kGet, "/staff/admin/route", bind(a::GetRoute));
  router.Add(Method::kGet, "/staff/admin/versions/{n}", bind(a::GetVersion));
  router.Add(Method::kPost, "/staff/admin/versions/{n}/revert", bind(a::PostRevert));
  router.Add(Method::kGet, "/staff/admin/users", bind(a::GetUsers));
  router.Add(Method::kGet, "/staff/admin/users/new", bind(a::GetUserNew));
  router.Add(Method::kPost, "/staff/admin/users/new", bind(a::PostUserNew));
  router.Add(Method::kGet, "/staff/admin/users/{id}", bind(a::GetUserEdit));
  router.Add(Method::kPost, "/staff/admin/users/{id}", bind(a::PostUserEdit));
  router.Add(Method::kPost, "/staff/admin/users/{id}/{action}", bind(a::PostUserState));
  router.Add(Method::kGet, "/staff/admin/keys", bind(a::GetKeys));
  router.Add(Method::kPost, "/staff/admin/keys", bind(a::PostKey));
  router.Add(Method::kPost, "/staff/admin/keys/{id}/revoke", bind(a::PostKeyRevoke));
  router.Add(Method::kGet, "/staff/admin/articles", bind(a::GetArticles));
  router.Add(Method::kGet, "/staff/admin/articles/new", bind(a::GetArticleNew));
  router.Add(Method::kPost, "/staff/admin/articles/save", bind(a::PostArticle));
  // After /new and /save, which win for those two words (never accepted as a short name).
  router.Add(Method::kGet, "/staff/admin/articles/{slug}", bind(a::GetArticlePair));
  router.Add(Method::kPost, "/staff/admin/articles/{slug}", bind(a::PostArticlePair));
  router.Add(Method::kGet, "/staff/admin/articles/{slug}/{lang}", bind(a::GetArticleOneLanguage));
  router.Add(Method::kPost, "/staff/admin/articles/{slug}/{lang}/{action}",
             bind(a::PostArticlePublish));
  router.Add(Method::kGet, "/staff/admin/outbox", bind(a::GetOutbox));
  router.Add(Method::kPost, "/staff/admin/outbox/retry-all", bind(a::PostOutboxRetryAll));
  router.Add(Method::kPost, "/staff/admin/outbox/{id}/retry", bind(a::PostOutboxRetry));
  router.Add(Method::kGet, "/staff/admin/crews", bind(a::GetCrews));
  router.Add(Method::kPost, "/staff/admin/crews", bind(a::PostCrew));
  router.Add(Method::kPost, "/staff/admin/crews/{id}", bind(a::PostCrewUpdate));
  router.Add(Method::kGet, "/staff/admin/{section}", bind(a::GetSection));
  router.Add(Method::kGet, "/staff/admin/{section}/{entry}", bind(a::GetEntry));
  router.Add(Method::kPost, "/staff/admin/{section}/{entry}", bind(a::PostEntry));
  router.Add(Method::kPost, "/staff/admin/{section}/{entry}/delete", bind(a::PostDelete));
}

}  // namespace civic311
