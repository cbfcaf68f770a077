#include "adapters/staff_api/json_io.hpp"

#include <charconv>
#include <cmath>
#include <tuple>

#include "base/time_format.hpp"
#include "http/api/status.hpp"

namespace civic311::staff_api {
namespace json = boost::json;

int HttpStatusOf(const Error& e) { return http::StatusForError(e.code); }

namespace {

// Numbers as plain decimals ("42.35", never Boost.JSON's "4.235E1"): the shortest text that reads
// back as the same double, written without an exponent.
void AppendNumber(std::string& out, double d) {
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  if (std::string_view(buf, r.ptr - buf).find_first_of("eE") != std::string_view::npos)
    r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  out.append(buf, r.ptr);
}

// json::serialize, except for doubles (above). Non-finite numbers never get here: the API
// refuses them on input and stores none.
void Serialize(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& member : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string_view(member.key()));
        out += ':';
        Serialize(out, member.value());
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out += ',';
        first = false;
        Serialize(out, item);
      }
      out += ']';
      return;
    }
    case json::kind::double_:
      AppendNumber(out, v.get_double());
      return;
    default:
      out += json::serialize(v);
  }
}

}  // namespace

std::string SerializeJson(const json::value& v) {
  std::string out;
  Serialize(out, v);
  return out;
}

http::Response JsonResponse(int status, const json::value& v) {
  http::Response res;
  res.status = status;
  res.body = SerializeJson(v);
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

http::Response TransportErrorResponse(int status, const std::string& message,
                                      const http::Request& req) {
  json::object err{{"message", message}};
  if (!req.request_id.empty()) err["request_id"] = req.request_id;
  return JsonResponse(status, json::object{{"error", std::move(err)}});
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
  if (e.retry_after_seconds > 0) {
    res.SetHeader("Retry-After", std::to_string(e.retry_after_seconds));
  }
  return res;
}

std::optional<http::Response> RequireJsonBody(const http::Request& req) {
  if (req.content_type == "application/json") return std::nullopt;
  http::Response res = ErrorResponse(
      Error::InvalidArgument("the body must be JSON, sent with Content-Type: application/json"),
      req);
  res.status = 415;
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

Result<std::optional<std::string>> GetCoordinate(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>();
  const json::value& v = it->value();
  if (v.is_string()) return std::optional<std::string>(std::string(v.as_string()));
  if (!v.is_number()) {
    return Error::InvalidField(std::string(key), "must be a number (or a decimal string)");
  }
  std::string text;
  if (v.is_double()) {
    if (!std::isfinite(v.get_double()))
      return Error::InvalidField(std::string(key), "must be finite");
    AppendNumber(text, v.get_double());
  } else {
    text = json::serialize(v);  // an integer
  }
  return std::optional<std::string>(std::move(text));
}

Result<std::optional<std::int64_t>> GetInt(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::int64_t>();
  if (!it->value().is_int64()) return Error::InvalidField(std::string(key), "must be an integer");
  return std::optional<std::int64_t>(it->value().as_int64());
}

Result<Credentials> CredentialsFrom(const http::Request& req) {
  auto body = ParseBody(req);
  if (!body.ok()) return std::move(body).error();
  Error bad = Error::InvalidArgument("email and password are required");
  Credentials out;
  for (auto [key, into, required] :
       {std::tuple<const char*, std::string*, bool>{"email", &out.email, true},
        {"password", &out.password, true},
        {"totp", &out.totp_code, false}}) {
    auto v = GetString(*body, key);
    if (!v.ok()) return std::move(v).error();
    if (*v) *into = std::move(**v);
    if (required && into->empty()) bad.fields.push_back({key, "is required"});
  }
  if (!bad.fields.empty()) return bad;
  out.client_ip = req.client_ip;
  return out;
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
  json::object o{{"service_request_id", r.id},
                 {"id", r.id},  // the old name, kept for one release (docs/staff-api.md)
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
  o["long"] = r.lon ? json::value(*r.lon) : json::value(nullptr);
  o["parent_id"] = r.parent_id ? json::value(*r.parent_id) : json::value(nullptr);
  if (with_contact) {
    o["contact"] = json::object{{"email", r.contact.email},
                                {"phone", r.contact.phone},
                                {"first_name", r.contact.first_name},
                                {"last_name", r.contact.last_name}};
  }
  return o;
}

json::object EventJson(const TimelineEvent& e, bool internal_fields) {
  json::object o{{"id", e.id},
                 {"at", FormatUtc(e.at)},
                 {"kind", e.kind},
                 {"state", StateName(e.state)},
                 {"text", e.text},
                 {"internal", e.internal},
                 {"media_url", e.media_url}};
  if (internal_fields) {
    boost::system::error_code ec;
    json::value data = json::parse(e.data.empty() ? "{}" : e.data, ec);
    if (ec) data = json::object();
    o["actor_user_id"] = e.actor_user_id;
    o["data"] = std::move(data);
  }
  return o;
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
                 {"updated_at", FormatUtc(w.updated_at)},
                 {"version", w.version}};
  o["request_id"] = w.request_id ? json::value(*w.request_id) : json::value(nullptr);
  o["crew_id"] = w.crew_id ? json::value(*w.crew_id) : json::value(nullptr);
  o["assignee_user_id"] =
      w.assignee_user_id ? json::value(*w.assignee_user_id) : json::value(nullptr);
  return o;
}

Result<WorkOrderPatch> WorkOrderPatchFromJson(const json::object& o) {
  WorkOrderPatch p;
  for (auto [key, out] : {std::pair<const char*, std::optional<std::string>*>{"crew", &p.crew},
                          {"materials", &p.materials},
                          {"completion_note", &p.completion_note}}) {
    auto v = GetString(o, key);
    if (!v.ok()) return std::move(v).error();
    if (o.contains(key)) *out = v->value_or("");
  }
  if (o.contains("assignee_user_id")) {
    auto assignee = GetInt(o, "assignee_user_id");
    if (!assignee.ok()) return std::move(assignee).error();
    p.assignee_user_id = *assignee;
  }
  if (o.contains("crew_id")) {
    auto crew = GetInt(o, "crew_id");
    if (!crew.ok()) return std::move(crew).error();
    p.crew_id = *crew;
  }
  if (o.contains("version")) {  // PUT / PATCH: the version read (409 when stale)
    auto version = GetInt(o, "version");
    if (!version.ok()) return std::move(version).error();
    if (!*version || **version < 1) return Error::InvalidField("version", "must be at least 1");
    p.version = **version;
  }
  if (o.contains("cost_cents")) {
    auto cost = GetInt(o, "cost_cents");
    if (!cost.ok()) return std::move(cost).error();
    p.cost_cents = cost->value_or(0);
  }
  if (auto it = o.find("labour_hours"); it != o.end()) {
    double hours = 0;
    if (!it->value().is_null()) {
      if (!it->value().is_number()) return Error::InvalidField("labour_hours", "must be a number");
      hours = it->value().to_number<double>();
      // 1e309 parses as infinity, which JSON cannot carry back out.
      if (!std::isfinite(hours)) return Error::InvalidField("labour_hours", "must be finite");
    }
    p.labour_hours = hours;
  }
  if (auto it = o.find("done"); it != o.end()) {
    if (!it->value().is_bool()) return Error::InvalidField("done", "must be true or false");
    p.done = it->value().as_bool();
  }
  if (o.contains("scheduled_for")) {
    auto scheduled = GetString(o, "scheduled_for");
    if (!scheduled.ok()) return std::move(scheduled).error();
    std::optional<Timestamp> at;
    if (*scheduled) {
      auto t = ParseW3cDatetime(**scheduled);
      if (!t) return Error::InvalidField("scheduled_for", "must be a W3C date-time");
      at = *t;
    }
    p.scheduled_for = at;
  }
  if (auto it = o.find("tasks"); it != o.end()) {
    if (!it->value().is_array()) return Error::InvalidField("tasks", "must be an array");
    std::vector<WorkTask> tasks;
    const auto bad = [] {
      return Error::InvalidField("tasks", "each task is {\"text\": \"…\", \"done\": true|false}");
    };
    for (const auto& t : it->value().as_array()) {
      if (!t.is_object()) return bad();
      const json::object& task = t.as_object();
      auto text = task.find("text");
      if (text == task.end() || !text->value().is_string()) return bad();
      WorkTask out{std::string(text->value().as_string()), false};
      if (auto d = task.find("done"); d != task.end()) {
        if (!d->value().is_bool()) return bad();
        out.done = d->value().as_bool();
      }
      tasks.push_back(std::move(out));
    }
    p.tasks = std::move(tasks);
  }
  return p;
}

Result<WorkOrder> WorkOrderFromJson(const json::object& o) {
  auto patch = WorkOrderPatchFromJson(o);
  if (!patch.ok()) return std::move(patch).error();
  WorkOrder w;
  patch->ApplyTo(w);
  auto department = GetString(o, "department_code");
  if (!department.ok()) return std::move(department).error();
  w.department_code = department->value_or("");
  return w;
}

Result<ActionInput> ActionFromJson(const json::object& o) {
  auto name = GetString(o, "action");
  if (!name.ok()) return std::move(name).error();
  if (!*name) return Error::InvalidField("action", "is required");
  auto version = GetInt(o, "version");
  if (!version.ok()) return std::move(version).error();
  if (!*version) return Error::InvalidField("version", "is required (the version you read)");
  ActionInput in;
  in.version = **version;
  const std::string& a = **name;
  if (a == "note") {
    // Privacy depends on this flag, so it fails closed: only "internal": false publishes the
    // note; a missing flag keeps it internal, and anything but a boolean is refused.
    bool internal = true;
    if (auto it = o.find("internal"); it != o.end()) {
      if (!it->value().is_bool()) return Error::InvalidField("internal", "must be true or false");
      internal = it->value().as_bool();
    }
    in.action = internal ? Action::kInternalNote : Action::kNote;
  } else if (a == "mark_duplicate") {
    in.action = Action::kCloseDuplicate;
  } else if (a == "set_state") {
    auto state = GetString(o, "state");
    if (!state.ok()) return std::move(state).error();
    auto s = *state ? ParseState(**state) : std::nullopt;
    auto act = s ? ActionForState(*s) : std::nullopt;
    if (!act) return Error::InvalidField("state", "must be a state a request can move to");
    in.action = *act;
  } else if (auto parsed = ParseAction(a)) {
    in.action = *parsed;
  } else {
    return Error::InvalidField("action", "unknown action '" + a + "'");
  }
  for (auto [key, out] : {std::pair<const char*, std::string*>{"text", &in.text},
                          {"media_url", &in.media_url},
                          {"department_code", &in.department_code},
                          {"template", &in.template_id}}) {
    auto v = GetString(o, key);
    if (!v.ok()) return std::move(v).error();
    if (*v) *out = **v;
  }
  auto assignee = GetInt(o, "assignee_user_id");
  if (!assignee.ok()) return std::move(assignee).error();
  in.assignee_user_id = *assignee;
  auto parent = GetInt(o, "parent_id");
  if (!parent.ok()) return std::move(parent).error();
  in.parent_id = *parent;
  return in;
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
