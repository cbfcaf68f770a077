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

// An e-mail address for Reply-To: one address, no display name, no header-breaking characters.
bool IsPlainAddress(std::string_view s) {
  const size_t at = s.find('@');
  if (s.empty() || s.size() > 254 || at == 0 || at == std::string_view::npos || at + 1 >= s.size())
    return false;
  if (s.find('@', at + 1) != std::string_view::npos) return false;
  for (unsigned char c : s)
    if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"')
      return false;
  return s.find('.', at) != std::string_view::npos;
}

// The look keys, read from `r` ([branding], or the older [portal]) into `b`. `seen` names the
// keys already set by the other table: a key set in both places is a mistake (one source).
void ReadLook(const TableReader& r, Branding& b, std::vector<std::string>& seen) {
  auto once = [&](std::string_view key) {
    if (!r.table().contains(key)) return false;
    for (const std::string& k : seen) {
      if (k == key) {
        r.Add(key, "is set in both [branding] and [portal]: keep it in [branding] only");
        return false;
      }
    }
    seen.emplace_back(key);
    return true;
  };
  if (once("logo_url")) {
    if (auto logo = r.String("logo_url")) {
      if (IsSafeUrl(*logo)) {
        b.logo_url = *logo;
      } else {
        r.Add("logo_url", "should be a path such as \"/static/brand/logo.svg\" or an https URL");
      }
    }
  }
  if (once("primary_color")) ReadColor(r, "primary_color", b.primary_color);
  if (once("accent_color")) ReadColor(r, "accent_color", b.accent_color);
  if (!once("footer_links")) return;
  ForEachTable(r, "footer_links", Need::kOptional,
               [&](const toml::table& lt, std::string path, size_t) {
                 TableReader l(lt, std::move(path), r.mistakes(), {"label", "url", "i18n"});
                 Branding::Link link;
                 link.label = l.Text("label", Need::kRequired);
                 link.url = l.Text("url", Need::kRequired);
                 // The label in other languages (i18n.es.label); the default label where a
                 // language has none. Only the label is translated: the link goes to one place.
                 ForEachLanguage(l, "i18n",
                                 [&](const std::string& lang, const toml::table& t, std::string p) {
                                   TableReader tr(t, std::move(p), r.mistakes(), {"label"});
                                   std::string label = tr.Text("label", Need::kRequired);
                                   if (!label.empty()) link.label_i18n[lang] = std::move(label);
                                   tr.Finish();
                                 });
                 if (!link.url.empty() && !IsSafeUrl(link.url)) {
                   l.Add("url", "should be a path on this site or an http(s) URL");
                 } else if (!link.label.empty()) {
                   b.footer_links.push_back(std::move(link));
                 }
                 l.Finish();
               });
}

}  // namespace

void ReadBranding(const TableReader& root, City& city, std::vector<std::string>& seen) {
  city.branding.name = city.name;
  const toml::table* t = root.Table("branding");
  if (t == nullptr) return;
  TableReader r(*t, "branding", root.mistakes(),
                {"name", "logo_url", "primary_color", "accent_color", "footer_links", "reply_to"});
  if (auto name = r.String("name")) {
    if (name->empty() || name->size() > 200 || name->find_first_of("\r\n") != std::string::npos) {
      r.Add("name", "should be one line of at most 200 characters (the name people know)");
    } else {
      city.branding.name = *name;
    }
  }
  if (auto reply = r.String("reply_to")) {
    if (IsPlainAddress(*reply)) {
      city.branding.reply_to = *reply;
    } else {
      r.Add("reply_to", "should be one e-mail address such as \"311@city.example\"");
    }
  }
  ReadLook(r, city.branding, seen);
  r.Finish();
}

void ReadPortal(const TableReader& root, City& city, std::vector<std::string>& seen) {
  const toml::table* t = root.Table("portal");
  if (t == nullptr) return;
  TableReader r(*t, "portal", root.mistakes(),
                {"logo_url", "primary_color", "accent_color", "footer_links", "featured_services",
                 "require_account", "tile_url", "tile_attribution"});
  PortalSettings& p = city.portal;
  ReadLook(r, city.branding, seen);  // the older place of the look keys
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
  r.Finish();
}

}  // namespace civic311::config
