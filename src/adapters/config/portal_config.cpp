#include "adapters/config/portal_config.hpp"

namespace civic311::config {
namespace {

bool IsHexColor(std::string_view s) {
  if (s.size() != 7 || s[0] != '#') return false;
  for (char c : s.substr(1)) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

// A link a page may show: a path on this server or an http(s) URL (never javascript: or data:).
bool IsSafeUrl(std::string_view s) {
  if (s.empty() || s.size() > 2000) return false;
  if (s.front() == '/') return s.size() == 1 || s[1] != '/';
  return s.starts_with("https://") || s.starts_with("http://");
}

void ReadColor(const TableReader& r, std::string_view key, std::string& out) {
  if (auto c = r.String(key)) {
    if (IsHexColor(*c)) {
      out = *c;
    } else {
      r.Add(key, "\"" + *c + "\" is not a colour: write it as #rrggbb, e.g. \"#0b4f8a\"");
    }
  }
}

}  // namespace

void ReadPortal(const TableReader& root, City& city) {
  const toml::table* t = root.Table("portal");
  if (t == nullptr) return;
  TableReader r(*t, "portal", root.mistakes(),
                {"logo_url", "primary_color", "accent_color", "footer_links", "featured_services",
                 "require_account", "tile_url", "tile_attribution"});
  PortalSettings& p = city.portal;
  if (auto logo = r.String("logo_url")) {
    if (IsSafeUrl(*logo)) {
      p.logo_url = *logo;
    } else {
      r.Add("logo_url", "should be a path such as \"/static/brand/logo.svg\" or an https URL");
    }
  }
  ReadColor(r, "primary_color", p.primary_color);
  ReadColor(r, "accent_color", p.accent_color);
  p.require_account = r.Bool("require_account").value_or(false);
  if (auto tiles = r.String("tile_url")) {
    if (tiles->starts_with("https://") || tiles->starts_with("/")) {
      p.tile_url = *tiles;
    } else {
      r.Add("tile_url", "should be an https URL template with {z}/{x}/{y}");
    }
  }
  if (auto a = r.String("tile_attribution")) p.tile_attribution = *a;
  if (auto codes = r.StringList("featured_services")) {
    for (const std::string& code : *codes) {
      if (city.FindService(code) == nullptr) {
        r.Add("featured_services", "\"" + code + "\" is not the code of one of the [[services]]");
      } else {
        p.featured_services.push_back(code);
      }
    }
  }
  ForEachTable(r, "footer_links", Need::kOptional,
               [&](const toml::table& lt, std::string path, size_t) {
                 TableReader l(lt, std::move(path), r.mistakes(), {"label", "url"});
                 PortalSettings::Link link;
                 link.label = l.Text("label", Need::kRequired);
                 link.url = l.Text("url", Need::kRequired);
                 if (!link.url.empty() && !IsSafeUrl(link.url)) {
                   l.Add("url", "should be a path on this site or an http(s) URL");
                 } else if (!link.label.empty()) {
                   p.footer_links.push_back(std::move(link));
                 }
                 l.Finish();
               });
  r.Finish();
}

}  // namespace civic311::config
