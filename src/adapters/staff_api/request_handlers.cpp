// GET/POST /api/v1/requests, GET /api/v1/requests/{id}, POST /api/v1/requests/{id}/actions
#include <charconv>
#include <sstream>

#include "adapters/staff_api/handlers.hpp"
#include "adapters/staff_api/json_io.hpp"

namespace civic311::staff_api {
namespace json = boost::json;
namespace {

std::optional<int> SmallInt(std::string_view s, int max) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0 || v > max) return std::nullopt;
  return v;
}

Result<StaffQuery> QueryFrom(const http::Request& req) {
  StaffQuery q;
  for (auto v : req.Params("department")) q.departments.emplace_back(v);
  for (auto v : req.Params("service")) q.service_codes.emplace_back(v);
  for (auto v : req.Params("state")) {
    auto s = ParseState(v);
    if (!s) return Error::InvalidField("state", "unknown state '" + std::string(v) + "'");
    q.states.push_back(*s);
  }
  if (auto a = req.Param("assignee"); !a.empty()) {
    auto id = PathId(a);
    if (!id) return Error::InvalidField("assignee", "must be a user id");
    q.assignee_user_id = *id;
  }
  if (auto o = req.Param("overdue"); !o.empty()) q.overdue = o == "true" || o == "1";
  if (auto a = req.Param("at_risk"); !a.empty()) q.at_risk = a == "true" || a == "1";
  q.text = std::string(req.Param("q"));
  if (auto l = req.Param("limit"); !l.empty()) {
    auto v = SmallInt(l, 200);
    if (!v || *v == 0) return Error::InvalidField("limit", "must be 1 to 200");
    q.limit = *v;
  }
  if (auto o = req.Param("offset"); !o.empty()) {
    auto v = SmallInt(o, 1'000'000);
    if (!v) return Error::InvalidField("offset", "must be 0 to 1000000");
    q.offset = *v;
  }
  if (auto b = req.Param("bbox"); !b.empty()) {
    std::istringstream in{std::string(b)};
    RequestQuery::BBox box{};
    char c1 = 0, c2 = 0, c3 = 0;
    if (!(in >> box.min_lat >> c1 >> box.min_lon >> c2 >> box.max_lat >> c3 >> box.max_lon) ||
        c1 != ',' || c2 != ',' || c3 != ',' || box.min_lat > box.max_lat ||
        box.min_lon > box.max_lon)
      return Error::InvalidField("bbox", "must be min_lat,min_long,max_lat,max_long");
    q.bbox = box;
  }
  return q;
}

}  // namespace

http::Response GetRequests(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto q = QueryFrom(req);
  if (!q.ok()) return ErrorResponse(q.error(), req);
  auto list = d.workflow->List(*actor, *q);
  if (!list.ok()) return ErrorResponse(list.error(), req);
  json::array rows;
  for (const auto& r : *list) rows.push_back(RequestJson(r, false));
  return JsonResponse(
      200, json::object{{"requests", std::move(rows)}, {"limit", q->limit}, {"offset", q->offset}});
}

http::Response GetRequest(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto id = PathId(req.path_params.at(0));
  if (!id) return ErrorResponse(Error::NotFound("no such service request"), req);
  auto detail = d.workflow->GetDetail(*actor, *id);
  if (!detail.ok()) return ErrorResponse(detail.error(), req);
  // Shaped by role: the policy (RequestDetail's *_visible flags) decides which fields exist.
  json::object o = RequestJson(detail->request, detail->contact_visible);
  json::array timeline;
  for (const auto& e : detail->timeline) timeline.push_back(EventJson(e, detail->internal_visible));
  o["timeline"] = std::move(timeline);
  // Residents who said "me too" instead of filing a duplicate (the reporter not counted).
  if (d.supporters != nullptr) {
    auto supporters = d.supporters->CountSupporters(*id);
    if (!supporters.ok()) return ErrorResponse(supporters.error(), req);
    o["me_too_count"] = *supporters;
  }
  if (detail->internal_visible) {
    o["assignee_user_id"] = detail->workflow.assignee_user_id
                                ? json::value(*detail->workflow.assignee_user_id)
                                : json::value(nullptr);
    json::array orders;
    for (const auto& w : detail->work_orders) orders.push_back(WorkOrderJson(w));
    o["work_orders"] = std::move(orders);
  }
  return JsonResponse(200, o);
}

http::Response PostRequest(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto body = ParseBody(req);
  if (!body.ok()) return ErrorResponse(body.error(), req);
  SubmissionInput in;
  for (auto [key, out] : {std::pair<const char*, std::string*>{"service_code", &in.service_code},
                          {"description", &in.description},
                          {"address_string", &in.address_string},
                          {"email", &in.email},
                          {"phone", &in.phone},
                          {"first_name", &in.first_name},
                          {"last_name", &in.last_name},
                          {"media_url", &in.media_url},
                          {"locale", &in.locale}}) {  // the reporter's language: "es"
    auto v = GetString(*body, key);
    if (!v.ok()) return ErrorResponse(v.error(), req);
    if (*v) *out = **v;
  }
  // lat/long: JSON numbers or decimal strings. "lon" is the old name of long, read for one
  // release (docs/staff-api.md).
  for (auto [key, out] : {std::pair<const char*, std::string*>{"lat", &in.lat},
                          {"lon", &in.lon},
                          {"long", &in.lon}}) {
    auto v = GetCoordinate(*body, key);
    if (!v.ok()) return ErrorResponse(v.error(), req);
    if (*v) *out = **v;
  }
  auto channel = GetString(*body, "channel");
  if (!channel.ok()) return ErrorResponse(channel.error(), req);
  auto ch = ParseChannel(channel->value_or("phone"));
  if (!ch || *ch == Channel::kApi) {
    return ErrorResponse(
        Error::InvalidField("channel",
                            "must be phone, email, fax, tty, walk_in, web, app or internal"),
        req);
  }
  in.channel = *ch;
  if (auto it = body->find("attributes"); it != body->end() && it->value().is_object()) {
    for (const auto& [k, v] : it->value().as_object())
      if (v.is_string()) in.attributes.emplace_back(std::string(k), std::string(v.as_string()));
  }
  auto internal_for = GetString(*body, "internal_for");
  if (!internal_for.ok()) return ErrorResponse(internal_for.error(), req);
  auto created = d.workflow->CreateRequest(*actor, in, *internal_for);
  if (!created.ok()) return ErrorResponse(created.error(), req);
  http::Response res = JsonResponse(201, RequestJson(*created, false));
  res.SetHeader("Location", "/api/v1/requests/" + std::to_string(created->id));
  return res;
}

http::Response PostAction(const StaffApiDeps& d, const http::Request& req) {
  auto actor = SignedIn(d, req);
  if (!actor.ok()) return ErrorResponse(actor.error(), req);
  auto id = PathId(req.path_params.at(0));
  if (!id) return ErrorResponse(Error::NotFound("no such service request"), req);
  auto body = ParseBody(req);
  if (!body.ok()) return ErrorResponse(body.error(), req);
  auto in = ActionFromJson(*body);
  if (!in.ok()) return ErrorResponse(in.error(), req);
  auto done = d.workflow->Act(*actor, *id, *in);
  if (!done.ok()) return ErrorResponse(done.error(), req);
  return JsonResponse(200, RequestJson(*done, false));
}

}  // namespace civic311::staff_api
