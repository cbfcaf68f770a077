// The desk's "mark duplicate" with nearby candidates (docs/console.md): requests of the same
// service around this one (FindDuplicateCandidates, the portal's "is this it?" store query),
// nearest first, each with its first photo's thumbnail, state and age, and a button that closes
// this request as a duplicate of it through the workflow's close_duplicate action (the same
// POST /staff/requests/{id}/act as the form with a typed number, so policy, lifecycle, audit and
// the followers' move are the workflow's).
#include "adapters/web/staff/desk.hpp"
#include "app/duplicate_candidates.hpp"
#include "app/media_service.hpp"

namespace civic311::console {
namespace json = boost::json;
namespace {

// The radius choices the page offers (metres); the default is DuplicateSearch's.
constexpr int kRadiusChoices[] = {100, 250, 500, 1000};

int RadiusParam(const http::Request& req) {
  const std::string_view p = req.Param("dup_radius");
  for (int r : kRadiusChoices)
    if (p == std::to_string(r)) return r;
  return static_cast<int>(DuplicateSearch::kDefaultRadiusMeters);
}

}  // namespace

void AddDuplicateCandidates(const D& d, const StaffVisit& s, const http::Request& req,
                            const ServiceRequest& r, json::object* view) {
  const PortalDeps& w = *d.web;
  const std::string& lang = s.visit.lang;
  const int radius = RadiusParam(req);
  json::array radii;
  for (int choice : kRadiusChoices)
    radii.push_back(json::object{{"m", choice},
                                 {"text", w.messages->Distance(lang, choice)},
                                 {"selected", choice == radius}});
  json::object dup{{"radii", std::move(radii)}, {"has_point", r.lat && r.lon}};
  if (w.requests != nullptr && r.lat && r.lon) {
    DuplicateSearch search;
    search.radius_m = radius;
    auto found = FindDuplicateCandidates(*w.requests, r, search);
    json::array candidates;
    if (found.ok()) {
      const Timestamp now = DeskNow();
      for (const DuplicateCandidate& c : *found) {
        const ServiceRequest& o = c.request;
        json::object cv{{"id", o.id},
                        {"address", o.address},
                        {"description", o.description.substr(0, 140)},
                        {"state", StateName(o.state)},
                        {"state_label", portal::StateWords(w, lang, o.state)},
                        {"open", IsOpen(o.state)},
                        {"age", portal::FormatAge(w, lang, now, o.requested_at)},
                        {"distance", w.messages->Distance(lang, c.distance_m)}};
        if (w.media != nullptr) {
          auto media = w.media->ForRequest(o.id, /*include_hidden=*/false);
          if (media.ok() && !media->empty() && media->front().has_thumbnail)
            cv["thumb"] = media->front().ThumbnailPath();
        }
        candidates.push_back(std::move(cv));
      }
    } else {
      dup["failed"] = true;  // the page still works: the number can be typed
    }
    dup["has_candidates"] = !candidates.empty();
    dup["candidates"] = std::move(candidates);
  }
  (*view)["dup"] = std::move(dup);
}

}  // namespace civic311::console
