// /requests: the status page of one request (and what a resident may do on it), the public list
// and map, and "check a request" by tracking number. Only public fields are ever rendered: no
// contact, no internal notes, no names of staff.
#include <chrono>

#include "adapters/web/portal/handlers.hpp"
#include "adapters/web/portal/page.hpp"
#include "app/me_too.hpp"
#include "app/media_service.hpp"
#include "base/percent_encode.hpp"

namespace civic311::portal {
namespace json = boost::json;
namespace {

constexpr int kPageSize = 50;

std::string Path(RequestId id) { return "/requests/" + std::to_string(id); }

json::array Photos(const D& d, const ServiceRequest& r) {
  json::array out;
  if (d.media != nullptr) {
    auto items = d.media->ForRequest(r.id, /*include_hidden=*/false);
    if (items.ok()) {
      for (const MediaItem& m : *items) {
        out.push_back(json::object{{"url", m.Path()},
                                   {"thumb", m.has_thumbnail ? m.ThumbnailPath() : m.Path()},
                                   {"video", m.kind == MediaKind::kVideo}});
      }
    }
  }
  return out;
}

json::object Row(const D& d, const Visit& v, Timestamp now, const ServiceRequest& r) {
  const std::string_view lang = v.lang;
  json::object o{{"id", r.id},
                 {"service_name", ServiceNameOf(d, v, r)},
                 {"address", r.address},
                 {"state", StateWords(d, lang, r.state)},
                 {"open", IsOpen(r.state)},
                 {"age", FormatAge(d, lang, now, r.requested_at)},
                 {"date", FormatDate(d, lang, r.requested_at)}};
  if (r.lat && r.lon) {
    o["lat"] = *r.lat;
    o["lon"] = *r.lon;
  }
  return o;
}

// Who says "me too" on this visit: the signed-in resident, else the visitor's own random cookie
// (the anonymous CSRF cookie, which every form post of this visitor already carries).
std::optional<Supporter> SupporterOf(const Visit& v, const http::Request& req) {
  if (v.actor) return MeToo::ForUser(v.actor->user_id);
  const std::string_view cookie = req.Cookie(web::kCsrfCookie);
  if (cookie.size() < 16) return std::nullopt;
  return MeToo::ForVisitor(cookie);
}

}  // namespace

http::Response GetRequestPage(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  auto id = ParseId(req.path_params.empty() ? "" : req.path_params[0]);
  if (!id) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  auto r = d.requests->Get(*id);
  if (!r.ok()) return ErrorPage(d, req, r.error());
  const Timestamp now = d.requests->Now();
  json::object view = BaseView(
      d, v, req, d.messages->Format(v.lang, "request_title", {{"id", std::to_string(r->id)}}));
  view["id"] = r->id;
  view["version"] = r->version;
  view["service_name"] = ServiceNameOf(d, v, *r);
  view["description"] = r->description;
  view["address"] = r->address;
  view["state"] = StateWords(d, v.lang, r->state);
  view["state_code"] = std::string(StateName(r->state));
  view["open"] = IsOpen(r->state);
  view["fixed"] = r->state == RequestState::kFixed;
  view["emergency"] = r->emergency;
  view["requested"] = FormatDate(d, v.lang, r->requested_at);
  view["age"] = FormatAge(d, v.lang, now, r->requested_at);
  if (r->expected_at && IsOpen(r->state)) view["expected"] = FormatDate(d, v.lang, *r->expected_at);
  if (const Department* dep = v.city->FindDepartment(r->department_code)) {
    view["department"] = dep->name;
  }
  if (r->parent_id) view["parent_id"] = *r->parent_id;
  if (r->lat && r->lon) {
    view["lat"] = *r->lat;
    view["lon"] = *r->lon;
  }
  view["photos"] = Photos(d, *r);
  if (!r->media_url.empty() && r->media_url.starts_with("https://")) {
    view["media_url"] = r->media_url;
  }
  // The public timeline: what an anonymous visitor may see (never internal events).
  json::array timeline;
  auto detail = d.workflow->GetDetail(Actor::Anonymous(), r->id);
  if (detail.ok()) {
    for (const TimelineEvent& e : detail->timeline) {
      if (e.internal) continue;
      timeline.push_back(json::object{{"date", FormatDate(d, v.lang, e.at)},
                                      {"state", StateWords(d, v.lang, e.state)},
                                      {"text", e.text}});
    }
  }
  view["timeline"] = std::move(timeline);
  if (v.actor) {
    auto following = d.workflow->IsFollowing(*v.actor, r->id);
    view["following"] = following.ok() && *following;
  }
  AddFollowView(d, v, req, *r, view);
  // Reopening is for the reporter within the window: the use case decides; offer it when closed.
  view["closed"] = IsClosed(r->state);
  view["notice"] = std::string(req.Param("done"));
  view["notice_metoo"] = req.Param("done") == "metoo";
  if (d.me_too != nullptr) {
    // "N people reported this": the reporter and everyone who said "me too".
    if (auto people = d.me_too->People(r->id); people.ok() && *people > 1) {
      view["people"] =
          d.messages->Format(v.lang, "p2_people_reported", {{"n", std::to_string(*people)}});
    }
    const std::optional<Supporter> who = SupporterOf(v, req);
    bool already = false;
    if (who) {
      auto has = d.me_too->Has(r->id, *who);
      already = has.ok() && *has;
    }
    view["is_supporter"] = already;
    view["can_metoo"] = IsOpen(r->state) && !already;
  }
  return Render(d, v, req, "request", std::move(view));
}

http::Response PostRequestAction(const D& d, const http::Request& req) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return ErrorPage(d, req, s.error());
  Visit v = Begin(d, req);
  auto id = ParseId(req.path_params.empty() ? "" : req.path_params[0]);
  if (!id || req.path_params.size() < 2) {
    return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  }
  const std::string_view what = req.path_params[1];
  // Anyone may follow by e-mail (confirmed by link); signed in, one click.
  if (what == "follow" && !v.actor && d.alerts) return PostFollowByEmail(d, req, *id);
  if (what == "metoo" && d.me_too != nullptr) {
    // Anyone may say "me too", signed in or not (a visitor counts once per browser).
    const std::optional<Supporter> who = SupporterOf(v, req);
    if (!who) return ErrorPage(d, req, 403, d.messages->Get(v.lang, "error_403"));
    auto people = d.me_too->Add(*id, *who);
    if (!people.ok()) return ErrorPage(d, req, people.error());
    // A signed-in resident who has the same problem wants to hear about it: they follow it too.
    if (v.actor) (void)d.workflow->Follow(*v.actor, *id, true);
    return Redirect(Path(*id) + "?done=metoo", &v);
  }
  if (!v.actor) return Redirect("/account?next=" + Path(*id), &v);
  Status done = OkStatus();
  if (what == "follow") {
    done = d.workflow->Follow(*v.actor, *id, req.Param("on") != "0");
  } else if (what == "info" || what == "reopen") {
    ActionInput in;
    in.action = what == "info" ? Action::kAddInfo : Action::kReopen;
    in.text = std::string(req.Param("text"));
    auto version = ParseId(req.Param("version"));
    in.version = version.value_or(0);
    auto acted = d.workflow->Act(*v.actor, *id, in);
    if (!acted.ok()) done = std::move(acted).error();
  } else if (what == "survey") {  // "was this fixed?": the same use case as the e-mail's links
    auto answered = d.workflow->AnswerSurvey(
        *v.actor, SurveyInput{*id, req.Param("fixed") == "1", std::string(req.Param("comment")),
                              "portal", ""});
    if (!answered.ok()) done = std::move(answered).error();
  } else {
    return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  }
  if (!done.ok()) return ErrorPage(d, req, done.error());
  return Redirect(Path(*id) + "?done=" + std::string(what), &v);
}

http::Response GetFindRequest(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  auto id = ParseId(req.Param("number"));
  if (id) {
    if (auto r = d.requests->Get(*id); r.ok()) return Redirect(Path(*id), &v);
  }
  json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "find_title"));
  view["number"] = std::string(req.Param("number"));
  view["not_found"] = !req.Param("number").empty();
  return Render(d, v, req, "find", std::move(view), req.Param("number").empty() ? 200 : 404);
}

ListFilters ParseListFilters(const D& d, const http::Request& req, Timestamp now) {
  ListFilters f;
  RequestQuery& q = f.query;
  f.service = std::string(req.Param("service"));
  f.state = std::string(req.Param("state"));
  const std::string days(req.Param("days"));
  if (!f.service.empty() && d.city->FindService(f.service) != nullptr)
    q.service_codes = {f.service};
  for (RequestState s : kAllStates) {
    if ((f.state == "open" && IsOpen(s)) || (f.state == "closed" && IsClosed(s)))
      q.states.push_back(s);
  }
  if (days == "7") f.window = 7;
  if (days == "30") f.window = 30;
  q.start = now - std::chrono::days(f.window);
  f.page = static_cast<int>(std::min<std::int64_t>(ParseId(req.Param("page")).value_or(1), 1000));
  // The city's named areas (wards, districts): requests whose point lies inside.
  const std::string_view area_name = req.Param("area");
  if (d.city->areas && !area_name.empty()) {
    for (const Area& a : d.city->areas->areas()) {
      if (a.name == area_name) f.area = &a;
    }
  }
  // Only values we recognised go back into links.
  f.link_query = "service=" + (q.service_codes.empty() ? "" : f.service) +
                 "&state=" + (q.states.empty() ? "" : f.state) +
                 "&area=" + (f.area != nullptr ? PercentEncode(f.area->name) : "") +
                 "&days=" + std::to_string(f.window);
  return f;
}

Result<std::vector<ServiceRequest>> ListFiltered(const D& d, const ListFilters& f) {
  return f.area != nullptr ? d.requests->ListInArea(f.query, *f.area) : d.requests->List(f.query);
}

http::Response GetRequestList(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  const Timestamp now = d.requests->Now();
  ListFilters f = ParseListFilters(d, req, now);
  RequestQuery& q = f.query;
  const int page = f.page;
  q.limit = kPageSize + 1;  // one more tells whether there is a next page
  q.offset = (page - 1) * kPageSize;
  auto list = ListFiltered(d, f);
  if (!list.ok()) return ErrorPage(d, req, list.error());
  const bool more = static_cast<int>(list->size()) > kPageSize;
  if (more) list->pop_back();
  json::array rows;
  for (const ServiceRequest& r : *list) rows.push_back(Row(d, v, now, r));
  json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "list_title"));
  view["rows"] = std::move(rows);
  view["empty"] = list->empty();
  json::array services;
  for (const Service& s : v.city->services) {
    if (!s.takes_reports) continue;
    services.push_back(
        json::object{{"code", s.code}, {"name", s.name}, {"selected", s.code == f.service}});
  }
  view["services"] = std::move(services);
  json::array areas;
  if (d.city->areas) {
    for (const Area& a : d.city->areas->areas()) {
      areas.push_back(json::object{{"name", a.name}, {"selected", &a == f.area}});
    }
  }
  view["areas"] = std::move(areas);
  view["state_open"] = f.state == "open";
  view["state_closed"] = f.state == "closed";
  view["days_7"] = f.window == 7;
  view["days_30"] = f.window == 30;
  view["days_90"] = f.window == 90;
  const std::string& filters = f.link_query;
  view["feed_url"] = "/requests.atom?" + filters;
  if (page > 1) view["prev"] = "/requests?" + filters + "&page=" + std::to_string(page - 1);
  if (more) view["next"] = "/requests?" + filters + "&page=" + std::to_string(page + 1);
  view["page"] = page;
  return Render(d, v, req, "requests", std::move(view));
}

}  // namespace civic311::portal
