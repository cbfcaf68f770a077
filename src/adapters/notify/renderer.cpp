#include "adapters/notify/renderer.hpp"

#include <boost/json.hpp>

namespace civic311::notify {

namespace json = boost::json;

Branding BrandingOf(const City& city, std::string_view public_url) {
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto absolute = [&](const std::string& url) {
    return url.starts_with("/") ? base + url : url;  // the loader allows paths and http(s) only
  };
  Branding b;
  b.city_name = city.branding.name.empty() ? city.name : city.branding.name;
  b.logo_url = city.branding.logo_url.empty() ? std::string() : absolute(city.branding.logo_url);
  b.colour = city.branding.primary_color;
  b.reply_to = city.branding.reply_to;
  for (const auto& l : city.branding.footer_links)
    b.footer_links.push_back({l.label, absolute(l.url), l.label_i18n});
  return b;
}

MessageRenderer::MessageRenderer(const assets::TemplateEngine& engine,
                                 const assets::MessageCatalog& catalog, Branding branding,
                                 Links links)
    : engine_(engine),
      catalog_(catalog),
      branding_(std::make_shared<const Branding>(std::move(branding))),
      links_(std::move(links)) {
  for (const std::string& lang : catalog_.languages())
    words_.emplace(lang, assets::TemplateEngine::Prepare(boost::json::value(catalog_.All(lang))));
}

const assets::TemplateEngine::Shared& MessageRenderer::Words(std::string_view lang) const {
  auto it = words_.find(lang);
  if (it == words_.end()) it = words_.find(std::string_view("en"));
  return *it->second;  // the catalog has English words (MessageCatalog::Load)
}

bool MessageRenderer::ToResident(std::string_view event) {
  return event == "received" || event == "state_changed" || event == "information_requested" ||
         event == "resolved" || event == "duplicate" || event == "parent_outcome" ||
         IsFollowOrAlert(event);
}

bool MessageRenderer::IsFollowOrAlert(std::string_view event) {
  return event == "follow_confirm" || event == "follow_update" || event == "alert_confirm" ||
         event == "alert_new" || event == "alert_digest";
}

std::string MessageRenderer::TemplateName(std::string_view dir, const OutboxItem& m,
                                          std::string_view ext) const {
  std::string name = std::string(dir) + "/" + m.event + "." + m.lang + "." + std::string(ext);
  if (engine_.Exists(name)) return name;
  return std::string(dir) + "/" + m.event + ".en." + std::string(ext);
}

Result<json::object> MessageRenderer::View(const OutboxItem& m) const {
  json::error_code ec;
  json::value fields = json::parse(m.payload, ec);
  if (ec || !fields.is_object())
    return Error::Internal("outbox message " + std::to_string(m.id) + ": payload is not JSON");
  json::object view;
  const json::object& f = fields.get_object();
  view["m"] = fields;
  json::array footer;
  const std::shared_ptr<const Branding> brand = branding_.load();
  for (const Branding::Link& l : brand->footer_links) {
    auto in_lang = l.label_i18n.find(m.lang);
    footer.push_back(json::object{
        {"label", in_lang != l.label_i18n.end() ? in_lang->second : l.label}, {"url", l.url}});
  }
  view["city"] = json::object{{"name", brand->city_name},
                              {"logo_url", brand->logo_url},
                              {"colour", brand->colour},
                              {"reply_to", brand->reply_to},
                              {"footer_links", std::move(footer)}};
  if (const auto* state = f.if_contains("state"); state != nullptr && state->is_string()) {
    const std::string key = "notify_state_" + std::string(state->get_string());
    std::string_view label = catalog_.Get(m.lang, key);
    view["state_label"] = label == key ? std::string_view(state->get_string()) : label;
  }
  json::object links;
  const bool resident = ToResident(m.event) && !m.recipient.empty();
  if (m.request_id) {
    links["status"] = links_.Status(*m.request_id);
    if (resident) {
      links["stop"] = links_.Stop(*m.request_id, m.recipient);
      links["survey_yes"] = links_.Survey(*m.request_id, m.recipient, "yes");
      links["survey_no"] = links_.Survey(*m.request_id, m.recipient, "no");
    }
  }
  if (resident && IsFollowOrAlert(m.event)) AddFollowAndAlertLinks(m, f, view, links);
  view["links"] = std::move(links);
  view["resident"] = resident;
  view["public_url"] = links_.public_url();
  return view;
}

// Follows and area alerts (docs/notifications.md): the confirmation link, an alert's own stop
// link (stopping the alert, not a request), the new request's status page, and the digest's
// list (kept in the payload as one JSON text field: the payload is a flat object).
void MessageRenderer::AddFollowAndAlertLinks(const OutboxItem& m, const json::object& f,
                                             json::object& view, json::object& links) const {
  auto text = [&f](std::string_view name) -> std::string {
    const auto* v = f.if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  auto id = [](const std::string& s) -> std::int64_t {
    try {
      return s.empty() ? 0 : std::stoll(s);
    } catch (...) {
      return 0;
    }
  };
  if (m.event == "follow_confirm" && m.request_id)
    links["confirm"] = links_.Confirm("follow", *m.request_id, m.recipient);
  if (!m.event.starts_with("alert_")) return;
  view["alert"] = true;  // the footer's stop link stops the alert
  // The radius as the portal writes it ("1 km", not "1000 m"), in the message's language.
  if (const auto* r = f.if_contains("alert_radius_m"); r != nullptr && r->is_number()) {
    if (const double radius = r->to_number<double>(); radius > 0)
      view["alert_radius"] = catalog_.Distance(m.lang, radius);
  }
  const std::int64_t alert = id(text("alert_id"));
  links["stop"] = links_.AlertStop(alert, m.recipient);
  if (m.event == "alert_confirm") links["confirm"] = links_.Confirm("alert", alert, m.recipient);
  if (const std::int64_t r = id(text("service_request_id")); r > 0)
    links["status"] = links_.Status(r);
  if (m.event == "alert_digest") {
    json::error_code ec;
    json::value items = json::parse(text("items"), ec);
    json::array out;
    if (!ec && items.is_array()) {
      for (json::value& item : items.get_array()) {
        if (!item.is_object()) continue;
        json::object& o = item.get_object();
        const auto* rid = o.if_contains("service_request_id");
        if (rid != nullptr && rid->is_string())
          o["url"] = links_.Status(id(std::string(rid->get_string())));
        const auto* state = o.if_contains("state");
        if (state != nullptr && state->is_string()) {
          const std::string key = "notify_state_" + std::string(state->get_string());
          std::string_view label = catalog_.Get(m.lang, key);
          o["state_label"] = label == key ? std::string_view(state->get_string()) : label;
        }
        out.push_back(std::move(item));
      }
    }
    view["items"] = std::move(out);
  }
}

void MessageRenderer::SetBranding(Branding branding) {
  branding_.store(std::make_shared<const Branding>(std::move(branding)));
}

Result<RenderedEmail> MessageRenderer::Email(const OutboxItem& m) const {
  auto view = View(m);
  if (!view.ok()) return std::move(view).error();
  const json::value v(std::move(*view));
  const auto& words = Words(m.lang);
  auto text = engine_.Render(TemplateName("email", m, "txt.mustache"), v, "t", words);
  if (!text.ok()) return std::move(text).error();
  auto html = engine_.Render(TemplateName("email", m, "html.mustache"), v, "t", words);
  if (!html.ok()) return std::move(html).error();
  RenderedEmail out;
  std::string_view body = *text;
  constexpr std::string_view kSubject = "Subject: ";
  if (body.starts_with(kSubject)) {
    const size_t end = body.find('\n');
    out.subject = std::string(body.substr(kSubject.size(), end - kSubject.size()));
    body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
    while (body.starts_with('\n')) body.remove_prefix(1);
  } else {
    // The view's own branding: the same city name as the body, even during a change.
    out.subject = std::string(v.get_object().at("city").get_object().at("name").get_string());
  }
  out.text = std::string(body);
  out.html = std::move(*html);
  if (const auto* stop = v.get_object().at("links").get_object().if_contains("stop"))
    out.stop_url = std::string(stop->get_string());
  return out;
}

Result<std::string> MessageRenderer::Sms(const OutboxItem& m) const {
  auto view = View(m);
  if (!view.ok()) return std::move(view).error();
  auto text = engine_.Render(TemplateName("sms", m, "txt.mustache"), json::value(std::move(*view)),
                             "t", Words(m.lang));
  if (!text.ok()) return std::move(text).error();
  std::string out = std::move(*text);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace civic311::notify
