#include "adapters/config/dispatch_config.hpp"

#include <set>

namespace civic311::config {
namespace {

// "+15550100", "+1 555 0100": E.164 with optional blanks — what an SMS gateway takes.
bool LooksLikePhone(std::string_view s) {
  if (!s.starts_with('+')) return false;
  int digits = 0;
  for (char c : s.substr(1)) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '-') {
      return false;
    }
  }
  return digits >= 7 && digits <= 15;
}

}  // namespace

void ReadDispatch(const TableReader& root, City& city) {
  const toml::table* t = root.Table("dispatch");
  if (t == nullptr) return;
  TableReader r(*t, root.PathOf("dispatch"), root.mistakes(), {"ack_timeout_seconds", "on_duty"});
  if (auto s = r.Integer("ack_timeout_seconds")) {
    if (*s < 10 || *s > 3600)
      r.Add("ack_timeout_seconds",
            "must be between 10 and 3600 seconds (the default, 60, is what the city promises)");
    else
      city.dispatch_ack_timeout = std::chrono::seconds(*s);
  }
  std::set<std::string> seen;
  ForEachTable(r, "on_duty", Need::kOptional, [&](const toml::table& tt, std::string path, size_t) {
    TableReader c(tt, std::move(path), r.mistakes(), {"name", "email", "phone", "lang"});
    OnDutyContact who;
    who.name = c.Text("name", Need::kRequired);
    who.email = c.Text("email");
    who.phone = c.Text("phone");
    if (!who.email.empty() && !LooksLikeEmail(who.email))
      c.Add("email", "\"" + who.email + "\" is not an e-mail address (e.g. duty@city.example)");
    if (!who.phone.empty() && !LooksLikePhone(who.phone))
      c.Add("phone", "\"" + who.phone +
                         "\" is not a phone number in international form (e.g. \"+15550100\")");
    if (who.email.empty() && who.phone.empty() && !tt.contains("email") && !tt.contains("phone"))
      c.Add("email", "an on-duty contact needs an email, a phone, or both (both is best)");
    if (!who.name.empty() && !seen.insert(Lower(who.name)).second)
      c.Add("name", "\"" + who.name + "\" is listed twice");
    const std::string lang = Lower(c.Text("lang"));
    if (!lang.empty()) {
      const bool ok = lang.size() >= 2 && lang.size() <= 3 &&
                      lang.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
      if (!ok)
        c.Add("lang", "\"" + lang + "\" is not a language code (e.g. \"en\", \"es\")");
      else
        who.lang = lang;
    }
    c.Finish();
    city.on_duty.push_back(std::move(who));
  });
  r.Finish();
}

}  // namespace civic311::config
