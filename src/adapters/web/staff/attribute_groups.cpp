#include "adapters/web/staff/attribute_groups.hpp"

#include "adapters/web/portal/report_views.hpp"

namespace civic311::console {
namespace json = boost::json;

json::array AttributeGroups(const City& city, const portal::Draft& draft,
                            const std::map<std::string, std::string>& errors,
                            std::string_view id_prefix,
                            const std::function<bool(const Service&)>& include) {
  json::array groups;
  const portal::Draft none;
  for (const Service& svc : city.services) {
    if (svc.attributes.empty() || !include(svc)) continue;
    const bool chosen = svc.code == draft.service_code;
    json::array attrs = portal::AttributeViews(
        svc, chosen ? draft : none, chosen ? errors : std::map<std::string, std::string>{});
    const std::string prefix = std::string(id_prefix) + svc.code + "-";
    for (json::value& a : attrs) {
      json::object& o = a.as_object();
      // The partial's sections must not fall through to the page's own keys ("error" is the
      // page's summary): every one it asks is present on each attribute.
      for (const char* k : {"info", "error", "hint"}) {
        if (!o.contains(k)) o[k] = false;
      }
      o["id"] = prefix + std::string(o["id"].as_string());
      if (auto* choices = o.if_contains("choices")) {
        for (json::value& c : choices->as_array()) {
          json::object& co = c.as_object();
          co["id"] = prefix + std::string(co["id"].as_string());
        }
      }
    }
    groups.push_back(json::object{{"code", svc.code}, {"chosen", chosen}, {"attributes", attrs}});
  }
  return groups;
}

}  // namespace civic311::console
