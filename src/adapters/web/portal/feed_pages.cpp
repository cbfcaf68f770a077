// The Atom feeds (docs/portal.md, "Feeds"), all written by atom_writer: /requests.atom (the
// public list, same filters as /requests), /feeds/areas/{area}.atom (new requests in a named
// area of the city) and /alerts/{token}.atom (an area alert's private feed). Entries carry the
// public fields the list page shows — service, address, state, dates, the status page link —
// never a description, contact, name or internal request.
#include "adapters/web/portal/atom_writer.hpp"
#include "adapters/web/portal/handlers.hpp"
#include "adapters/web/portal/page.hpp"
#include "app/alert_service.hpp"

namespace civic311::portal {
namespace {

constexpr int kFeedEntries = 50;

// Absolute links: the city's configured base URL, else this request's scheme and host.
std::string Base(const D& d, const http::Request& req) {
  std::string base = d.city->base_url;
  if (base.empty()) {
    std::string_view host = req.Header("host");
    if (host.empty() || host.find_first_of("/\\ \"<>") != std::string_view::npos)
      host = "localhost";
    base = std::string(req.secure ? "https://" : "http://") + std::string(host);
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

AtomEntry Entry(const D& d, std::string_view lang, const std::string& base,
                const ServiceRequest& r) {
  AtomEntry e;
  e.link = base + "/requests/" + std::to_string(r.id);
  e.id = e.link;
  e.title = r.service_name + (r.address.empty() ? "" : " — " + r.address);
  e.summary = "#" + std::to_string(r.id) + " · " + StateWords(d, lang, r.state);
  e.category = r.service_code;
  e.published = r.requested_at;
  e.updated = r.updated_at > r.requested_at ? r.updated_at : r.requested_at;
  return e;
}

http::Response Feed(const D& d, std::string_view lang, const std::string& base, AtomFeed feed,
                    const std::vector<ServiceRequest>& requests) {
  feed.author = d.city->name;
  for (const ServiceRequest& r : requests) {
    if (r.internal) continue;  // never, whatever the query returned
    feed.entries.push_back(Entry(d, lang, base, r));
    if (feed.entries.back().updated > feed.updated) feed.updated = feed.entries.back().updated;
  }
  if (feed.entries.empty()) feed.updated = d.requests->Now();
  http::Response res;
  res.content_type = "application/atom+xml; charset=utf-8";
  res.body = WriteAtom(feed);
  AddSecurityHeaders(res);
  res.SetHeader("Cache-Control", "public, max-age=60");
  return res;
}

}  // namespace

http::Response GetRequestsFeed(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  ListFilters f = ParseListFilters(d, req, d.requests->Now());
  f.query.limit = kFeedEntries;
  auto list = ListFiltered(d, f);
  if (!list.ok()) return ErrorPage(d, req, list.error());
  const std::string base = Base(d, req);
  AtomFeed feed;
  feed.self = base + "/requests.atom?" + f.link_query;
  feed.id = feed.self;
  feed.alternate = base + "/requests?" + f.link_query;
  feed.title = d.city->name + ": " + std::string(d.messages->Get(v.lang, "alerts_feed_list_title"));
  return Feed(d, v.lang, base, std::move(feed), *list);
}

http::Response GetAreaFeed(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  const std::string slug = req.path_params.empty() ? "" : req.path_params[0];
  const Area* area = d.city->areas ? FindAreaBySlug(*d.city->areas, slug) : nullptr;
  if (area == nullptr) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  // The area as an alert of every service: the same exact matching as e-mailed alerts.
  AreaAlert a;
  a.area = area->name;
  if (Status s = MakeAlertShape(a, *d.city->areas); !s.ok()) return ErrorPage(d, req, s.error());
  std::vector<ServiceRequest> requests;
  if (d.alerts) {
    auto list = d.alerts->AlertRequests(a, kFeedEntries);
    if (!list.ok()) return ErrorPage(d, req, list.error());
    requests = std::move(*list);
  }
  const std::string base = Base(d, req);
  AtomFeed feed;
  feed.self = base + "/feeds/areas/" + AreaSlug(area->name) + ".atom";
  feed.id = feed.self;
  feed.alternate = base + "/requests";
  feed.title = d.city->name + ": " +
               d.messages->Format(v.lang, "alerts_feed_area_title", {{"area", area->name}});
  return Feed(d, v.lang, base, std::move(feed), requests);
}

http::Response GetAlertFeed(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  const std::string token = req.path_params.empty() ? "" : req.path_params[0];
  if (!d.alerts) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  auto alert = d.alerts->FindByFeedToken(token);
  if (!alert.ok()) return ErrorPage(d, req, alert.error());
  if (!*alert) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  AreaAlert a = **alert;
  const AreaIndex none;
  (void)MakeAlertShape(a, d.city->areas ? *d.city->areas : none);  // the box, recomputed
  auto list = d.alerts->AlertRequests(a, kFeedEntries);
  if (!list.ok()) return ErrorPage(d, req, list.error());
  const std::string base = Base(d, req);
  AtomFeed feed;
  feed.self = base + "/alerts/" + a.feed_token + ".atom";
  feed.id = "urn:civic311:alert:" + a.feed_token;
  feed.title = d.city->name + ": " +
               d.messages->Format(a.lang.empty() ? v.lang : a.lang, "alerts_feed_alert_title",
                                  {{"label", a.label}});
  http::Response res = Feed(d, a.lang.empty() ? v.lang : a.lang, base, std::move(feed), *list);
  // A private capability URL: never cached by shared caches, never sent on as a referrer.
  for (auto& [name, value] : res.headers)
    if (name == "Cache-Control") value = "private, no-store";
  return res;
}

}  // namespace civic311::portal
