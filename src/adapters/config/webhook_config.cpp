#include "adapters/config/webhook_config.hpp"

#include <map>
#include <set>
#include <utility>

namespace civic311::config {
namespace {

bool IsEnvName(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
                    (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

std::string EventList() {
  std::string out;
  for (std::string_view e : kWebhookEvents) {
    out += out.empty() ? "" : ", ";
    out += e;
  }
  return out;
}

WebhookEndpoint ReadEndpoint(const TableReader& r) {
  WebhookEndpoint w;
  w.name = r.Text("name", Need::kRequired);
  if (!w.name.empty()) {
    if (auto problem = CodeProblem(w.name)) r.Add("name", *problem);
  }
  w.url = r.Text("url", Need::kRequired);
  if (!w.url.empty()) {
    std::string problem;
    if (!ParseWebhookUrl(w.url, &problem))
      r.Add("url", "\"" + w.url + "\" " + problem + " (e.g. \"https://assets.example.org/hook\")");
  }
  if (r.table().contains("secret")) {
    r.Add("secret",
          "the signing secret must not be written in the config (it is stored in the database "
          "and often committed): name an environment variable with secret_env, or a file with "
          "secret_file");
  }
  w.enabled = r.Bool("enabled").value_or(true);
  w.secret_env = r.Text("secret_env");
  w.secret_file = r.Text("secret_file");
  if (!w.secret_env.empty() && !IsEnvName(w.secret_env)) {
    r.Add("secret_env", "\"" + w.secret_env +
                            "\" is not an environment variable name (letters, digits and _, "
                            "e.g. \"CIVIC311_WEBHOOK_SECRET\")");
  }
  if (!w.secret_env.empty() && !w.secret_file.empty()) {
    r.Add("secret_file", "set either secret_env or secret_file, not both");
  } else if (w.secret_env.empty() && w.secret_file.empty() && !r.table().contains("secret_env") &&
             !r.table().contains("secret_file") && !r.table().contains("secret")) {
    r.Add("secret_env",
          "a webhook needs a signing secret: secret_env = \"NAME\" (an environment variable) or "
          "secret_file = \"/path/to/file\"");
  }
  if (auto events = r.StringList("events")) {
    std::set<std::string> seen;
    for (const std::string& raw : *events) {
      const std::string e = Lower(Trim(raw));
      bool known = false;
      for (std::string_view k : kWebhookEvents) known = known || k == e;
      if (!known) {
        r.Add("events", "\"" + raw + "\" is not an event; use: " + EventList());
      } else if (!seen.insert(e).second) {
        r.Add("events", "\"" + raw + "\" is listed twice");
      } else {
        w.events.push_back(e);
      }
    }
    if (events->empty()) {
      r.Add("events",
            "an empty list would send nothing: leave events out to receive every "
            "event (" +
                EventList() + ")");
    }
  }
  return w;
}

}  // namespace

void ReadWebhooks(const TableReader& root, City& city) {
  std::map<std::string, const toml::source_region*> names;
  ForEachTable(
      root, "webhooks", Need::kOptional, [&](const toml::table& t, std::string path, size_t) {
        TableReader r(t, std::move(path), root.mistakes(),
                      {"name", "url", "secret", "secret_env", "secret_file", "events", "enabled"});
        WebhookEndpoint w = ReadEndpoint(r);
        if (!w.name.empty()) {
          if (auto [it, fresh] = names.emplace(Lower(w.name), &r.Where("name")); !fresh)
            r.Add("name", "duplicate webhook name \"" + w.name + "\" (first used on " +
                              LineOf(*it->second) + ")");
        }
        r.Finish();
        city.webhooks.push_back(std::move(w));
      });
}

}  // namespace civic311::config
