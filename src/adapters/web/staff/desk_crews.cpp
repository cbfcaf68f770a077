// The queue's crew filter (docs/console.md, "Crews"): a request "assigned to a crew" is one with
// an unfinished work order naming that crew of the register.
#include "adapters/web/staff/desk.hpp"
#include "app/crew_service.hpp"

namespace civic311::console {
namespace json = boost::json;

void AddCrewFilter(const D& d, const StaffVisit& s, const http::Request& req, json::object* view) {
  if (d.crews == nullptr) return;
  const std::string_view chosen = req.Param("crew");
  const std::string inactive(d.web->messages->Get(s.visit.lang, "crews_inactive"));
  json::array options;
  for (const std::string& department : s.actor.departments) {
    auto crews = d.crews->List(s.actor, department);
    if (!crews.ok()) continue;  // not theirs to see: no choice offered
    for (const Crew& c : *crews) {
      const std::string id = std::to_string(c.id);
      options.push_back(json::object{{"id", id},
                                     {"name", c.active ? c.name : c.name + " (" + inactive + ")"},
                                     {"selected", id == chosen}});
    }
  }
  if (options.empty()) return;
  (*view)["crew_filter"] = std::move(options);
  (*view)["has_crew_filter"] = true;
}

}  // namespace civic311::console
