// Follows and area alerts on the portal (docs/portal.md, "Follows and alerts"): following a
// request by e-mail from its status page (confirmed by link), and /account/alerts for
// signed-in residents: the requests they follow, their area alerts (create, list, delete, each
// with its private feed) and their notification choices. Pages never show who else follows.
#include <charconv>

#include "adapters/web/portal/handlers.hpp"
#include "adapters/web/portal/page.hpp"
#include "app/alert_service.hpp"
#include "app/geocoder.hpp"

namespace civic311::portal {
namespace json = boost::json;
namespace {

constexpr int kRadii[] = {200, 500, 1000, 2000};
constexpr double kMinGeocodeScore = 0.5;
constexpr char kPagePath[] = "/account/alerts";

std::optional<double> ParseDouble(std::string_view s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string ModeWords(const D& d, std::string_view lang, AlertMode m) {
  return std::string(d.messages->Get(lang, "alerts_mode_" + std::string(AlertModeName(m))));
}

// The form's values (as typed, for a re-render after an error).
struct AlertForm {
  std::string label, address, area, mode = "immediate";
  std::string lat, lon;  // the map's pin (the script fills them), as sent
  int radius = 500;
  std::vector<std::string> services;
};

AlertForm ReadForm(const http::Request& req) {
  AlertForm f;
  f.label = std::string(req.Param("label"));
  f.address = std::string(req.Param("address"));
  f.area = std::string(req.Param("area"));
  f.lat = std::string(req.Param("lat"));
  f.lon = std::string(req.Param("lon"));
  if (!req.Param("mode").empty()) f.mode = std::string(req.Param("mode"));
  f.radius = static_cast<int>(ParseId(req.Param("radius")).value_or(0));
  for (std::string_view s : req.Params("services")) f.services.emplace_back(s);
  return f;
}

json::object AlertsView(const D& d, const Visit& v, const http::Request& req,
                        const AlertForm& form) {
  json::object view = BaseView(d, v, req, d.messages->Get(v.lang, "alerts_page_title"));
  const std::string email = v.user ? v.user->email : std::string();
  const std::optional<UserId> uid = v.user ? std::optional<UserId>(v.user->id) : std::nullopt;
  json::array following;
  if (auto list = d.alerts->Followed(email, uid); list.ok()) {
    for (const ServiceRequest& r : *list) {
      following.push_back(json::object{{"id", r.id},
                                       {"service_name", r.service_name},
                                       {"address", r.address},
                                       {"state", StateWords(d, v.lang, r.state)}});
    }
  }
  view["following"] = std::move(following);
  json::array mine;
  if (auto list = d.alerts->ListAlerts(email, uid); list.ok()) {
    for (const AreaAlert& a : *list) {
      std::string where = a.area;
      if (where.empty()) where = a.label + " (" + d.messages->Distance(v.lang, a.radius_m) + ")";
      mine.push_back(json::object{{"id", a.id},
                                  {"label", a.label},
                                  {"where", where},
                                  {"mode", ModeWords(d, v.lang, a.mode)},
                                  {"active", a.confirmed_at.has_value()},
                                  {"feed", "/alerts/" + a.feed_token + ".atom"}});
    }
  }
  view["alerts"] = std::move(mine);
  // The form.
  view["form_label"] = form.label;
  view["form_address"] = form.address;
  // The pin survives a re-render after an error, so the map shows it again.
  if (ParseDouble(form.lat) && ParseDouble(form.lon)) {
    view["form_lat"] = form.lat;
    view["form_lon"] = form.lon;
  }
  view["has_geocoder"] = d.geocoder != nullptr;
  json::array radii;
  for (int r : kRadii) {
    radii.push_back(json::object{
        {"value", r}, {"text", d.messages->Distance(v.lang, r)}, {"selected", r == form.radius}});
  }
  view["radii"] = std::move(radii);
  json::array areas;
  if (d.city->areas) {
    for (const Area& a : d.city->areas->areas()) {
      areas.push_back(json::object{{"value", AreaSlug(a.name)},
                                   {"name", a.name},
                                   {"selected", AreaSlug(a.name) == AreaSlug(form.area)},
                                   {"feed", "/feeds/areas/" + AreaSlug(a.name) + ".atom"}});
    }
  }
  view["areas"] = std::move(areas);
  json::array services;
  for (const Service& s : d.city->services) {
    if (!s.takes_reports) continue;
    const bool on =
        std::find(form.services.begin(), form.services.end(), s.code) != form.services.end();
    services.push_back(json::object{{"code", s.code}, {"name", s.name}, {"checked", on}});
  }
  view["service_choices"] = std::move(services);
  view["services_open"] = !form.services.empty();
  json::array modes;
  for (AlertMode m : {AlertMode::kImmediate, AlertMode::kDigest, AlertMode::kFeed}) {
    const std::string name(AlertModeName(m));
    modes.push_back(json::object{
        {"value", name}, {"text", ModeWords(d, v.lang, m)}, {"checked", name == form.mode}});
  }
  view["modes"] = std::move(modes);
  // Choices.
  if (v.user) {
    auto prefs = d.alerts->Prefs(v.user->id);
    const ResidentPrefs p = prefs.ok() ? *prefs : ResidentPrefs{};
    view["own_email"] = p.own_email;
    view["follow_email"] = p.follow_email;
    json::array langs;
    for (const std::string& code : d.messages->languages()) {
      langs.push_back(json::object{{"code", code},
                                   {"name", d.messages->Get(code, "lang_name")},
                                   {"selected", code == p.lang}});
    }
    view["pref_langs"] = std::move(langs);
  }
  const std::string_view done = req.Param("done");
  for (const char* key : {"created", "created_feed", "deleted", "unfollowed", "prefs_saved"}) {
    if (done == key) view["notice"] = d.messages->Get(v.lang, std::string("alerts_") + key);
  }
  return view;
}

http::Response NeedSignIn(const Visit& v) {
  return Redirect(std::string("/account?next=") + kPagePath, &v);
}

// The message key for a field error of CreateAlert.
std::string ErrorKey(std::string_view field) {
  if (field == "radius") return "alerts_err_radius";
  if (field == "services") return "alerts_err_services";
  if (field == "label") return "alerts_err_label";
  return "alerts_err_place";
}

}  // namespace

void AddFollowView(const D& d, const Visit& v, const http::Request& req, const ServiceRequest& r,
                   json::object& view) {
  if (!d.alerts) return;
  if (auto n = d.alerts->CountFollowers(r.id); n.ok() && *n > 0) {
    view["followers"] =
        *n == 1 ? d.messages->Get(v.lang, "alerts_followers_one")
                : d.messages->Format(v.lang, "alerts_followers_many", {{"n", std::to_string(*n)}});
  }
  view["follow_by_email"] = !v.actor.has_value();
  if (v.actor) {
    // Following signed in goes to the account's address: nothing to confirm.
    if (view.contains("following") && view["following"].as_bool())
      view["follow_notice"] = d.messages->Get(v.lang, "alerts_follow_active");
  }
  const std::string_view follow = req.Param("follow");
  if (follow == "sent")
    view["follow_notice"] = d.messages->Get(v.lang, "alerts_follow_check_email");
  if (follow == "active") view["follow_notice"] = d.messages->Get(v.lang, "alerts_follow_active");
  if (follow == "bad") view["follow_error"] = d.messages->Get(v.lang, "alerts_err_email");
}

http::Response PostFollowByEmail(const D& d, const http::Request& req, RequestId id) {
  Visit v = Begin(d, req);
  const std::string path = "/requests/" + std::to_string(id);
  auto sent = d.alerts->FollowByEmail(id, req.Param("email"), v.lang);
  if (!sent.ok()) {
    if (sent.error().code == ErrorCode::kInvalidArgument)
      return Redirect(path + "?follow=bad#follow-email", &v);
    return ErrorPage(d, req, sent.error());
  }
  return Redirect(path + (*sent ? "?follow=sent" : "?follow=active") + "#follow", &v);
}

http::Response GetAccountAlerts(const D& d, const http::Request& req) {
  Visit v = Begin(d, req);
  if (!v.actor || !v.user) return NeedSignIn(v);
  if (!d.alerts) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  AlertForm form;
  return Render(d, v, req, "alerts", AlertsView(d, v, req, form));
}

http::Response PostAccountAlerts(const D& d, const http::Request& req) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return ErrorPage(d, req, s.error());
  Visit v = Begin(d, req);
  if (!v.actor || !v.user) return NeedSignIn(v);
  if (!d.alerts) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  const AlertForm form = ReadForm(req);
  NewAlert in;
  in.label = form.label;
  in.area = form.area;
  in.radius_m = form.radius;
  in.services = form.services;
  in.mode = ParseAlertMode(form.mode).value_or(AlertMode::kImmediate);
  std::string error_field, error_key;
  if (in.area.empty()) {
    // A point from the map script, else the address found in the gazetteer.
    in.lat = ParseDouble(form.lat);
    in.lon = ParseDouble(form.lon);
    if (!in.lat || !in.lon) in.lat = in.lon = std::nullopt;
    if (in.lat && in.label.empty() && form.address.empty() && d.geocoder != nullptr) {
      // A pin alone: named after the nearest address, when there is one.
      if (auto near = d.geocoder->Reverse(*in.lat, *in.lon); near.ok() && near->has_value())
        in.label = (*near)->label;
    }
    if (!in.lat && !form.address.empty() && d.geocoder != nullptr) {
      auto found = d.geocoder->Search(form.address, 1);
      if (found.ok() && !found->empty() && found->front().score >= kMinGeocodeScore) {
        in.lat = found->front().lat;
        in.lon = found->front().lon;
        if (in.label.empty()) in.label = found->front().label;
      } else {
        error_field = "place";
        error_key = "alerts_err_place_unknown";
      }
    }
    if (in.label.empty()) in.label = form.address;
    if (in.label.empty() && in.lat) {
      in.label = d.messages->Get(v.lang, "p3_alerts_pin_label");
    }
  }
  if (error_field.empty()) {
    auto made = d.alerts->CreateAlert(in, v.user->email, v.user->id, v.lang);
    if (made.ok()) {
      return Redirect(std::string(kPagePath) +
                          "?done=" + (made->mode == AlertMode::kFeed ? "created_feed" : "created") +
                          "#alerts-mine",
                      &v);
    }
    if (made.error().code != ErrorCode::kInvalidArgument) return ErrorPage(d, req, made.error());
    error_field = made.error().fields.empty() ? "place" : made.error().fields.front().field;
    error_key = ErrorKey(error_field);
  }
  json::object view = AlertsView(d, v, req, form);
  const std::string msg(d.messages->Get(v.lang, error_key));
  const std::string anchor = error_field == "radius"     ? "#alert-radius"
                             : error_field == "services" ? "#alert-services"
                             : error_field == "label"    ? "#alert-label"
                                                         : "#alert-address";
  view["has_errors"] = true;
  view["errors"] = json::array{json::object{{"href", anchor}, {"message", msg}}};
  view["err"] = json::object{{error_field == "email" ? "place" : error_field, msg}};
  return Render(d, v, req, "alerts", std::move(view), 400);
}

http::Response PostAccountAlertDelete(const D& d, const http::Request& req) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return ErrorPage(d, req, s.error());
  Visit v = Begin(d, req);
  if (!v.actor || !v.user) return NeedSignIn(v);
  auto id = ParseId(req.path_params.empty() ? "" : req.path_params[0]);
  if (!id || !d.alerts) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  Status s = d.alerts->DeleteAlert(*id, v.user->email, v.user->id);
  if (!s.ok()) return ErrorPage(d, req, s.error());
  return Redirect(std::string(kPagePath) + "?done=deleted#alerts-mine", &v);
}

http::Response PostAccountUnfollow(const D& d, const http::Request& req) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return ErrorPage(d, req, s.error());
  Visit v = Begin(d, req);
  if (!v.actor || !v.user) return NeedSignIn(v);
  auto id = ParseId(req.path_params.empty() ? "" : req.path_params[0]);
  if (!id || !d.alerts) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  // Both ways of following end: the account's and an e-mail follow of the same address.
  Status s = d.alerts->Unfollow(*id, v.user->email);
  if (s.ok()) s = d.workflow->Follow(*v.actor, *id, false);
  if (!s.ok()) return ErrorPage(d, req, s.error());
  return Redirect(std::string(kPagePath) + "?done=unfollowed#following", &v);
}

http::Response PostAccountPrefs(const D& d, const http::Request& req) {
  if (Status s = web::CheckCsrf(req); !s.ok()) return ErrorPage(d, req, s.error());
  Visit v = Begin(d, req);
  if (!v.actor || !v.user) return NeedSignIn(v);
  if (!d.alerts) return ErrorPage(d, req, 404, d.messages->Get(v.lang, "error_404"));
  ResidentPrefs p;
  p.own_email = req.Param("own_email") == "1";
  p.follow_email = req.Param("follow_email") == "1";
  const std::string lang(req.Param("lang"));
  for (const std::string& code : d.messages->languages())
    if (code == lang) p.lang = code;
  Status s = d.alerts->SetPrefs(v.user->id, p);
  if (!s.ok()) return ErrorPage(d, req, s.error());
  return Redirect(std::string(kPagePath) + "?done=prefs_saved#prefs", &v);
}

}  // namespace civic311::portal
