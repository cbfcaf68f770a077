// City: the whole configuration of one city — its calendar, departments, services and areas.
// Built by the config loader (adapters/config), validated, then immutable and shared.
// Thread-safety: immutable after construction; share it as std::shared_ptr<const City>.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/areas.hpp"
#include "domain/escalation.hpp"
#include "domain/lifecycle.hpp"
#include "domain/media_limits.hpp"
#include "domain/response_template.hpp"
#include "domain/service.hpp"
#include "domain/sla.hpp"
#include "domain/webhook.hpp"

namespace civic311 {

// [branding]: the city's look, the one source for every page and every message (docs/config.md).
// Older files may still set logo_url, the colours and footer_links under [portal]; the loader
// reads them into this same struct (a key set in both places is a mistake).
struct Branding {
  std::string name;                       // shown in headers and signatures; default City::name
  std::string logo_url;                   // a path on this server or an http(s) URL; empty: name
  std::string primary_color = "#0b4f8a";  // #rrggbb: header, buttons, the app's theme colour
  std::string accent_color = "#ffbf47";   // #rrggbb: focus rings and highlights
  struct Link {
    std::string label;  // the default label, shown in a language that has none of its own
    std::string url;
    // The label in other languages (i18n.es.label = "Sitio web de la ciudad"): by language code.
    // Localized(city, lang) puts the one for `lang` in `label`.
    std::map<std::string, std::string> label_i18n;
  };
  std::vector<Link> footer_links;
  std::string reply_to;  // Reply-To of every e-mail (an address); empty: none
};

// [portal]: how the resident portal behaves for this city (docs/portal.md); its look is Branding.
struct PortalSettings {
  std::vector<std::string> featured_services;  // home page buttons (service codes), in order
  bool require_account = false;                // residents must sign in to report
  // Map tiles (Leaflet URL template) and their attribution; the map is never required.
  std::string tile_url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  std::string tile_attribution = "© OpenStreetMap contributors";
};

// A person to alert when an emergency is not acknowledged by dispatch in time ([dispatch]
// on_duty, docs/config.md): by e-mail and by SMS, in `lang`. At least one of email/phone is set.
struct OnDutyContact {
  std::string name;
  std::string email;
  std::string phone;
  std::string lang = "en";
};

struct City {
  std::string name;             // "Demo City"
  std::string jurisdiction_id;  // Open311 jurisdiction_id, e.g. "democity.example"
  std::string base_url;         // public URL, for discovery (may be empty: derive from Host)
  std::string contact;          // discovery "contact" text
  std::optional<std::string> dispatch_department;  // where emergencies go
  // Rough city bounds; a point outside is rejected. The exact boundary is in `areas`.
  struct Bounds {
    double min_lat = -90, min_lon = -180, max_lat = 90, max_lon = 180;
    bool Contains(double lat, double lon) const {
      return lat >= min_lat && lat <= max_lat && lon >= min_lon && lon <= max_lon;
    }
  } bounds;
  std::shared_ptr<const CityCalendar> calendar;
  std::vector<Department> departments;
  std::vector<Service> services;  // in catalogue order

  // Areas, the city boundary and the routing rules (domain/routing.hpp). The loader always sets
  // it; its boundary is the configured polygon, else the bounds rectangle. nullptr (hand-built
  // cities in tests): no areas or rules, and the bounds are the boundary.
  std::shared_ptr<const AreaIndex> areas;
  // [workflow]: reopen window and clock-stopping states.
  LifecycleConfig lifecycle;
  // An open request this close to its due time is "at risk" (empty: never flagged).
  SlaTarget due_soon;
  // Whether a transfer to another department starts the SLA clock again.
  bool transfer_restarts_clock = false;
  std::vector<EscalationRule> escalations;  // [[escalations]], in file order
  std::vector<WebhookEndpoint> webhooks;    // [[webhooks]], in file order
  // [dispatch]: who is alerted when an emergency push is not acknowledged (a 2xx) in time.
  std::vector<OnDutyContact> on_duty;
  std::chrono::seconds dispatch_ack_timeout{60};
  // [[response_templates]], in file order (domain/response_template.hpp).
  std::vector<ResponseTemplate> response_templates;
  Branding branding;      // [branding] (and the older [portal] look keys)
  PortalSettings portal;  // [portal]
  MediaLimits media;      // [media]: photo and video limits

  const Service* FindService(std::string_view code) const;
  const Department* FindDepartment(std::string_view code) const;
};

// The city as residents reading `lang` see it: every service and department in their words
// (domain/service.hpp Localized) and the footer links' labels in `lang` (the default label where
// a link has none); everything else unchanged.
City Localized(const City& city, std::string_view lang);

}  // namespace civic311
