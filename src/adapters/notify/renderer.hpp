// MessageRenderer: turns one outbox message into words, through the project's template engine
// (adapters/assets, Mustache): e-mail from templates/email/<event>.<lang>.txt.mustache (first
// line "Subject: …", then the text part) and …html.mustache (the HTML part), SMS from
// templates/sms/<event>.<lang>.txt.mustache. A language without a template falls back to "en".
//
// The view a template sees: "m" (the message's fields: service_request_id, state, public_note,
// …), "t" (the catalog of the message's language, prepared once per language and shared by
// every render rather than copied into each view), "city" (branding), "state_label" (the
// state in the message's language), "links" (status, stop, survey_yes, survey_no: signed, see
// links.hpp) and "resident" (true for messages to a resident: they end with the stop link).
// Values are escaped by the engine (HTML parts), never by us.
// The branding follows the city configuration without a restart: SetBranding (called when an
// admin publishes a new version, main/notify.cpp) replaces it for every later render; a render
// uses one branding throughout.
// Thread-safety: safe from any thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "adapters/assets/message_catalog.hpp"
#include "adapters/assets/template_engine.hpp"
#include "adapters/notify/links.hpp"
#include "app/notify_ports.hpp"
#include "domain/city.hpp"

namespace civic311::notify {

// The city's look in every message: the city config's [branding] (domain Branding), seen by
// templates as "city".
struct Branding {
  std::string city_name;
  std::string logo_url;
  std::string colour = "#1d4f91";
  std::string reply_to;
  struct Link {
    std::string label;  // the default label
    std::string url;
    std::map<std::string, std::string> label_i18n;  // the label in other languages
  };
  std::vector<Link> footer_links;  // labelled in each message's language (default: `label`)
};

// The message branding of a city: its [branding] name (else its name), logo, primary colour,
// reply-to and footer links. Links that are paths on the site become absolute under `public_url`
// (a message is read far from the site).
Branding BrandingOf(const City& city, std::string_view public_url);

struct RenderedEmail {
  std::string subject;
  std::string text;
  std::string html;
  std::string stop_url;  // empty for messages to staff
};

class MessageRenderer {
 public:
  MessageRenderer(const assets::TemplateEngine& engine, const assets::MessageCatalog& catalog,
                  Branding branding, Links links);

  Result<RenderedEmail> Email(const OutboxItem& m) const;
  Result<std::string> Sms(const OutboxItem& m) const;
  const Links& links() const { return links_; }
  // The branding now (a snapshot: keep it for one message).
  std::shared_ptr<const Branding> branding() const { return branding_.load(); }
  void SetBranding(Branding branding);

  // Messages to a resident (reporter, follower, subscriber) carry stop links.
  static bool ToResident(std::string_view event);
  // Follows and area alerts: follow_confirm, follow_update, alert_confirm, alert_new,
  // alert_digest (their links: AddFollowAndAlertLinks).
  static bool IsFollowOrAlert(std::string_view event);

 private:
  Result<boost::json::object> View(const OutboxItem& m) const;
  void AddFollowAndAlertLinks(const OutboxItem& m, const boost::json::object& fields,
                              boost::json::object& view, boost::json::object& links) const;
  std::string TemplateName(std::string_view dir, const OutboxItem& m, std::string_view ext) const;
  // The words of `lang` ("t"), English for a language without a catalog.
  const assets::TemplateEngine::Shared& Words(std::string_view lang) const;

  const assets::TemplateEngine& engine_;
  const assets::MessageCatalog& catalog_;
  std::atomic<std::shared_ptr<const Branding>> branding_;
  Links links_;
  std::map<std::string, std::shared_ptr<const assets::TemplateEngine::Shared>, std::less<>> words_;
};

}  // namespace civic311::notify
