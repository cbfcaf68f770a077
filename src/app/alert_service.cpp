#include "app/alert_service.hpp"

#include <algorithm>

#include "app/alert_messages.hpp"
#include "base/crypto.hpp"
#include "domain/geo.hpp"
#include "domain/validation.hpp"

namespace civic311 {
namespace {

constexpr size_t kMaxAlertsPerAddress = 20;
constexpr size_t kMaxLabelChars = 100;

const AreaIndex& Areas(const City& city) {
  static const AreaIndex kNone;
  return city.areas ? *city.areas : kNone;
}

}  // namespace

std::string NormalizeAddress(std::string_view email) {
  while (!email.empty() && (email.front() == ' ' || email.front() == '\t')) email.remove_prefix(1);
  while (!email.empty() && (email.back() == ' ' || email.back() == '\t')) email.remove_suffix(1);
  std::string out(email);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

AlertService::AlertService(AlertStore& store, RequestStore& requests, CitySource city,
                           const Clock& clock)
    : store_(store), requests_(requests), city_(std::move(city)), clock_(clock) {}

Result<bool> AlertService::FollowByEmail(RequestId id, std::string_view email,
                                         std::string_view lang, bool confirmed) {
  const std::string address = NormalizeAddress(email);
  if (!IsEmailAddress(address))
    return Error::InvalidField("email", "must be an e-mail address like name@example.org");
  auto r = requests_.Get(id);
  if (!r.ok()) return std::move(r).error();
  if (!*r || (*r)->internal) return Error::NotFound("no such request");
  const Timestamp now = clock_.Now();
  const OutboxMessage confirm = FollowConfirmMessage(**r, address, lang, now);
  auto follow = store_.AddEmailFollow(id, address, lang.empty() ? "en" : lang, confirmed, now,
                                      confirmed ? nullptr : &confirm);
  if (!follow.ok()) return std::move(follow).error();
  return !confirmed && !follow->confirmed_at;
}

Result<bool> AlertService::ConfirmFollow(RequestId id, std::string_view address) {
  const Timestamp now = clock_.Now();
  return store_.ConfirmEmailFollow(id, NormalizeAddress(address), now, now - kConfirmWithin);
}

Status AlertService::Unfollow(RequestId id, std::string_view address) {
  return store_.RemoveEmailFollow(id, NormalizeAddress(address));
}

Result<int> AlertService::CountFollowers(RequestId id) { return store_.CountFollowers(id); }

Result<std::vector<ServiceRequest>> AlertService::Followed(std::string_view address,
                                                           std::optional<UserId> user) {
  auto ids = store_.FollowedBy(NormalizeAddress(address), user);
  if (!ids.ok()) return std::move(ids).error();
  std::vector<ServiceRequest> out;
  if (ids->empty()) return out;
  RequestQuery q;
  q.ids = *ids;
  q.limit = static_cast<int>(ids->size());
  auto list = requests_.List(q);
  if (!list.ok()) return std::move(list).error();
  // Newest follow first, as the store listed them.
  for (RequestId id : *ids) {
    for (ServiceRequest& r : *list) {
      if (r.id != id || r.internal) continue;
      r.contact = {};
      out.push_back(std::move(r));
      break;
    }
  }
  return out;
}

Result<AreaAlert> AlertService::CreateAlert(const NewAlert& in, std::string_view email,
                                            std::optional<UserId> user, std::string_view lang) {
  const std::shared_ptr<const City> city = city_.Current();  // one snapshot for the call
  AreaAlert a;
  a.address = NormalizeAddress(email);
  if (!IsEmailAddress(a.address))
    return Error::InvalidField("email", "must be an e-mail address like name@example.org");
  a.user_id = user;
  a.lang = lang.empty() ? "en" : std::string(lang);
  a.label = in.label.substr(0, kMaxLabelChars);
  a.area = in.area;
  a.lat = in.lat;
  a.lon = in.lon;
  a.radius_m = in.radius_m;
  a.mode = in.mode;
  for (const std::string& code : in.services) {
    const Service* s = city->FindService(code);
    if (s == nullptr || !s->takes_reports)
      return Error::InvalidField("services", "unknown service");
    if (std::find(a.services.begin(), a.services.end(), code) == a.services.end())
      a.services.push_back(code);
  }
  if (a.area.empty() && a.lat && a.lon && !city->bounds.Contains(*a.lat, *a.lon))
    return Error::InvalidField("place", "the place is outside the city");
  C311_TRY(MakeAlertShape(a, Areas(*city)));
  if (a.label.empty()) a.label = a.area;
  auto existing = store_.ListAlerts(a.address, std::nullopt);
  if (!existing.ok()) return std::move(existing).error();
  if (existing->size() >= kMaxAlertsPerAddress)
    return Error::InvalidField("label", "you have the most alerts allowed; delete one first");
  const Timestamp now = clock_.Now();
  a.created_at = now;
  a.feed_token = RandomToken(20);
  // A feed-only alert sends nothing: nothing to confirm.
  if (a.mode == AlertMode::kFeed) a.confirmed_at = now;
  return store_.CreateAlert(std::move(a), [](const AreaAlert& stored) {
    return stored.confirmed_at ? std::nullopt : std::optional(AlertConfirmMessage(stored));
  });
}

Result<bool> AlertService::ConfirmAlert(std::int64_t id, std::string_view address) {
  const Timestamp now = clock_.Now();
  return store_.ConfirmAlert(id, NormalizeAddress(address), now,
                             NextDigestAt(now, city_.Current()->calendar.get()),
                             now - kConfirmWithin);
}

Status AlertService::DeleteAlert(std::int64_t id, std::string_view address,
                                 std::optional<UserId> user) {
  auto a = store_.GetAlert(id);
  if (!a.ok()) return std::move(a).error();
  const bool mine = *a && ((*a)->address == NormalizeAddress(address) ||
                           (user && (*a)->user_id && *(*a)->user_id == *user));
  if (!mine) return Error::NotFound("no such alert");
  return store_.DeleteAlert(id);
}

Status AlertService::StopAlert(std::int64_t id, std::string_view address) {
  return DeleteAlert(id, address, std::nullopt);
}

Result<std::vector<AreaAlert>> AlertService::ListAlerts(std::string_view address,
                                                        std::optional<UserId> user) {
  return store_.ListAlerts(NormalizeAddress(address), user);
}

Result<std::optional<AreaAlert>> AlertService::FindByFeedToken(std::string_view token) {
  if (token.empty() || token.size() > 64) return std::optional<AreaAlert>();
  return store_.FindAlertByFeedToken(token);
}

Result<std::vector<ServiceRequest>> AlertService::AlertRequests(const AreaAlert& a, int limit) {
  const std::shared_ptr<const City> city = city_.Current();  // one snapshot for the call
  RequestQuery q;
  q.bbox = a.box;
  // An area's box as the city draws it now (the stored one may predate an admin's edit).
  if (AreaAlert now = a; !a.area.empty() && MakeAlertShape(now, Areas(*city)).ok())
    q.bbox = now.box;
  q.service_codes = a.services;
  q.start = clock_.Now() - std::chrono::days(90);
  // The box is wider than the shape: read more than asked, keep the exact matches.
  q.limit = limit * 4;
  auto list = requests_.List(q);
  if (!list.ok()) return std::move(list).error();
  std::vector<ServiceRequest> out;
  for (ServiceRequest& r : *list) {
    if (static_cast<int>(out.size()) >= limit) break;
    if (!AlertMatches(a, r, Areas(*city))) continue;
    r.contact = {};
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace civic311
