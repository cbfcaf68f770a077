// The call-centre desk's look-up (docs/console.md, "The call-centre desk"): what the agent types
// is tried as a tracking number, as the caller's contact details (e-mail, phone or name:
// CallerLookup, only for roles that may see contact details, each request shown audited as a
// contact view) and as words of the staff list (description, address, service); then the open
// requests near the first place found — the caller's latest located request, a match, or the
// address itself when the gazetteer knows it well.
#include <set>

#include "adapters/web/staff/console_page.hpp"
#include "adapters/web/staff/handlers.hpp"
#include "app/caller_lookup.hpp"
#include "app/geocoder.hpp"
#include "app/request_service.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

constexpr double kNearbyMeters = 250;
constexpr int kNearbyLimit = 8;
constexpr int kFoundLimit = 20;

Timestamp Now() {
  return std::chrono::time_point_cast<Timestamp::duration>(std::chrono::system_clock::now());
}

json::object Row(const PortalDeps& w, const std::string& lang, Timestamp now,
                 const ServiceRequest& r) {
  return json::object{{"id", r.id},
                      {"service", r.service_name},
                      {"state_label", portal::StateWords(w, lang, r.state)},
                      {"open", IsOpen(r.state)},
                      {"address", r.address},
                      {"age", portal::FormatAge(w, lang, now, r.requested_at)}};
}

struct Point {
  double lat = 0, lon = 0;
};

std::optional<Point> PointOf(const ServiceRequest& r) {
  if (!r.lat || !r.lon) return std::nullopt;
  return Point{*r.lat, *r.lon};
}

}  // namespace

void AddDeskLookup(const D& d, const StaffVisit& s, const http::Request& req, json::object* view) {
  const PortalDeps& w = *d.web;
  const std::string& lang = s.visit.lang;
  const std::string find(req.Param("find"));
  (*view)["find_value"] = find;
  (*view)["may_look_up_callers"] = d.callers != nullptr && CallerLookup::MayLookUp(s.actor);
  if (find.empty()) return;
  const Timestamp now = Now();
  std::set<RequestId> shown;
  std::optional<Point> centre;
  json::array found;
  // A tracking number opens that request.
  if (auto id = portal::ParseId(find)) {
    if (auto r = w.workflow->Get(s.actor, *id); r.ok()) {
      found.push_back(Row(w, lang, now, *r));
      shown.insert(r->id);
      centre = PointOf(*r);
    }
  }
  // The caller's contact details: their earlier requests, newest first, with who they are.
  if (d.callers != nullptr && CallerLookup::MayLookUp(s.actor) && ParseContactQuery(find)) {
    auto mine = d.callers->Find(s.actor, find, kFoundLimit);
    if (mine.ok()) {
      json::array rows;
      for (const RequestDetail& detail : *mine) {
        const ServiceRequest& r = detail.request;
        if (!(*view).contains("caller")) {
          const Contact& c = r.contact;
          (*view)["caller"] =
              json::object{{"name", c.first_name + (c.last_name.empty() ? "" : " ") + c.last_name},
                           {"email", c.email},
                           {"phone", c.phone},
                           {"lang", c.lang}};
        }
        rows.push_back(Row(w, lang, now, r));
        shown.insert(r.id);
        if (!centre) centre = PointOf(r);
      }
      (*view)["caller_requests"] = std::move(rows);
    }
  }
  // Words of the staff list (an address, a description) — not a phone number or e-mail.
  if (auto contact = ParseContactQuery(find);
      !contact || contact->kind == ContactQuery::Kind::kName) {
    StaffQuery q;
    q.text = find;
    q.limit = kFoundLimit;
    if (auto rows = w.workflow->ListItems(s.actor, q); rows.ok()) {
      for (const StaffListItem& item : *rows) {
        if (!shown.insert(item.request.id).second) continue;
        found.push_back(Row(w, lang, now, item.request));
        if (!centre) centre = PointOf(item.request);
      }
    }
    // An address the gazetteer knows well is a place even when nothing was reported there.
    if (!centre && w.geocoder != nullptr) {
      if (auto place = ConfidentPlace(*w.geocoder, find)) {
        centre = Point{place->lat, place->lon};
        (*view)["place_label"] = place->label;
      }
    }
  }
  // Open requests near the place: is the caller's problem reported already?
  json::array nearby;
  if (centre && w.requests != nullptr) {
    RequestQuery q;
    for (RequestState st : kAllStates) {
      if (IsOpen(st)) q.states.push_back(st);
    }
    q.limit = kNearbyLimit + static_cast<int>(shown.size());
    auto near = w.requests->ListWithin(q, GeoCircle{centre->lat, centre->lon, kNearbyMeters});
    if (near.ok()) {
      for (const ServiceRequest& r : *near) {
        if (shown.contains(r.id) || static_cast<int>(nearby.size()) >= kNearbyLimit) continue;
        nearby.push_back(Row(w, lang, now, r));
      }
    }
  }
  (*view)["has_found"] = !found.empty();
  (*view)["found"] = std::move(found);
  (*view)["has_nearby"] = !nearby.empty();
  (*view)["nearby"] = std::move(nearby);
  (*view)["searched"] = true;
}

}  // namespace civic311::console
