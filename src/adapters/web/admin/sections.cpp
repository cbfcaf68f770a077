#include "adapters/web/admin/sections.hpp"

namespace civic311::admin {

const std::vector<Section>& Sections() {
  static const std::vector<Section> kSections = [] {
    std::vector<Section> s;
    s.push_back(
        {"services",
         "services",
         "",
         "code",
         "name",
         {{"code", Kind::kText},
          {"name", Kind::kText},
          {"description", Kind::kLong},
          {"group", Kind::kText},
          {"keywords", Kind::kList},
          {"department", Kind::kText},
          {"type", Kind::kSelect, false, {"", "realtime", "batch", "blackbox"}},
          {"sla", Kind::kText},
          {"emergency", Kind::kBool},
          {"takes_reports", Kind::kBool, true},
          {"service_notice", Kind::kLong}},
         "attributes",
         {{"code", Kind::kText},
          {"datatype",
           Kind::kSelect,
           false,
           {"", "string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}},
          {"description", Kind::kText},
          {"required", Kind::kBool},
          {"variable", Kind::kBool, true},
          {"order", Kind::kInteger},
          {"datatype_description", Kind::kText},
          {"values", Kind::kChoices}}});
    s.push_back({"departments",
                 "departments",
                 "",
                 "code",
                 "name",
                 {{"code", Kind::kText},
                  {"name", Kind::kText},
                  {"email", Kind::kText},
                  {"dispatch", Kind::kBool}},
                 "",
                 {}});
    s.push_back({"areas",
                 "areas",
                 "",
                 "name",
                 "kind",
                 {{"name", Kind::kText},
                  {"kind", Kind::kSelect, false, {"", "district", "ward", "zone"}},
                  {"geometry", Kind::kLong}},
                 "",
                 {}});
    s.push_back({"rules",
                 "routing.rules",
                 "",
                 "service",
                 "department",
                 {{"service", Kind::kText}, {"area", Kind::kText}, {"department", Kind::kText}},
                 "",
                 {}});
    s.push_back({"templates",
                 "response_templates",
                 "",
                 "id",
                 "title",
                 {{"id", Kind::kText},
                  {"title", Kind::kText},
                  {"state", Kind::kText},
                  {"services", Kind::kList},
                  {"text", Kind::kLong},
                  {"text_es", Kind::kLong}},
                 "",
                 {}});
    s.push_back({"calendar",
                 "",
                 "calendar",
                 "",
                 "",
                 {{"opens", Kind::kText},
                  {"closes", Kind::kText},
                  {"workdays", Kind::kList},
                  {"holidays", Kind::kList},
                  {"recurring_holidays", Kind::kList}},
                 "",
                 {}});
    // The look lives in [branding] (the older [portal] keys still load, but a key in both is a
    // mistake): the form writes [branding], so a city's colours are edited where they are.
    s.push_back({"branding",
                 "",
                 "branding",
                 "",
                 "",
                 {{"logo_url", Kind::kText},
                  {"primary_color", Kind::kText},
                  {"accent_color", Kind::kText},
                  {"reply_to", Kind::kText}},
                 "",
                 {}});
    s.push_back({"portal",
                 "",
                 "portal",
                 "",
                 "",
                 {{"featured_services", Kind::kList},
                  {"require_account", Kind::kBool},
                  {"tile_url", Kind::kText},
                  {"tile_attribution", Kind::kText}},
                 "",
                 {}});
    s.push_back({"escalations",
                 "escalations",
                 "",
                 "name",
                 "when",
                 {{"name", Kind::kText},
                  {"when", Kind::kSelect, false, {"", "overdue", "due_soon"}},
                  {"service", Kind::kText},
                  {"notify", Kind::kText}},
                 "",
                 {}});
    // Webhook endpoints ([[webhooks]], docs/webhooks.md): the secret is never in the document,
    // only where `serve` reads it. Changes here take effect at the next restart.
    s.push_back({"webhooks",
                 "webhooks",
                 "",
                 "name",
                 "url",
                 {{"name", Kind::kText},
                  {"url", Kind::kText},
                  {"events", Kind::kList},
                  {"secret_env", Kind::kText},
                  {"secret_file", Kind::kText},
                  {"enabled", Kind::kBool, true}},
                 "",
                 {}});
    return s;
  }();
  return kSections;
}

const Section* FindSection(std::string_view slug) {
  for (const Section& s : Sections())
    if (s.slug == slug) return &s;
  return nullptr;
}

}  // namespace civic311::admin
