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
    b.footer_links.emplace_back(l.label, absolute(l.url));
  return b;
}

MessageRenderer::MessageRenderer(const assets::TemplateEngine& engine,
                                 const assets::MessageCatalog& catalog, Branding branding,
                                 Links links)
    : engine_(engine),
      catalog_(catalog),
      branding_(std::move(branding)),
      links_(std::move(links)) {}

bool MessageRenderer::ToResident(std::string_view event) {
  return event == "received" || event == "state_changed" || event == "information_requested" ||
         event == "resolved" || event == "duplicate" || event == "parent_outcome";
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
  view["t"] = catalog_.All(m.lang);
  json::array footer;
  for (const auto& [label, url] : branding_.footer_links)
    footer.push_back(json::object{{"label", label}, {"url", url}});
  view["city"] = json::object{{"name", branding_.city_name},
                              {"logo_url", branding_.logo_url},
                              {"colour", branding_.colour},
                              {"reply_to", branding_.reply_to},
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
  view["links"] = std::move(links);
  view["resident"] = resident;
  view["public_url"] = links_.public_url();
  return view;
}

Result<RenderedEmail> MessageRenderer::Email(const OutboxItem& m) const {
  auto view = View(m);
  if (!view.ok()) return std::move(view).error();
  const json::value v(std::move(*view));
  auto text = engine_.Render(TemplateName("email", m, "txt.mustache"), v);
  if (!text.ok()) return std::move(text).error();
  auto html = engine_.Render(TemplateName("email", m, "html.mustache"), v);
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
    out.subject = branding_.city_name;
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
  auto text = engine_.Render(TemplateName("sms", m, "txt.mustache"), json::value(std::move(*view)));
  if (!text.ok()) return std::move(text).error();
  std::string out = std::move(*text);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace civic311::notify
