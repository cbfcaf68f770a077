// The desk's counts and clock (docs/console.md): how many people follow the request (signed in,
// and by confirmed e-mail), how many reported it ("me too": the reporter plus supporters), and the
// total time its SLA clock has been stopped (clock-stopping states, domain/sla_pause.hpp) beside
// the due / at risk / overdue / paused badge the page already shows.
#include "adapters/web/staff/desk.hpp"
#include "app/alert_service.hpp"
#include "app/me_too.hpp"
#include "domain/sla_pause.hpp"

namespace civic311::console {
namespace json = boost::json;

void AddCountsAndClock(const D& d, const StaffVisit& s, const RequestDetail& detail,
                       json::object* view) {
  const PortalDeps& w = *d.web;
  const std::string& lang = s.visit.lang;
  const ServiceRequest& r = detail.request;
  if (detail.internal_visible) {
    // The alert store counts both kinds once each (a person following both ways is one);
    // without it, the signed-in followers.
    std::int64_t followers = detail.followers;
    if (w.alerts != nullptr) {
      if (auto all = w.alerts->CountFollowers(r.id); all.ok()) followers = *all;
    }
    (*view)["followers"] =
        w.messages->Format(lang, "desk_followers", {{"n", std::to_string(followers)}});
  }
  if (w.me_too != nullptr && !r.internal) {
    if (auto people = w.me_too->People(r.id); people.ok()) {
      (*view)["me_too"] =
          w.messages->Format(lang, "desk_reported_by", {{"n", std::to_string(*people)}});
    }
  }
  std::vector<StateAt> history;
  history.reserve(detail.timeline.size());
  for (const TimelineEvent& e : detail.timeline) history.push_back({e.at, e.state});
  const auto paused = PausedTime(w.city->lifecycle, history, DeskNow());
  // A pause under a minute reads "0 minutes": shown only while the clock is stopped.
  if (paused >= std::chrono::minutes(1) || detail.workflow.clock_paused_at) {
    (*view)["paused_total"] =
        w.messages->Format(lang, "desk_paused_total", {{"span", Span(d, lang, paused)}});
  }
  (*view)["clock_paused"] = detail.workflow.clock_paused_at.has_value();
}

}  // namespace civic311::console
