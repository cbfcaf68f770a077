#include "adapters/staff_api/json_io.hpp"

#include <charconv>

#include "base/time_format.hpp"
#include "http/api/status.hpp"

namespace civic311::staff_api {
namespace json = boost::json;

int HttpStatusOf(const Error& e) { return http::StatusForError(e.code); }

http::Response JsonResponse(int status, const json::value& v) {
  http::Response res;
  res.status = status;
  res.body = json::serialize(v);
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

http::Response ErrorResponse(const Error& e, const http::Request& req) {
  json::object err{{"message", e.message}};
  if (!e.fields.empty()) {
    json::array fields;
    for (const auto& f : e.fields)
      fields.push_back(json::object{{"field", f.field}, {"message", f.message}});
    err["fields"] = std::move(fields);
  }
  if (!req.request_id.empty()) err["request_id"] = req.request_id;
  http::Response res = JsonResponse(HttpStatusOf(e), json::object{{"error", std::move(err)}});
  if (res.status == 401) res.SetHeader("WWW-Authenticate", "Bearer");
  return res;
}

Result<json::object> ParseBody(const http::Request& req) {
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec || !v.is_object()) return Error::InvalidArgument("the body must be a JSON object");
  return std::move(v.as_object());
}

Result<std::optional<std::string>> GetString(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>();
  if (!it->value().is_string()) return Error::InvalidField(std::string(key), "must be a string");
  return std::optional<std::string>(std::string(it->value().as_string()));
}

Result<std::optional<std::int64_t>> GetInt(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::int64_t>();
  if (!it->value().is_int64()) return Error::InvalidField(std::string(key), "must be an integer");
  return std::optional<std::int64_t>(it->value().as_int64());
}

std::string_view BearerToken(const http::Request& req) {
  std::string_view h = req.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (h.size() <= kBearer.size() || h.substr(0, kBearer.size()) != kBearer) return {};
  return h.substr(kBearer.size());
}

std::optional<std::int64_t> PathId(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || end != s.data() + s.size() || id < 1) return std::nullopt;
  return id;
}

namespace {
json::value Time(const std::optional<Timestamp>& t) {
  return t ? json::value(FormatUtc(*t)) : json::value(nullptr);
}
}  // namespace

json::object RequestJson(const ServiceRequest& r, bool with_contact) {
  json::object o{{"id", r.id},
                 {"version", r.version},
                 {"service_code", r.service_code},
                 {"service_name", r.service_name},
                 {"state", StateName(r.state)},
                 {"status", Open311Status(r.state)},
                 {"description", r.description},
                 {"address", r.address},
                 {"department_code", r.department_code},
                 {"status_notes", r.status_notes},
                 {"channel", ChannelName(r.channel)},
                 {"emergency", r.emergency},
                 {"internal", r.internal},
                 {"media_url", r.media_url},
                 {"requested_at", FormatUtc(r.requested_at)},
                 {"updated_at", FormatUtc(r.updated_at)},
                 {"expected_at", Time(r.expected_at)}};
  o["lat"] = r.lat ? json::value(*r.lat) : json::value(nullptr);
  o["lon"] = r.lon ? json::value(*r.lon) : json::value(nullptr);
  o["parent_id"] = r.parent_id ? json::value(*r.parent_id) : json::value(nullptr);
  if (with_contact) {
    o["contact"] = json::object{{"email", r.contact.email},
                                {"phone", r.contact.phone},
                                {"first_name", r.contact.first_name},
                                {"last_name", r.contact.last_name}};
  }
  return o;
}

json::object EventJson(const TimelineEvent& e) {
  boost::system::error_code ec;
  json::value data = json::parse(e.data.empty() ? "{}" : e.data, ec);
  if (ec) data = json::object();
  return json::object{{"id", e.id},
                      {"at", FormatUtc(e.at)},
                      {"actor_user_id", e.actor_user_id},
                      {"kind", e.kind},
                      {"state", StateName(e.state)},
                      {"text", e.text},
                      {"internal", e.internal},
                      {"media_url", e.media_url},
                      {"data", std::move(data)}};
}

json::object WorkOrderJson(const WorkOrder& w) {
  json::array tasks;
  for (const auto& t : w.tasks) tasks.push_back(json::object{{"text", t.text}, {"done", t.done}});
  json::object o{{"id", w.id},
                 {"department_code", w.department_code},
                 {"crew", w.crew},
                 {"tasks", std::move(tasks)},
                 {"scheduled_for", Time(w.scheduled_for)},
                 {"labour_hours", w.labour_hours},
                 {"materials", w.materials},
                 {"cost_cents", w.cost_cents},
                 {"completion_note", w.completion_note},
                 {"done", w.done},
                 {"created_at", FormatUtc(w.created_at)},
                 {"updated_at", FormatUtc(w.updated_at)}};
  o["request_id"] = w.request_id ? json::value(*w.request_id) : json::value(nullptr);
  o["assignee_user_id"] =
      w.assignee_user_id ? json::value(*w.assignee_user_id) : json::value(nullptr);
  return o;
}

Result<WorkOrder> WorkOrderFromJson(const json::object& o) {
  WorkOrder w;
  auto text = [&](std::string_view key, std::string& out) -> Status {
    auto v = GetString(o, key);
    if (!v.ok()) return std::move(v).error();
    if (*v) out = **v;
    return OkStatus();
  };
  C311_TRY(text("department_code", w.department_code));
  C311_TRY(text("crew", w.crew));
  C311_TRY(text("materials", w.materials));
  C311_TRY(text("completion_note", w.completion_note));
  auto assignee = GetInt(o, "assignee_user_id");
  if (!assignee.ok()) return std::move(assignee).error();
  w.assignee_user_id = *assignee;
  auto cost = GetInt(o, "cost_cents");
  if (!cost.ok()) return std::move(cost).error();
  w.cost_cents = cost->value_or(0);
  if (auto it = o.find("labour_hours"); it != o.end() && !it->value().is_null()) {
    if (!it->value().is_number()) return Error::InvalidField("labour_hours", "must be a number");
    w.labour_hours = it->value().to_number<double>();
  }
  if (auto it = o.find("done"); it != o.end()) {
    if (!it->value().is_bool()) return Error::InvalidField("done", "must be true or false");
    w.done = it->value().as_bool();
  }
  auto scheduled = GetString(o, "scheduled_for");
  if (!scheduled.ok()) return std::move(scheduled).error();
  if (*scheduled) {
    auto t = ParseW3cDatetime(**scheduled);
    if (!t) return Error::InvalidField("scheduled_for", "must be a W3C date-time");
    w.scheduled_for = *t;
  }
  if (auto it = o.find("tasks"); it != o.end()) {
    if (!it->value().is_array()) return Error::InvalidField("tasks", "must be an array");
    for (const auto& t : it->value().as_array()) {
      if (!t.is_object() || !t.as_object().contains("text") ||
          !t.as_object().at("text").is_string())
        return Error::InvalidField("tasks", "each task is {\"text\": …, \"done\": …}");
      WorkTask task{std::string(t.as_object().at("text").as_string()), false};
      if (auto d = t.as_object().find("done"); d != t.as_object().end() && d->value().is_bool())
        task.done = d->value().as_bool();
      w.tasks.push_back(std::move(task));
    }
  }
  return w;
}

json::object UserJson(const User& u) {
  json::array departments;
  for (const auto& d : u.departments) departments.emplace_back(d);
  return json::object{{"id", u.id},
                      {"email", u.email},
                      {"display_name", u.display_name},
                      {"role", RoleName(u.role)},
                      {"departments", std::move(departments)},
                      {"hide_name", u.hide_name},
                      {"created_at", FormatUtc(u.created_at)}};
}

}  // namespace civic311::staff_api
